import { DomainError, ErrorCode, fail, ok, type Result } from '../kernel/errors.js';
import type { Product, Store } from '../catalog/schema.js';
import type { Sale } from './schema.js';
import { computeTotals, priceLine } from './totals.js';

/**
 * The server's domain check of a pushed sale, after schema validation and authorization.
 * It recomputes every figure with the shared pricing code and the line's own tax rate, so a device
 * that priced offline with a since-changed price or rate still lands, while a tampered or buggy total does not.
 * Whether those prices and rates were real ones is checkSalePrices' question (price-check.ts).
 */
export function verifySale(sale: Sale, store: Store, productsBySku: ReadonlyMap<string, Product>): Result<Sale> {
  if (sale.currency !== store.currency) {
    return fail(ErrorCode.SALE_CURRENCY_MISMATCH, `sale is in ${sale.currency}, store ${store.id} sells in ${store.currency}`);
  }
  const unknown = sale.lines.filter((l) => !productsBySku.has(l.sku)).map((l) => l.sku);
  if (unknown.length > 0) return fail(ErrorCode.SALE_UNKNOWN_SKU, `unknown SKU(s): ${unknown.join(', ')}`);
  try {
    const ctx = { pricesIncludeTax: sale.pricesIncludeTax, taxRates: store.taxRates };
    const lines = sale.lines.map((l) => priceLine(l, l.lineNo, ctx, l.taxRateBp));
    const totals = computeTotals(lines, sale.tenders);
    if (sale.lines.some((l, i) => l.lineNo !== i + 1)) return fail(ErrorCode.VALIDATION_FAILED, 'line numbers must be 1, 2, 3…');
    const badLine = lines.findIndex((l, i) => !sameFields(l, sale.lines[i]!, LINE_FIGURES));
    if (badLine >= 0) return fail(ErrorCode.SALE_TOTALS_MISMATCH, `line ${badLine + 1} does not add up`);
    if (!sameFields(totals, sale.totals, TOTAL_FIGURES)) return fail(ErrorCode.SALE_TOTALS_MISMATCH, 'sale totals do not add up');
  } catch (error) {
    if (error instanceof DomainError) return { ok: false, error };
    throw error;
  }
  return ok(sale);
}

const LINE_FIGURES = ['net', 'tax', 'total'] as const;
const TOTAL_FIGURES = ['subtotal', 'discount', 'tax', 'total', 'tendered', 'change'] as const;
function sameFields<T>(a: T, b: T, keys: readonly (keyof T)[]): boolean {
  return keys.every((k) => a[k] === b[k]);
}
