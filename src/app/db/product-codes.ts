import type { Subscription } from 'rxjs';
import { looksLikeBarcode, type Product } from '../../domain/index.js';
import type { VitrineDatabase } from './database.js';

type Stored = Product & { _deleted?: boolean; _rev?: string; _meta?: unknown; _attachments?: unknown };

/**
 * The scan lookup's answers in memory: every product of the device by barcode and by SKU, so a scan is two map reads
 * instead of an IndexedDB query, which waits behind whatever else the page is writing (during a fresh tablet's initial
 * sync, bulk writes of thousands of stock levels). Kept in step with every insert, update and delete as they
 * replicate (RxDB's change events, other tabs' included).
 *
 *   fresh device (no products when watched) ─► complete at once: every product arrives as a change event
 *   device holding its catalog ─► incomplete: a code not held here is looked up in the database, until the search
 *       index's build has read every product through `fill` and calls `complete`
 *
 * It holds the stored objects RxDB hands over (no copies): about 40 MB for 100,000 products (the tablet bench's heap
 * went from 29 to 68 MB), within the tablet's memory budget (issue 12: 150 MB, search index included).
 */
export class ProductCodes {
  private readonly bySku = new Map<string, Stored>();
  private readonly byBarcode = new Map<string, Stored>();
  /** Until complete: SKUs changed since watching began, whose events are as new as a later read of them, or newer. */
  private changed: Set<string> | null = new Set();
  private readonly changes: Subscription;

  constructor(db: VitrineDatabase) {
    this.changes = db.products.$.subscribe((event) => {
      this.changed?.add(event.documentId);
      if (event.operation === 'DELETE') this.remove(event.documentId);
      else this.put(event.documentData as Stored);
    });
  }

  get isComplete(): boolean {
    return this.changed === null;
  }

  /**
   * The product scanned or typed: a barcode (8–14 digits) first, then an SKU. `null`: no such product (known only
   * when complete); `undefined`: not held here, ask the database.
   */
  find(code: string): Product | null | undefined {
    const trimmed = code.trim();
    const found = (looksLikeBarcode(trimmed) ? this.byBarcode.get(trimmed) : undefined) ?? this.bySku.get(trimmed.toUpperCase());
    if (found) return asProduct(found);
    return this.isComplete ? null : undefined;
  }

  /** Products read from the database while incomplete; a product changed since watching began is kept as it is here. */
  fill(products: readonly Product[]): void {
    if (!this.changed) return;
    for (const product of products) if (!this.changed.has(product.sku)) this.put(product);
  }

  /** Every product has been read through `fill`: a code not held is a code the device does not know. */
  complete(): void {
    this.changed = null;
  }

  stop(): void {
    this.changes.unsubscribe();
  }

  private put(product: Stored): void {
    if (product._deleted) {
      this.remove(product.sku);
      return;
    }
    const previous = this.bySku.get(product.sku);
    if (previous && previous.barcode !== product.barcode && this.byBarcode.get(previous.barcode) === previous)
      this.byBarcode.delete(previous.barcode);
    this.bySku.set(product.sku, product);
    this.byBarcode.set(product.barcode, product);
  }

  private remove(sku: string): void {
    const previous = this.bySku.get(sku);
    if (!previous) return;
    this.bySku.delete(sku);
    if (this.byBarcode.get(previous.barcode) === previous) this.byBarcode.delete(previous.barcode);
  }
}

/** A copy without RxDB's storage fields: what a query's `toJSON()` gives, and the caller may change it freely. */
function asProduct({ _deleted, _rev, _meta, _attachments, ...product }: Stored): Product {
  return product;
}

const watched = new WeakMap<VitrineDatabase, ProductCodes>();

/**
 * Starts holding the database's product codes; call right after it opens, before any replication writes. A database
 * with no products yet is complete at once (read after subscribing, so nothing written between is missed).
 */
export async function watchProductCodes(db: VitrineDatabase): Promise<ProductCodes> {
  const existing = watched.get(db);
  if (existing) return existing;
  const codes = new ProductCodes(db);
  watched.set(db, codes);
  db.onClose.push(() => codes.stop());
  // One document read, not a count: counting walks the whole index, and this runs on every start.
  const products = db.products;
  const { documents } = await products.storageInstance.query(products.find({ limit: 1 }).getPreparedQuery());
  if (documents.length === 0) codes.complete();
  return codes;
}

/** The database's product codes, if watched. */
export const productCodesOf = (db: VitrineDatabase): ProductCodes | undefined => watched.get(db);
