import type { Product, TaxClass } from '../../src/domain/index.js';
import { execute, queryRows } from '../outbox/sql.js';
import type { StoreSql, TxSql } from '../store/store.js';

/**
 * Every price a product has had, appended when a catalog write changes its price, currency or tax class (table
 * `price_history`, migration 5). The till can then check a sale's unit price against a price the product really had
 * when the sale was rung up, even if the catalog changed since.
 */
export interface PriceRecord {
  sku: string;
  currency: string;
  amount: number;
  taxClass: TaxClass;
  /** Server time of the catalog write that set this price. */
  validFrom: string;
  /** Who set it: `integration:<id>` or `demo`. */
  source: string;
}

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
  const rows = await queryRows<{ sku: string; currency: string; amount: number | string; tax_class: TaxClass; valid_from: string; source: string }>(
    sql,
    'SELECT sku, currency, amount, tax_class, valid_from, source FROM price_history WHERE sku = ? ORDER BY valid_from, id',
    [sku],
  );
  return rows.map((r) => ({
    sku: r.sku,
    currency: r.currency,
    amount: Number(r.amount),
    taxClass: r.tax_class,
    validFrom: r.valid_from,
    source: r.source,
  }));
}
