import type { SkuStock, StyleStock } from '../../domain/stock/availability.js';
import type { VitrineDatabase } from './database.js';
import { getApi, isNetworkUnreachable, type FetchLike } from './http.js';
import { savedAnswers, type SavedAnswer } from './saved-answers.js';

/**
 * "Other stores": a product's stock in every store of the chain (GET /api/stock/{sku} or ?style=), saved on the
 * device so that, with the connection down, the till still shows the last answer with its age. Availability only:
 * nothing about a customer is kept, so answers may stay a week.
 */
export const OTHER_STORES_KEEP_MS = 7 * 24 * 60 * 60 * 1000;
/** Saved answers at most; the oldest go first (a style's answer of 300 stores is a few tens of kB). */
export const OTHER_STORES_KEEP_MAX = 60;

export type StockTarget = { sku: string } | { style: string };

type SavedStock = SavedAnswer<SkuStock | StyleStock>;
const saved = (db: VitrineDatabase) =>
  savedAnswers<SkuStock | StyleStock>(db, 'other-stores', { keepMs: OTHER_STORES_KEEP_MS, keepMax: OTHER_STORES_KEEP_MAX });

export interface OtherStoresAnswer<A extends SkuStock | StyleStock = SkuStock | StyleStock> {
  answer: A;
  /** 'server': answered now; 'saved': the server could not be reached and this is what it said at `fetchedAt`. */
  source: 'server' | 'saved';
  fetchedAt: number;
}

export interface OtherStoresOptions {
  baseUrl: string;
  token: string;
  fetch?: FetchLike;
  now?: () => number;
}

const keyOf = (target: StockTarget) => ('sku' in target ? `sku:${target.sku}` : `style:${target.style}`);
const pathOf = (target: StockTarget) =>
  'sku' in target ? `/api/stock/${encodeURIComponent(target.sku)}` : `/api/stock?${new URLSearchParams({ style: target.style })}`;

export function lookupOtherStores(db: VitrineDatabase, target: { sku: string }, options: OtherStoresOptions): Promise<OtherStoresAnswer<SkuStock>>;
export function lookupOtherStores(
  db: VitrineDatabase,
  target: { style: string },
  options: OtherStoresOptions,
): Promise<OtherStoresAnswer<StyleStock>>;
/**
 * Asks the server and saves its answer. When the server cannot be reached, answers the saved one (for a SKU, also
 * the SKU's part of a saved answer for its whole style), marked 'saved'; with nothing saved it throws the network
 * error, so the screen says it needs the network. Other errors (unknown SKU) are the server's, as they are.
 */
export async function lookupOtherStores(db: VitrineDatabase, target: StockTarget, options: OtherStoresOptions): Promise<OtherStoresAnswer> {
  const now = (options.now ?? Date.now)();
  try {
    const answer = await getApi<SkuStock | StyleStock>({
      baseUrl: options.baseUrl,
      token: options.token,
      path: pathOf(target),
      fetch: options.fetch,
    });
    await saved(db).save(keyOf(target), { answer, fetchedAt: now }, now);
    return { answer, source: 'server', fetchedAt: now };
  } catch (error) {
    if (!isNetworkUnreachable(error)) throw error;
    const answers = await saved(db).read(now);
    const found = answers[keyOf(target)] ?? ('sku' in target ? fromSavedStyle(answers, target.sku) : undefined);
    if (!found) throw error;
    return { ...found, source: 'saved' };
  }
}

function fromSavedStyle(answers: Record<string, SavedStock>, sku: string): SavedStock | undefined {
  let newest: SavedStock | undefined;
  for (const s of Object.values(answers)) {
    if (!('skus' in s.answer)) continue;
    const part = s.answer.skus.find((x) => x.sku === sku);
    if (part && (!newest || s.fetchedAt > newest.fetchedAt)) newest = { answer: part, fetchedAt: s.fetchedAt };
  }
  return newest;
}
