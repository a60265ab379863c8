import { CustomerPurchasesSchema, type CustomerPurchases } from '../../../domain/index.js';
import type { VitrineDatabase } from '../../db/database.js';
import { getApi, isNetworkUnreachable, type FetchLike } from '../../db/http.js';
import { savedAnswers, type SavedAnswer } from '../../db/saved-answers.js';

/**
 * A customer's purchases in the chain's other stores (GET /api/customers/{id}/purchases), for the 360° profile: asked
 * when the profile opens, saved on the device so that with the connection down the profile still shows the last
 * answer with its age. It names a customer, so it is kept 24 hours, like a customer looked up in the chain.
 */
export const PURCHASES_KEEP_MS = 24 * 60 * 60 * 1000;
/** Saved answers at most (a few hundred bytes each); the oldest go first. */
export const PURCHASES_KEEP_MAX = 200;
const saved = (db: VitrineDatabase) =>
  savedAnswers<CustomerPurchases>(db, 'customer-purchases', { keepMs: PURCHASES_KEEP_MS, keepMax: PURCHASES_KEEP_MAX });

export interface PurchasesAnswer extends SavedAnswer<CustomerPurchases> {
  /** 'server': answered now; 'saved': the server could not be reached and this is what it said at `fetchedAt`. */
  source: 'server' | 'saved';
}

export interface PurchasesOptions {
  baseUrl: string;
  token: string;
  fetch?: FetchLike;
  now?: () => number;
}

/**
 * Asks the server and saves its answer; when the server cannot be reached, answers the saved one (marked 'saved').
 * With nothing saved, or any other failure (an erased customer is 404), it throws: the profile says it does not know.
 */
export async function otherStorePurchases(db: VitrineDatabase, customerId: string, options: PurchasesOptions): Promise<PurchasesAnswer> {
  const now = (options.now ?? Date.now)();
  try {
    const answer = CustomerPurchasesSchema.parse(
      await getApi<unknown>({
        baseUrl: options.baseUrl,
        token: options.token,
        path: `/api/customers/${encodeURIComponent(customerId)}/purchases`,
        fetch: options.fetch,
      }),
    );
    await saved(db).save(customerId, { answer, fetchedAt: now }, now);
    return { answer, fetchedAt: now, source: 'server' };
  } catch (error) {
    if (!isNetworkUnreachable(error)) throw error;
    const found = (await saved(db).read(now))[customerId];
    if (!found) throw error;
    return { ...found, source: 'saved' };
  }
}
