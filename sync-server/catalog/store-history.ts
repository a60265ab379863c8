import { StoreSchema, type ReplacedStore, type Store } from '../../src/domain/index.js';
import { execute, queryRows } from '../outbox/sql.js';
import type { StoreSql, TxSql } from '../store/store.js';

/**
 * Settings a store had until a write replaced them (table `store_history`, migration 7), so a sale rung up offline
 * before a change of tax rates or tax mode is checked against the settings of then (the domain's checkSalePrices);
 * later checks (a discount limit) read the same history.
 */
export async function recordReplacedStore(sql: TxSql, replaced: Store, replacedAt: string): Promise<void> {
  await execute(sql, 'INSERT INTO store_history (store_id, settings, replaced_at) VALUES (?, ?, ?)', [
    replaced.id,
    JSON.stringify(replaced),
    replacedAt,
  ]);
}

/** The settings a store had and that were replaced after `since`, newest first. */
export async function replacedStores(sql: TxSql | StoreSql, storeId: string, since: string): Promise<ReplacedStore[]> {
  const rows = await queryRows<{ settings: string; replaced_at: string }>(
    sql,
    'SELECT settings, replaced_at FROM store_history WHERE store_id = ? AND replaced_at > ? ORDER BY replaced_at DESC, id DESC',
    [storeId, since],
  );
  return rows.map(toReplacedStore);
}

/** A store_history row as a query answers it. */
export const toReplacedStore = (r: { settings: string; replaced_at: string }): ReplacedStore => ({
  store: StoreSchema.parse(JSON.parse(r.settings)),
  replacedAt: r.replaced_at,
});
