import { BatchState, collections, stockLevelId, type CollectionName, type StockLevel, type Store } from '../../src/domain/index.js';
import type { StoredDocument, StoreReads } from '../store/store.js';
import type { LoadPlan } from './policy.js';

/**
 * Reads what a batch's plans name into one BatchState: one query per collection, one per lookup key and one for
 * the stock levels, whatever the number of facts (plans of several kinds are merged first).
 */
export async function loadBatchState(tx: StoreReads, store: Store, plans: readonly LoadPlan[]): Promise<BatchState> {
  const state = new BatchState(store);
  const documents = new Map<CollectionName, Set<string>>();
  const keys = new Map<string, { collection: CollectionName; key: string; values: Set<string> }>();
  const levels = new Set<string>();
  for (const plan of plans) {
    for (const [collection, ids] of entries(plan.documents)) add(documents, collection, ids);
    for (const [collection, byKey] of entries(plan.keys)) {
      for (const [key, values] of Object.entries(byKey)) {
        const id = `${collection}\u0000${key}`;
        if (!keys.has(id)) keys.set(id, { collection, key, values: new Set() });
        for (const v of values) keys.get(id)!.values.add(v);
      }
    }
    for (const { storeId, sku } of plan.levels ?? []) levels.add(stockLevelId(storeId, sku));
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
  return state;
}

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
