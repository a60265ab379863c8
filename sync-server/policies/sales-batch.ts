import type { Product, Sale, StaffMember } from '../../src/domain/index.js';
import type { StoredDocument, StoreReads } from '../store/store.js';

/**
 * What deciding a batch of sales needs, read once per batch (one query per kind) inside the push's transaction, so
 * a batch of 50 sales costs three reads (the stock levels are read by applyMovements) instead of a few per sale. The write lock is held, so nothing changes
 * underneath between these reads and the writes.
 */
export interface SalesBatchState {
  /** Sales already stored under a pushed id (any store: the caller refuses another store's). */
  existing: Map<string, StoredDocument>;
  /** Live products by SKU. */
  products: Map<string, Product>;
  /** Live staff by id (the sales' associate ids). */
  staff: Map<string, StaffMember>;
}

export async function loadSalesBatch(tx: StoreReads, sales: readonly Sale[]): Promise<SalesBatchState> {
  const unique = (values: string[]) => [...new Set(values)];
  const lines = sales.flatMap((s) => s.lines.map((l) => ({ storeId: s.storeId, sku: l.sku })));
  const existing = await tx.getDocuments('sales', unique(sales.map((s) => s.id)));
  const products = await tx.getDocuments('products', unique(lines.map((l) => l.sku)));
  const staff = await tx.getDocuments('staff', unique(sales.map((s) => s.associateId)));
  return {
    existing: new Map(existing.map((d) => [d.id, d])),
    products: new Map(live(products).map((d) => JSON.parse(d.body) as Product).map((p) => [p.sku, p])),
    staff: new Map(live(staff).map((d) => [d.id, JSON.parse(d.body) as StaffMember])),
  };
}

const live = (docs: StoredDocument[]) => docs.filter((d) => !d.deleted);
