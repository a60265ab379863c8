import type { Observable } from 'rxjs';
import type { Product } from '../domain/index.js';
import type { VitrineDatabase } from './db/database.js';
import type { ProductSearchAnswer } from './db/product-search.js';
import type { SearchIndexState } from './db/product-search-index.js';
import type { SyncStatus } from './db/sync-status.js';
import type { VitrineReplication } from './db/replication.js';
import type { CollectionName } from '../domain/index.js';

/**
 * `window.__vitrine`: a small, read-mostly hook for end-to-end tests and the scan benchmark. It exposes nothing
 * the page could not already reach (the same-origin IndexedDB), holds no secrets beyond what the page has.
 *
 *   db                 the RxDB database
 *   lookupBarcode(c)   the selling screen's scan lookup (barcode index, then SKU) → Product | null
 *   getStatus()        the latest SyncStatus (what the SyncBar shows); status$ to observe it
 *   replication()      the running VitrineReplication in this tab, or null (not leader yet / not enrolled)
 *   searchProducts(t)  the selling screen's product search (set once the selling screen has opened)
 *   searchIndex()      its word index's state: building (products so far) or ready (with its build time)
 *   ready              resolves when the database is open
 */
export interface VitrineTestHook {
  db: VitrineDatabase;
  lookupBarcode(code: string): Promise<Product | null>;
  getStatus(): SyncStatus | null;
  status$: Observable<SyncStatus> | null;
  replication(): VitrineReplication | null;
  searchProducts?(text: string, options: { limit: number; category?: string | null }): Promise<ProductSearchAnswer>;
  searchIndex?(): SearchIndexState;
}

declare global {
  interface Window {
    __vitrine?: VitrineTestHook;
  }
}

export function exposeTestHook(patch: Partial<VitrineTestHook>): void {
  if (typeof window === 'undefined') return;
  window.__vitrine = Object.assign(window.__vitrine ?? ({} as VitrineTestHook), patch);
}

/*
 * The bench's raw baseline (tests/bench/catalog-sync.bench.ts): RxDB's bulkInsert of the same documents into a fresh
 * database, loaded on demand so it costs the app's initial JavaScript nothing. Here, not with the sync code: the bench
 * calls it on a page that never syncs.
 */
if (typeof window !== 'undefined') {
  (window as unknown as { __vitrineBench?: object }).__vitrineBench = {
    bulkInsertBaseline: async (json: Partial<Record<CollectionName, string>>) => (await import('./db/snapshot-baseline.js')).bulkInsertBaseline(json),
  };
}
