import {
  BatchState,
  collections,
  readProofOfPurchase,
  splitProof,
  stockLevelId,
  type CollectionName,
  type ProofKey,
  type ProofSummary,
  type StockLevel,
  type Store,
} from '../../src/domain/index.js';
import { priceHistories } from '../catalog/price-history.js';
import { replacedStores } from '../catalog/store-history.js';
import type { StoredDocument, StoreTx } from '../store/store.js';
import type { LoadPlan } from './policy.js';

/**
 * Reads what a batch's plans name into one BatchState: one query per collection, one per lookup key, one for the
 * stock levels, one for the price histories and one for the store's replaced settings, whatever the number of facts
 * (plans of several kinds are merged first; the widest history window wins). `now` is where history windows end.
 */
export async function loadBatchState(tx: StoreTx, store: Store, plans: readonly LoadPlan[], now: Date): Promise<BatchState> {
  const state = new BatchState(store);
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

  for (const [collection, ids] of documents) {
    const wanted = [...ids];
    state.loadDocuments(collection, wanted, live(await tx.getDocuments(collection, wanted)));
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
    state.loadPrices(wanted, await priceHistories(tx.sql, wanted, before(now, pricesWithinMs)));
  }
  if (storeWithinMs !== undefined) state.loadReplacedStores(await replacedStores(tx.sql, store.id, before(now, storeWithinMs)));
  if (proofs.size > 0) state.loadProofs(await verifyProofs(tx, [...proofs], now));
  return state;
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
