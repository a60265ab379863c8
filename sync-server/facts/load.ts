import {
  BatchState,
  collections,
  readProofOfPurchase,
  splitProof,
  stockLevelId,
  type CollectionName,
  type PriceRecord,
  type ProofKey,
  type ProofSummary,
  type ReplacedStore,
  type StockLevel,
  type Store,
} from '../../src/domain/index.js';
import { priceHistories } from '../catalog/price-history.js';
import { replacedStores } from '../catalog/store-history.js';
import type { CatalogQuery, CatalogRead, StoredDocument, StoreReads, StoreSql, StoreTx } from '../store/store.js';
import type { LoadPlan } from './policy.js';

/**
 * The collections read before the write transaction (`prefetchCatalog`): the catalog, the promotions and the staff,
 * which their own routes write (catalog/products.ts, catalog/promotions.ts, routes/staff.ts), reading nothing a fact
 * writes, and which no fact's effects ever write (applyFacts refuses an effect that would).
 */
export const CATALOG_COLLECTIONS: ReadonlySet<CollectionName> = new Set<CollectionName>(['products', 'promotions', 'staff']);

/**
 * What a batch reads of the catalog (CATALOG_COLLECTIONS) and its store's settings, read before its write
 * transaction: the products, promotions and staff its facts name, the products' price histories, the store's settings
 * and their replaced versions. Inside the transaction every read runs under the chain-wide seq lock, one round trip
 * each, and at a chain's peak those round trips are what the pushes of every instance queue behind; these are taken
 * out of it.
 *
 * Safe because nothing a fact writes is read by these reads' writers: the catalog, promotions, staff and store
 * settings are written by their own routes, which read no fact, stock level or customer, so deciding a push on them
 * as they were when the push arrived (instead of when it takes the lock, milliseconds to a few seconds later at a
 * peak) orders the push before a write of theirs that committed meanwhile, a serial order; and every check-then-write
 * of the facts (is this fact stored, levels, customers, credits, orders, the other facts of a shift or a return)
 * still reads under the lock. The price and settings history windows (days) start from the arrival instead of the
 * decision.
 */
export interface CatalogSnapshot {
  store: Store | undefined;
  /** Per catalog collection: the ids read, and the live documents found among them. */
  documents: ReadonlyMap<CollectionName, { ids: ReadonlySet<string>; found: readonly unknown[] }>;
  prices: { skus: ReadonlySet<string>; records: readonly PriceRecord[] } | undefined;
  replacedStores: { withinMs: number; replaced: readonly ReplacedStore[] } | undefined;
}

/**
 * Reads the catalog part of `plans` (committed data, outside any transaction): one statement where the store has
 * `readCatalog` (PostgreSQL), else four queries in two round trips.
 */
export async function prefetchCatalog(
  reads: StoreReads,
  sql: StoreSql,
  storeId: string,
  plans: readonly LoadPlan[],
  now: Date,
): Promise<CatalogSnapshot> {
  const wanted = merge(plans);
  const catalog = [...wanted.documents].filter(([collection]) => CATALOG_COLLECTIONS.has(collection));
  const query: CatalogQuery = {
    storeId,
    documents: catalog.map(([collection, ids]) => ({ collection, ids: [...ids] })),
    ...(wanted.priced.size > 0 && { prices: { skus: [...wanted.priced], since: before(now, wanted.pricesWithinMs) } }),
    ...(wanted.storeWithinMs !== undefined && { replacedSince: before(now, wanted.storeWithinMs) }),
  };
  const read = reads.readCatalog ? await reads.readCatalog(query) : await readCatalogApart(reads, sql, query);
  return {
    store: read.store,
    documents: new Map(
      catalog.map(([collection, ids]) => [collection, { ids, found: live(read.documents.filter((d) => d.collection === collection)) }] as const),
    ),
    prices: query.prices && { skus: wanted.priced, records: read.prices },
    replacedStores: wanted.storeWithinMs !== undefined ? { withinMs: wanted.storeWithinMs, replaced: read.replaced } : undefined,
  };
}

/** `readCatalog` for a store without it: the current documents first, then the histories (see below). */
async function readCatalogApart(reads: StoreReads, sql: StoreSql, query: CatalogQuery): Promise<CatalogRead> {
  // Every catalog collection in one query: outside the lock, but each query is CPU on a busy instance and database.
  const [store, documents] = await Promise.all([reads.getStore(query.storeId), reads.getDocumentsOf(query.documents)]);
  // The histories after the current documents: a write committing in between adds to the history what replaced the
  // document read, never the reverse (a current price or setting missing from both). One statement reads all from
  // one snapshot instead.
  const [prices, replaced] = await Promise.all([
    query.prices ? priceHistories(sql, query.prices.skus, query.prices.since) : [],
    query.replacedSince !== undefined ? replacedStores(sql, query.storeId, query.replacedSince) : [],
  ]);
  return { store, documents, prices, replaced };
}

/**
 * Reads what a batch's plans name into one BatchState: one query per collection, one per lookup key, one for the
 * stock levels, one for the price histories and one for the store's replaced settings, whatever the number of facts
 * (plans of several kinds are merged first; the widest history window wins). `now` is where history windows end.
 */
export async function loadBatchState(
  tx: StoreTx,
  store: Store,
  plans: readonly LoadPlan[],
  now: Date,
  catalog?: CatalogSnapshot,
): Promise<BatchState> {
  const state = new BatchState(store);
  const { documents, keys, levels, priced, pricesWithinMs, storeWithinMs, proofs } = merge(plans);

  for (const [collection, ids] of documents) {
    const wanted = [...ids];
    const prefetched = catalog?.documents.get(collection);
    if (prefetched && wanted.every((id) => prefetched.ids.has(id))) state.loadDocuments(collection, wanted, prefetched.found);
    else state.loadDocuments(collection, wanted, live(await tx.getDocuments(collection, wanted)));
  }
  for (const { collection, key, values } of keys.values()) {
    const wanted = [...values];
    state.loadKeys(collection, key, wanted, live(await tx.findByKeys(collection, key, wanted)));
  }
  if (levels.size > 0) {
    const wanted = [...levels];
    state.loadLevels(wanted, live(await tx.getDocuments('stock', wanted)) as StockLevel[]);
  }
  if (priced.size > 0) {
    const wanted = [...priced];
    const prefetched = catalog?.prices;
    if (prefetched && wanted.every((sku) => prefetched.skus.has(sku))) state.loadPrices(wanted, prefetched.records);
    else state.loadPrices(wanted, await priceHistories(tx.sql, wanted, before(now, pricesWithinMs)));
  }
  if (storeWithinMs !== undefined) {
    const prefetched = catalog?.replacedStores;
    if (prefetched && prefetched.withinMs >= storeWithinMs) state.loadReplacedStores(prefetched.replaced);
    else state.loadReplacedStores(await replacedStores(tx.sql, store.id, before(now, storeWithinMs)));
  }
  if (proofs.size > 0) state.loadProofs(await verifyProofs(tx, [...proofs], now));
  return state;
}

/** The plans of several kinds merged: each collection, key and history once, the widest history window. */
function merge(plans: readonly LoadPlan[]) {
  const documents = new Map<CollectionName, Set<string>>();
  const keys = new Map<string, { collection: CollectionName; key: string; values: Set<string> }>();
  const levels = new Set<string>();
  const priced = new Set<string>();
  let pricesWithinMs = 0;
  let storeWithinMs: number | undefined;
  const proofs = new Set<string>();
  for (const plan of plans) {
    for (const text of plan.proofs ?? []) proofs.add(text);
    for (const [collection, ids] of entries(plan.documents)) add(documents, collection, ids);
    for (const [collection, byKey] of entries(plan.keys)) {
      for (const [key, values] of Object.entries(byKey)) {
        const id = `${collection}\u0000${key}`;
        if (!keys.has(id)) keys.set(id, { collection, key, values: new Set() });
        for (const v of values) keys.get(id)!.values.add(v);
      }
    }
    for (const { storeId, sku } of plan.levels ?? []) levels.add(stockLevelId(storeId, sku));
    for (const sku of plan.prices?.skus ?? []) priced.add(sku);
    pricesWithinMs = Math.max(pricesWithinMs, plan.prices?.withinMs ?? 0);
    if (plan.replacedStores) storeWithinMs = Math.max(storeWithinMs ?? 0, plan.replacedStores.withinMs);
  }
  return { documents, keys, levels, priced, pricesWithinMs, storeWithinMs, proofs };
}

/** Each proof's summary when it verifies under the key it names (one read of those keys), null when it does not. */
async function verifyProofs(tx: StoreTx, texts: readonly string[], now: Date): Promise<Map<string, ProofSummary | null>> {
  const kids = [...new Set(texts.flatMap((t) => splitProof(t)?.kid ?? []))];
  const keys = live(await tx.getDocuments('keys', kids)) as ProofKey[];
  const found = new Map<string, ProofSummary | null>();
  for (const text of texts) {
    const reading = await readProofOfPurchase(text, keys, now);
    found.set(text, 'ok' in reading ? reading.summary : null);
  }
  return found;
}

const before = (now: Date, ms: number) => new Date(now.getTime() - ms).toISOString();

function add(map: Map<CollectionName, Set<string>>, collection: CollectionName, values: readonly string[]): void {
  if (values.length === 0) return;
  let set = map.get(collection);
  if (!set) {
    set = new Set();
    map.set(collection, set);
  }
  for (const v of values) set.add(v);
}

const entries = <V>(record: { readonly [N in CollectionName]?: V } | undefined) =>
  Object.entries(record ?? {}).filter(([name, v]) => v !== undefined && Object.hasOwn(collections, name)) as [CollectionName, V][];

const live = (docs: readonly StoredDocument[]): unknown[] => docs.filter((d) => !d.deleted).map((d) => JSON.parse(d.body));
