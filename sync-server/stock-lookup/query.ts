import { DomainError, ErrorCode, type StockLevel, type Store } from '../../src/domain/index.js';
import { rankStores } from '../../src/domain/stock/availability.js';
import { queryRows } from '../outbox/sql.js';
import type { SyncStore } from '../store/store.js';
import { fragmentsOf, skuStockJson, wallClocks, type StoreFragment } from './answer-json.js';
import type { StoreDirectory } from './store-directory.js';

/** The indexed expressions of migrations 9 and 10, per dialect (the query must name them exactly as the index does). */
const field = (store: SyncStore, name: 'sku' | 'styleCode') =>
  store.sql.dialect === 'sqlite' ? `json_extract(body, '$.${name}')` : `((body::jsonb) ->> '${name}')`;

/**
 * The stored levels of some SKUs in every store: one range of the `documents_stock_sku` index per SKU (migration 10),
 * so about as many rows as stores that ever stocked it, however big the stock table. A store with no row has none.
 * One statement per SKU on SQLite, whose planner scans the whole stock partition for an IN list of expressions
 * (in process, a statement costs no round trip); one statement for all on PostgreSQL.
 */
export async function levelRows(store: SyncStore, skus: readonly string[]): Promise<{ body: string }[]> {
  const select = `SELECT body FROM documents WHERE collection = 'stock' AND ${field(store, 'sku')}`;
  if (store.sql.dialect === 'sqlite' || skus.length === 1) {
    const rows: { body: string }[] = [];
    for (const sku of skus) rows.push(...(await queryRows<{ body: string }>(store.sql, `${select} = ? AND NOT deleted`, [sku])));
    return rows;
  }
  return queryRows<{ body: string }>(store.sql, `${select} IN (${skus.map(() => '?').join(', ')}) AND NOT deleted`, [...skus]);
}

async function levelsBySku(store: SyncStore, skus: readonly string[]): Promise<Map<string, Map<string, StockLevel>>> {
  const bySku = new Map<string, Map<string, StockLevel>>(skus.map((sku) => [sku, new Map()]));
  for (const row of await levelRows(store, skus)) {
    const level = JSON.parse(row.body) as StockLevel;
    bySku.get(level.sku)?.set(level.storeId, level);
  }
  return bySku;
}

/**
 * The chain ranked from each asking store and serialised once (answer-json.ts), kept as long as the store list it
 * was made from: a new list (a store changed) gets new rankings.
 */
const rankings = new WeakMap<readonly Store[], Map<string, StoreFragment[]>>();
function fragmentsFrom(stores: readonly Store[], askingStoreId: string): StoreFragment[] {
  let byAsking = rankings.get(stores);
  if (!byAsking) {
    byAsking = new Map();
    rankings.set(stores, byAsking);
  }
  let fragments = byAsking.get(askingStoreId);
  if (!fragments) {
    fragments = fragmentsOf(rankStores(stores, askingStoreId));
    byAsking.set(askingStoreId, fragments);
  }
  return fragments;
}

export interface LookupDeps {
  store: SyncStore;
  directory: StoreDirectory;
}

/** GET /api/stock/{sku}: every store's stock of a catalog SKU as seen from `askingStoreId` at `at`, as JSON text (`SkuStock`). */
export async function stockOfSku({ store, directory }: LookupDeps, askingStoreId: string, sku: string, at: Date): Promise<string> {
  // The catalogue check and the levels run side by side (two pooled connections on PostgreSQL): one round trip of wait, not two.
  const [stores, product, levels] = await Promise.all([directory.stores(), store.getDocument('products', sku), levelsBySku(store, [sku])]);
  if (!product || product.deleted) {
    const message = `no product with SKU ${sku} in the catalogue; check the SKU or sync the catalogue`;
    throw new DomainError(ErrorCode.NOT_FOUND, message, [{ path: 'sku', message }]);
  }
  return skuStockJson(sku, fragmentsFrom(stores, askingStoreId), levels.get(sku)!, wallClocks(at));
}

/** The live SKUs of a style, in SKU order, through the `documents_product_style` index (migration 9). */
export async function skusOfStyle(store: SyncStore, styleCode: string): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    store.sql,
    // Sorted here, not by ORDER BY id: SQLite would rather walk the primary key in id order than use the style index.
    `SELECT id FROM documents WHERE collection = 'products' AND ${field(store, 'styleCode')} = ? AND NOT deleted`,
    [styleCode],
  );
  return rows.map((r) => r.id).sort();
}

/** GET /api/stock?style=…: every SKU of the style (all its sizes and colours), each in every store, as JSON text (`StyleStock`). */
export async function stockOfStyle({ store, directory }: LookupDeps, askingStoreId: string, styleCode: string, at: Date): Promise<string> {
  const [skus, stores] = await Promise.all([skusOfStyle(store, styleCode), directory.stores()]);
  if (skus.length === 0) {
    const message = `no product of style ${styleCode} in the catalogue`;
    throw new DomainError(ErrorCode.NOT_FOUND, message, [{ path: 'style', message }]);
  }
  const levels = await levelsBySku(store, skus);
  const fragments = fragmentsFrom(stores, askingStoreId);
  const clock = wallClocks(at);
  return `{"styleCode":${JSON.stringify(styleCode)},"skus":[${skus.map((sku) => skuStockJson(sku, fragments, levels.get(sku)!, clock)).join(',')}]}`;
}
