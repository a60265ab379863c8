import {
  applyMovement,
  stockLevelId,
  type Product,
  type Sale,
  type StaffMember,
  type StockLevel,
  type StockMovement,
} from '../../src/domain/index.js';
import type { DocumentWrite, StoredDocument, StoreReads } from '../store/store.js';

/**
 * What deciding a batch of sales needs, read once per batch (one query per kind) inside the push's transaction, so
 * a batch of 50 sales costs four reads instead of a few per sale. The write lock is held, so nothing changes
 * underneath between these reads and the writes.
 */
export interface SalesBatchState {
  /** Sales already stored under a pushed id (any store: the caller refuses another store's). */
  existing: Map<string, StoredDocument>;
  /** Live products by SKU. */
  products: Map<string, Product>;
  /** Live staff by id (the sales' associate ids). */
  staff: Map<string, StaffMember>;
  /** Current stock levels by level id, for every SKU the batch sells. */
  levels: Map<string, StockLevel>;
}

export async function loadSalesBatch(tx: StoreReads, sales: readonly Sale[]): Promise<SalesBatchState> {
  const unique = (values: string[]) => [...new Set(values)];
  const lines = sales.flatMap((s) => s.lines.map((l) => ({ storeId: s.storeId, sku: l.sku })));
  const existing = await tx.getDocuments('sales', unique(sales.map((s) => s.id)));
  const products = await tx.getDocuments('products', unique(lines.map((l) => l.sku)));
  const staff = await tx.getDocuments('staff', unique(sales.map((s) => s.associateId)));
  const levels = await tx.getDocuments('stock', unique(lines.map((l) => stockLevelId(l.storeId, l.sku))));
  return {
    existing: new Map(existing.map((d) => [d.id, d])),
    products: new Map(live(products).map((d) => JSON.parse(d.body) as Product).map((p) => [p.sku, p])),
    staff: new Map(live(staff).map((d) => [d.id, JSON.parse(d.body) as StaffMember])),
    levels: new Map(levels.map((d) => [d.id, JSON.parse(d.body) as StockLevel])),
  };
}

const live = (docs: StoredDocument[]) => docs.filter((d) => !d.deleted);

/**
 * Folds the movements, in order, into the levels they touch: one write per level, holding its final state (two
 * sales of the last unit in one batch end at −1, flagged, exactly as two pushes would).
 */
export function foldLevels(levels: ReadonlyMap<string, StockLevel>, movements: readonly StockMovement[]): DocumentWrite[] {
  const next = new Map<string, StockLevel>();
  for (const m of movements) {
    const id = stockLevelId(m.storeId, m.sku);
    next.set(id, applyMovement(next.get(id) ?? levels.get(id), m, m.recordedAt));
  }
  return [...next.values()].map((level) => ({ collection: 'stock', id: level.id, storeId: level.storeId, body: level }));
}
