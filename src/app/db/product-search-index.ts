import type { MangoQuerySelector } from 'rxdb';
import type { Subscription } from 'rxjs';
import { type Product, searchDocumentOf, WordIndex } from '../../domain/index.js';
import type { VitrineDatabase } from './database.js';
import { productCodesOf } from './product-codes.js';

/** Products read from the database per step of the build: each step indexes them in a few ms, so keystrokes get through. */
const BUILD_BATCH = 2_000;

export type SearchIndexState = { ready: false; indexed: number } | { ready: true; indexed: number; buildMs: number };

/**
 * The device's word index of its products (domain WordIndex), built from the replicated `products` collection a
 * batch at a time (each read from IndexedDB hands the event loop back, so the till keeps answering while it builds)
 * and kept in step with every insert, update and delete as they replicate. Until it is ready the selling screen falls
 * back to the indexed name prefix search. It holds words, SKUs and categories, not products: the page of results
 * shown is read from the database.
 */
export class ProductSearchIndex {
  readonly words = new WordIndex();
  private readonly changes: Subscription;
  private stateNow: SearchIndexState = { ready: false, indexed: 0 };
  private readonly listeners = new Set<(state: SearchIndexState) => void>();
  private stopped = false;
  /** Products replicated while the build runs: their event is as new as a batch that reads them later, or newer. */
  private changedDuringBuild: Set<string> | null = new Set();

  constructor(
    private readonly db: VitrineDatabase,
    private readonly batchSize = BUILD_BATCH,
  ) {
    // Subscribed before the first read so nothing replicated during the build is missed; upserts make the two meet.
    this.changes = db.products.$.subscribe((event) => {
      this.changedDuringBuild?.add(event.documentId);
      if (event.operation === 'DELETE') this.words.remove(event.documentId);
      else this.words.upsert(searchDocumentOf(event.documentData as Product));
    });
  }

  get state(): SearchIndexState {
    return this.stateNow;
  }

  onChange(listener: (state: SearchIndexState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Reads every product into the index, a batch at a time, then puts them in SKU order once. Resolves when the index
   * is ready (or stopped).
   */
  async build(): Promise<void> {
    const start = performance.now();
    const codes = productCodesOf(this.db);
    let after: { searchName: string; sku: string } | null = null;
    for (;;) {
      const batch = await this.readAfter(after);
      if (this.stopped) return;
      for (const doc of batch) if (!this.changedDuringBuild?.has(doc.sku)) this.words.upsert(searchDocumentOf(doc));
      // The scan lookup's codes are filled by the same read: every product is read once.
      codes?.fill(batch);
      if (batch.length < this.batchSize) break;
      const last = batch[batch.length - 1]!;
      after = { searchName: last.searchName, sku: last.sku };
      this.publish({ ready: false, indexed: this.words.size });
    }
    this.words.compact();
    codes?.complete();
    this.changedDuringBuild = null;
    this.publish({ ready: true, indexed: this.words.size, buildMs: Math.round(performance.now() - start) });
  }

  /**
   * The next batch in (searchName, SKU) order: the rest of the last name read, then the names after it. Both reads
   * are ranges of the searchName index in its own order, so each costs its batch; paging by SKU alone would not (no
   * index leads with it: the planner reads a whole other index and sorts it, for every batch). Straight from the
   * storage: products as data, not RxDocuments kept in the collection's caches.
   */
  private async readAfter(after: { searchName: string; sku: string } | null): Promise<Product[]> {
    const products = this.db.products;
    const read = async (selector: MangoQuerySelector<Product>, limit: number) => {
      const query = products.find({ selector, sort: [{ searchName: 'asc' }, { sku: 'asc' }], limit });
      return (await products.storageInstance.query(query.getPreparedQuery())).documents as Product[];
    };
    if (!after) return read({ searchName: { $gte: '' } }, this.batchSize);
    const sameName = await read({ searchName: after.searchName, sku: { $gt: after.sku } }, this.batchSize);
    if (sameName.length === this.batchSize) return sameName;
    return [...sameName, ...(await read({ searchName: { $gt: after.searchName } }, this.batchSize - sameName.length))];
  }

  stop(): void {
    this.stopped = true;
    this.changes.unsubscribe();
    this.listeners.clear();
  }

  private publish(state: SearchIndexState): void {
    this.stateNow = state;
    for (const listener of this.listeners) listener(state);
  }
}

const indexes = new WeakMap<VitrineDatabase, ProductSearchIndex>();

/**
 * The one search index of a database, started on first use (the selling screen) and kept for the database's life: a
 * device that never sells (pickup staff) never spends the memory, and leaving the till and coming back rebuilds nothing.
 */
export function productSearchIndexOf(db: VitrineDatabase): ProductSearchIndex {
  let index = indexes.get(db);
  if (!index) {
    const created = new ProductSearchIndex(db);
    index = created;
    indexes.set(db, created);
    void created.build();
    db.onClose.push(() => created.stop());
  }
  return index;
}
