import { CustomerPurchasesSchema, type CustomerPurchases } from '../../../domain/index.js';
import type { VitrineDatabase } from '../../db/database.js';
import { getApi, isNetworkUnreachable, type FetchLike } from '../../db/http.js';

/**
 * A customer's purchases in the chain's other stores (GET /api/customers/{id}/purchases), for the 360° profile: asked
 * when the profile opens, saved on the device so that with the connection down the profile still shows the last
 * answer with its age. It names a customer, so it is kept 24 hours, like a customer looked up in the chain.
 */
export const PURCHASES_KEEP_MS = 24 * 60 * 60 * 1000;
/** Saved answers at most (a few hundred bytes each); the oldest go first. */
export const PURCHASES_KEEP_MAX = 200;
/** One RxDB local document (no collection: the device's collection budget is for replicated data). */
const KEY = 'customer-purchases';

interface SavedAnswer {
  answer: CustomerPurchases;
  /** Device time of the answer, only compared with the same device's clock. */
  fetchedAt: number;
}
type SavedAnswers = Record<string, SavedAnswer>;

export interface PurchasesAnswer extends SavedAnswer {
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
    await save(db, customerId, { answer, fetchedAt: now }, now);
    return { answer, fetchedAt: now, source: 'server' };
  } catch (error) {
    if (!isNetworkUnreachable(error)) throw error;
    const found = fresh(await readSaved(db), now)[customerId];
    if (!found) throw error;
    return { ...found, source: 'saved' };
  }
}

async function readSaved(db: VitrineDatabase): Promise<SavedAnswers> {
  const doc = await db.getLocal<{ answers: SavedAnswers }>(KEY);
  return doc ? ((doc.toJSON().data as { answers: SavedAnswers }).answers ?? {}) : {};
}

async function save(db: VitrineDatabase, key: string, entry: SavedAnswer, now: number): Promise<void> {
  const kept = Object.entries(fresh(await readSaved(db), now))
    .filter(([k]) => k !== key)
    .sort(([, a], [, b]) => b.fetchedAt - a.fetchedAt)
    .slice(0, PURCHASES_KEEP_MAX - 1);
  await db.upsertLocal(KEY, { answers: { ...Object.fromEntries(kept), [key]: entry } });
}

/** A clock set backwards makes an entry look older, never younger: it expires rather than lingers. */
function fresh(answers: SavedAnswers, now: number): SavedAnswers {
  return Object.fromEntries(Object.entries(answers).filter(([, a]) => now - a.fetchedAt >= 0 && now - a.fetchedAt < PURCHASES_KEEP_MS));
}
