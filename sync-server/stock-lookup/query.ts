import { DomainError, ErrorCode, stockLevelId, type StockLevel, type Store } from '../../src/domain/index.js';
import { rankStores, skuStock, type RankedStore, type SkuStock, type StyleStock } from '../../src/domain/stock/availability.js';
import { queryRows } from '../outbox/sql.js';
import type { SyncStore } from '../store/store.js';
import type { StoreDirectory } from './store-directory.js';

/**
 * A SKU's levels in every store, read with one query: a level's id is `${storeId}:${sku}`, so the ids of all the
 * chain's levels of a SKU are known from the store list, and `getDocuments` fetches them by primary key
 * (`documents (collection, id)`) in one statement: 300 index probes, whatever the size of the stock table.
 */
export async function levelsOf(
  store: SyncStore,
  storeIds: readonly string[],
  skus: readonly string[],
): Promise<Map<string, Map<string, StockLevel>>> {
  const ids = skus.flatMap((sku) => storeIds.map((storeId) => stockLevelId(storeId, sku)));
  const bySku = new Map<string, Map<string, StockLevel>>(skus.map((sku) => [sku, new Map()]));
  for (const doc of await store.getDocuments('stock', ids)) {
    if (doc.deleted) continue;
    const level = JSON.parse(doc.body) as StockLevel;
    bySku.get(level.sku)?.set(level.storeId, level);
  }
  return bySku;
}

/** The chain ranked from each asking store, kept as long as the store list it was ranked from (a new list, a new ranking). */
const rankings = new WeakMap<readonly Store[], Map<string, RankedStore[]>>();
function rankedFrom(stores: readonly Store[], askingStoreId: string): RankedStore[] {
  let byAsking = rankings.get(stores);
  if (!byAsking) {
    byAsking = new Map();
    rankings.set(stores, byAsking);
  }
  let ranked = byAsking.get(askingStoreId);
  if (!ranked) {
    ranked = rankStores(stores, askingStoreId);
    byAsking.set(askingStoreId, ranked);
  }
  return ranked;
}

export interface LookupDeps {
  store: SyncStore;
  directory: StoreDirectory;
}

/** GET /api/stock/{sku}: every store's stock of a catalog SKU, as seen from `askingStoreId` at `at`. */
export async function stockOfSku({ store, directory }: LookupDeps, askingStoreId: string, sku: string, at: Date): Promise<SkuStock> {
  // The catalogue check and the levels run side by side (two pooled connections on PostgreSQL): one round trip of wait, not two.
  const stores = await directory.stores();
  const [product, levels] = await Promise.all([
    store.getDocument('products', sku),
    levelsOf(
      store,
      stores.map((s) => s.id),
      [sku],
    ),
  ]);
  if (!product || product.deleted) {
    const message = `no product with SKU ${sku} in the catalogue; check the SKU or sync the catalogue`;
    throw new DomainError(ErrorCode.NOT_FOUND, message, [{ path: 'sku', message }]);
  }
  return skuStock(sku, rankedFrom(stores, askingStoreId), levels.get(sku)!, at);
}

/** The live SKUs of a style, in SKU order, through the `documents_product_style` index (migration 9). */
export async function skusOfStyle(store: SyncStore, styleCode: string): Promise<string[]> {
  const expression = store.sql.dialect === 'sqlite' ? "json_extract(body, '$.styleCode')" : "((body::jsonb) ->> 'styleCode')";
  const rows = await queryRows<{ id: string }>(
    store.sql,
    // Sorted here, not by ORDER BY id: SQLite would rather walk the primary key in id order than use the style index.
    `SELECT id FROM documents WHERE collection = 'products' AND ${expression} = ? AND NOT deleted`,
    [styleCode],
  );
  return rows.map((r) => r.id).sort();
}

/** GET /api/stock?style=…: every SKU of the style (all its sizes and colours), each in every store. */
export async function stockOfStyle({ store, directory }: LookupDeps, askingStoreId: string, styleCode: string, at: Date): Promise<StyleStock> {
  const [skus, stores] = await Promise.all([skusOfStyle(store, styleCode), directory.stores()]);
  if (skus.length === 0) {
    const message = `no product of style ${styleCode} in the catalogue`;
    throw new DomainError(ErrorCode.NOT_FOUND, message, [{ path: 'style', message }]);
  }
  const ranked = rankedFrom(stores, askingStoreId);
  const levels = await levelsOf(
    store,
    stores.map((s) => s.id),
    skus,
  );
  return { styleCode, skus: skus.map((sku) => skuStock(sku, ranked, levels.get(sku)!, at)) };
}
