import type { PriceRecord, Product, TaxClass } from '../../src/domain/index.js';
import { execute, queryRows } from '../outbox/sql.js';
import type { StoreSql, TxSql } from '../store/store.js';

/**
 * Every price a product has had, appended when a catalog write changes its price, currency or tax class (table
 * `price_history`, migration 5). The till can then check a sale's unit price against a price the product really had
 * when the sale was rung up, even if the catalog changed since (the domain's checkSalePrices).
 */
export type { PriceRecord };

/** Rows per INSERT: 6 parameters each keeps a statement far below both backends' parameter limits. */
const ROWS_PER_INSERT = 500;

export async function recordPrices(sql: TxSql, products: readonly Product[], validFrom: string, source: string): Promise<void> {
  for (let start = 0; start < products.length; start += ROWS_PER_INSERT) {
    const chunk = products.slice(start, start + ROWS_PER_INSERT);
    await execute(
      sql,
      `INSERT INTO price_history (sku, currency, amount, tax_class, valid_from, source) VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}`,
      chunk.flatMap((p) => [p.sku, p.price.currency, p.price.amount, p.taxClass, validFrom, source]),
    );
  }
}

/** A product's prices, oldest first (writes of the same instant in the order they were made). */
export async function priceHistory(sql: TxSql | StoreSql, sku: string): Promise<PriceRecord[]> {
  const rows = await queryRows<PriceRow>(
    sql,
    'SELECT sku, currency, amount, tax_class, valid_from, source FROM price_history WHERE sku = ? ORDER BY valid_from, id',
    [sku],
  );
  return rows.map(toRecord);
}

/**
 * The price histories of several SKUs with one query (a push batch's): for each, the record in force at `since`
 * (the latest from then or before) and every later one, oldest first per SKU.
 */
export async function priceHistories(sql: TxSql | StoreSql, skus: readonly string[], since: string): Promise<PriceRecord[]> {
  if (skus.length === 0) return [];
  const skuList = sql.dialect === 'postgres' ? 'SELECT jsonb_array_elements_text(?::jsonb)' : 'SELECT value FROM json_each(?)';
  const rows = await queryRows<PriceRow>(
    sql,
    `SELECT sku, currency, amount, tax_class, valid_from, source FROM price_history p
     WHERE ${pricesInForceSince(skuList, '?')}
     ORDER BY p.sku, p.valid_from, p.id`,
    [JSON.stringify(skus), since],
  );
  return rows.map(toRecord);
}

/**
 * The condition on `price_history p` choosing what `priceHistories` answers: the rows of the SKUs `skuList` (a
 * subquery) in force at `since` (a placeholder) or later. Also one part of PostgreSQL's one-statement catalog read
 * (store/postgres.ts READ_CATALOG).
 */
export const pricesInForceSince = (skuList: string, since: string): string =>
  `p.sku IN (${skuList})
   AND p.valid_from >= COALESCE((SELECT MAX(q.valid_from) FROM price_history q WHERE q.sku = p.sku AND q.valid_from <= ${since}), '')`;

/** A price_history row as a query answers it (`amount` is a string from PostgreSQL's BIGINT). */
export interface PriceRow {
  sku: string;
  currency: string;
  amount: number | string;
  tax_class: TaxClass;
  valid_from: string;
  source: string;
}

export const toRecord = (r: PriceRow): PriceRecord => ({
  sku: r.sku,
  currency: r.currency,
  amount: Number(r.amount),
  taxClass: r.tax_class,
  validFrom: r.valid_from,
  source: r.source,
});
