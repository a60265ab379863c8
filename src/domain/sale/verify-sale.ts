import { DomainError, ErrorCode, fail, ok, type Result } from '../kernel/errors.js';
import type { Product, Store } from '../catalog/schema.js';
import { priceCart } from '../tax/price-cart.js';
import { settleTenders } from '../tender/state.js';
import { amountDue, checkGiftCards } from './gift-cards.js';
import type { Sale } from './schema.js';

/**
 * The server's domain check of a pushed sale, after schema validation and authorization: the device's arithmetic
 * done again with the code the device ran (priceCart, settleTenders), so the two cannot disagree.
 * - every line re-priced at its own tax rate under the sale's tax mode and rounding: a device that priced offline with
 *   a since-changed rate still lands, a tampered or buggy figure does not;
 * - each line's discount is the sum of its discounts, and the sale's totals the sum of its lines;
 * - its gift cards checked (gift-cards.ts: something sold, each card once, not paid by credit);
 * - the tenders settled again under the sale's cash rounding step: they cover the total and the gift cards, change
 *   only from cash, and the recorded rounding, amount paid (reversed tenders excluded) and change are what they come
 *   to.
 * Whether those prices, rates, tax mode and roundings were the store's is checkSalePrices' question (price-check.ts);
 * whether the discounts were allowed, checkSaleDiscounts'.
 */
export function verifySale(sale: Sale, store: Store, productsBySku: ReadonlyMap<string, Product>): Result<Sale> {
  if (sale.currency !== store.currency) {
    return fail(ErrorCode.SALE_CURRENCY_MISMATCH, `sale is in ${sale.currency}, store ${store.id} sells in ${store.currency}`);
  }
  if (!sale.receiptNumber.startsWith(`${store.id}-`)) {
    return fail(
      ErrorCode.SALE_RECEIPT_NUMBER_INVALID,
      `receipt number ${sale.receiptNumber} is not one of store ${store.id}: it must start with "${store.id}-"`,
      [{ path: 'receiptNumber', message: `must start with "${store.id}-"` }],
    );
  }
  const unknown = sale.lines.filter((l) => !productsBySku.has(l.sku)).map((l) => l.sku);
  if (unknown.length > 0) return fail(ErrorCode.SALE_UNKNOWN_SKU, `unknown SKU(s): ${unknown.join(', ')}`);
  if (sale.lines.some((l, i) => l.lineNo !== i + 1)) return fail(ErrorCode.VALIDATION_FAILED, 'line numbers must be 1, 2, 3…');
  const tenderIds = sale.tenders.map((t) => t.id);
  if (new Set(tenderIds).size !== tenderIds.length) {
    return fail(ErrorCode.VALIDATION_FAILED, 'a tender is recorded twice', [{ path: 'tenders', message: 'tender ids must be unique' }]);
  }
  const undiscounted = sale.lines.findIndex((l) => l.discounts.reduce((sum, d) => sum + d.amount, 0) !== l.discount);
  if (undiscounted >= 0) return mismatch(`line ${undiscounted + 1}: its discount is not the sum of its discounts`, `lines.${undiscounted}.discount`);

  let priced: ReturnType<typeof priceCart>;
  try {
    priced = priceCart(sale.lines, { pricesIncludeTax: sale.pricesIncludeTax, taxRates: store.taxRates, taxRounding: sale.taxRounding });
  } catch (error) {
    if (error instanceof DomainError) return { ok: false, error };
    throw error;
  }
  for (const [i, line] of priced.lines.entries()) {
    const sent = sale.lines[i]!;
    const wrong = LINE_FIGURES.find((k) => line[k] !== sent[k]);
    if (wrong) return mismatch(`line ${i + 1} does not add up: its ${wrong} should be ${line[wrong]}, not ${sent[wrong]}`, `lines.${i}.${wrong}`);
  }
  const wrongTotal = TOTAL_FIGURES.find((k) => priced.totals[k] !== sale.totals[k]);
  if (wrongTotal) {
    return mismatch(
      `sale totals do not add up: the ${wrongTotal} should be ${priced.totals[wrongTotal]}, not ${sale.totals[wrongTotal]}`,
      `totals.${wrongTotal}`,
    );
  }

  const cards = checkGiftCards(sale, priced.totals.total);
  if (!cards.ok) return { ok: false, error: cards.error };
  const settled = settleTenders(amountDue(priced.totals.total, sale.giftCards), sale.tenders, sale.cashRoundingStep);
  if (!settled.ok) return settled;
  const payment = { cashRounding: settled.value.cashRounding, tendered: settled.value.paid, change: settled.value.change };
  const wrongPayment = PAYMENT_FIGURES.find((k) => payment[k] !== sale.totals[k]);
  if (wrongPayment) {
    return mismatch(
      `the payment does not add up: the ${wrongPayment} should be ${payment[wrongPayment]}, not ${sale.totals[wrongPayment]}`,
      `totals.${wrongPayment}`,
    );
  }
  return ok(sale);
}

const LINE_FIGURES = ['net', 'tax', 'total'] as const;
const TOTAL_FIGURES = ['subtotal', 'discount', 'tax', 'total'] as const;
const PAYMENT_FIGURES = ['cashRounding', 'tendered', 'change'] as const;

const mismatch = (message: string, path: string): Result<Sale> =>
  fail(ErrorCode.SALE_TOTALS_MISMATCH, message, [{ path, message: 'does not add up' }]);
