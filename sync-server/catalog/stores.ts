import { StoreSchema, type Store } from '../../src/domain/index.js';
import type { StoreTx, SyncStore } from '../store/store.js';
import { reachNewStore } from './promotions.js';
import { recordReplacedStore } from './store-history.js';

export interface SavedStore {
  store: Store;
  created: boolean;
  /** False when the settings were already these: nothing written, nothing replicated. */
  changed: boolean;
}

/**
 * Creates or replaces a store's settings: the server's own record (enrollment answers, policies) and the `stores`
 * document every device replicates, written together so they never disagree. The same settings again write nothing.
 * Replaced settings enter the store's history at `at` (sales rung up before the change are checked against them).
 */
export async function saveStore(tx: StoreTx, settings: Store, { at }: { at: string }): Promise<SavedStore> {
  const store = StoreSchema.parse(settings);
  const existing = await tx.getStore(store.id);
  const document = await tx.getDocument('stores', store.id);
  const sameSettings = existing !== undefined && sameJson(StoreSchema.parse(existing), store);
  if (sameSettings && document !== undefined && sameJson(StoreSchema.parse(JSON.parse(document.body)), store)) {
    return { store, created: false, changed: false };
  }
  if (existing !== undefined && !sameSettings) await recordReplacedStore(tx.sql, existing, at);
  await tx.upsertStore(store);
  await tx.putDocuments([{ collection: 'stores', id: store.id, storeId: '', body: store }]);
  // A new store's devices receive the chain-wide promotions too.
  if (existing === undefined) await reachNewStore(tx, store.id);
  return { store, created: existing === undefined, changed: true };
}

/**
 * Stores created before the `stores` collection existed have no document yet; this writes one for each, so every
 * device sees every store after an upgrade. Answers how many it wrote (0 once done).
 */
export async function publishUnpublishedStores(store: SyncStore, { at }: { at: string }): Promise<number> {
  return store.transaction(async (tx) => {
    let written = 0;
    for (const s of await tx.listStores()) {
      if (!(await tx.getDocument('stores', s.id))) written += (await saveStore(tx, s, { at })).changed ? 1 : 0;
    }
    return written;
  });
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
