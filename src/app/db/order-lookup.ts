import { lookupKeyOf, orderLookupKey, type OrderLookupQuery, type OrderSummary } from '../../domain/index.js';
import type { VitrineDatabase } from './database.js';
import { getApi, isNetworkUnreachable, type FetchLike } from './http.js';

/** How long a device keeps what it looked up, for a customer who comes back while the connection is down. */
export const ORDER_LOOKUP_KEEP_MS = 24 * 60 * 60 * 1000;

/** One RxDB local document (not a collection: the device's collection budget is for replicated data). */
const KEY = 'order-lookups';

interface SavedLookup {
  orders: OrderSummary[];
  /** Device time of the answer; only ever compared with the same device's clock, to expire the entry. */
  fetchedAt: number;
}
type SavedLookups = Record<string, SavedLookup>;

export interface OrderLookupAnswer {
  orders: OrderSummary[];
  /** 'server': answered now; 'saved': the connection is down and this device looked the same thing up earlier. */
  source: 'server' | 'saved';
  fetchedAt: number;
}

export interface OrderLookupOptions {
  baseUrl: string;
  token: string;
  fetch?: FetchLike;
  now?: () => number;
}

/**
 * Finds orders of the chain by number, email or phone through the server (any store's orders, for a return), and
 * saves the answer on the device for 24 hours. When the server cannot be reached, answers the same lookup saved
 * earlier (or, for a number, any saved order with that number); with nothing saved it throws the network error,
 * so the screen says "check the connection". Other errors (rate limit, bad input) are the server's, as they are.
 */
export async function lookupOrders(db: VitrineDatabase, query: OrderLookupQuery, options: OrderLookupOptions): Promise<OrderLookupAnswer> {
  const now = (options.now ?? Date.now)();
  const [keyName, value] = lookupKeyOf(query);
  const savedKey = `${keyName}:${orderLookupKey[keyName](value)}`;
  try {
    const { orders } = await getApi<{ orders: OrderSummary[] }>({
      baseUrl: options.baseUrl,
      token: options.token,
      path: `/api/lookup/orders?${new URLSearchParams({ [keyName]: value })}`,
      fetch: options.fetch,
    });
    await save(db, savedKey, { orders, fetchedAt: now }, now);
    return { orders, source: 'server', fetchedAt: now };
  } catch (error) {
    if (!isNetworkUnreachable(error)) throw error;
    const saved = fresh(await readSaved(db), now);
    const answer = saved[savedKey] ?? (keyName === 'number' ? byNumber(saved, orderLookupKey.number(value)) : undefined);
    if (!answer) throw error;
    return { ...answer, source: 'saved' };
  }
}

async function readSaved(db: VitrineDatabase): Promise<SavedLookups> {
  const doc = await db.getLocal<{ lookups: SavedLookups }>(KEY);
  return doc ? ((doc.toJSON().data as { lookups: SavedLookups }).lookups ?? {}) : {};
}

/** Adds an answer and drops the expired ones, so nothing about a customer stays on the device past a day. */
async function save(db: VitrineDatabase, key: string, lookup: SavedLookup, now: number): Promise<void> {
  const lookups = { ...fresh(await readSaved(db), now), [key]: lookup };
  await db.upsertLocal(KEY, { lookups });
}

/** A clock set backwards makes an entry look older than a day, never younger: it expires rather than lingers. */
function fresh(lookups: SavedLookups, now: number): SavedLookups {
  return Object.fromEntries(Object.entries(lookups).filter(([, l]) => now - l.fetchedAt >= 0 && now - l.fetchedAt < ORDER_LOOKUP_KEEP_MS));
}

function byNumber(lookups: SavedLookups, number: string): SavedLookup | undefined {
  for (const l of Object.values(lookups)) {
    const orders = l.orders.filter((o) => orderLookupKey.number(o.number) === number);
    if (orders.length > 0) return { orders, fetchedAt: l.fetchedAt };
  }
  return undefined;
}
