import { normaliseReceiptNumber, type SaleSummary } from '../../../domain/index.js';
import type { VitrineDatabase } from '../../db/database.js';
import { getApi, isNetworkUnreachable, type FetchLike } from '../../db/http.js';
import { ORDER_LOOKUP_KEEP_MS } from '../../db/order-lookup.js';

/** One RxDB local document, like the order lookups: answers kept a day for a customer who comes back offline. */
const KEY = 'sale-lookups';

interface SavedSales {
  sales: SaleSummary[];
  /** Device time of the answer, only compared with the same device's clock. */
  fetchedAt: number;
}
type Saved = Record<string, SavedSales>;

export interface SaleLookupAnswer {
  sales: SaleSummary[];
  source: 'server' | 'saved';
  fetchedAt: number;
}

/** What a sale lookup asks by: the receipt number, or the customer's email or phone (as typed). */
export type SaleLookupBy = { receiptNumber: string } | { email: string } | { phone: string };

/** The saved answer's key: a receipt number as the server normalises it, an email in any case, a phone's digits. */
function keyOf(query: SaleLookupBy): string {
  if ('receiptNumber' in query) return normaliseReceiptNumber(query.receiptNumber);
  if ('email' in query) return `email:${query.email.trim().toLowerCase()}`;
  return `phone:${query.phone.replace(/\D/g, '')}`;
}

/**
 * Other stores' sales by receipt number, or a customer's by their email or phone, through the server (which records
 * that this store looked each up: the server takes back another store's sale only then), kept on the device for 24
 * hours. Offline, the same query asked earlier answers from the device; with nothing saved the network error is thrown.
 */
export async function lookupSales(
  db: VitrineDatabase,
  query: SaleLookupBy,
  options: { baseUrl: string; token: string; fetch?: FetchLike; now?: () => number },
): Promise<SaleLookupAnswer> {
  const now = (options.now ?? Date.now)();
  const key = keyOf(query);
  try {
    const { sales } = await getApi<{ sales: SaleSummary[] }>({
      baseUrl: options.baseUrl,
      token: options.token,
      path: `/api/lookup/sales?${new URLSearchParams(query as Record<string, string>)}`,
      fetch: options.fetch,
    });
    const saved = fresh(await readSaved(db), now);
    await db.upsertLocal(KEY, { lookups: { ...saved, [key]: { sales, fetchedAt: now } } });
    return { sales, source: 'server', fetchedAt: now };
  } catch (error) {
    if (!isNetworkUnreachable(error)) throw error;
    const answer = fresh(await readSaved(db), now)[key];
    if (!answer) throw error;
    return { ...answer, source: 'saved' };
  }
}

async function readSaved(db: VitrineDatabase): Promise<Saved> {
  const doc = await db.getLocal<{ lookups: Saved }>(KEY);
  return doc ? ((doc.toJSON().data as { lookups: Saved }).lookups ?? {}) : {};
}

/** A clock set backwards makes an entry look older, never younger: it expires rather than lingers. */
const fresh = (saved: Saved, now: number): Saved =>
  Object.fromEntries(Object.entries(saved).filter(([, s]) => now - s.fetchedAt >= 0 && now - s.fetchedAt < ORDER_LOOKUP_KEEP_MS));
