import { describe, expect, it } from 'vitest';
import type { PriceRecord, ReplacedStore } from '../catalog/price-history.js';
import type { Product, Store } from '../catalog/schema.js';
import { fixedClock, product, sequentialIds, storeS1 } from '../testing/fixtures.js';
import { completeCashSale } from './build-sale.js';
import { checkSalePrices, PRICE_GRACE_DAYS, pricesInForce } from './price-check.js';
import type { Sale } from './schema.js';

const decidedAt = '2026-11-23T16:00:00.000Z';
const daysBefore = (days: number) => new Date(Date.parse(decidedAt) - days * 86_400_000).toISOString();
const shoe = product(); // BRL 129.90, standard
const record = (amount: number, validFrom: string, over: Partial<PriceRecord> = {}): PriceRecord => ({
  sku: shoe.sku,
  currency: 'BRL',
  amount,
  taxClass: 'standard',
  validFrom,
  source: 'test',
  ...over,
});

/** A sale whose figures add up (built by the shared pricing code) at whatever price, class, rate and mode it is given. */
function saleAt(unitPrice: number, { store = storeS1, taxClass = shoe.taxClass }: { store?: Store; taxClass?: Product['taxClass'] } = {}): Sale {
  return completeCashSale({
    store,
    deviceId: 'd1',
    associateId: 'S1-1001',
    lines: [{ sku: shoe.sku, name: shoe.name, quantity: 1, unitPrice, taxClass }],
    cashTendered: unitPrice + 10_000,
    newId: sequentialIds('sale'),
    clock: fixedClock(),
  });
}

const check = (sale: Sale, { history = [] as PriceRecord[], replaced = [] as ReplacedStore[], store = storeS1, current = shoe } = {}) =>
  checkSalePrices(sale, { store, replacedStores: replaced, products: new Map([[shoe.sku, current]]), priceHistory: () => history }, decidedAt);

describe('checkSalePrices', () => {
  it("accepts the catalog's price at the store's rate and tax mode", () => {
    expect(check(saleAt(12990)).ok).toBe(true);
  });

  it('refuses 1 centavo, 0 and ten times the price, naming the line and the price it should be', () => {
    for (const price of [1, 0, 129_900]) {
      const result = check(saleAt(price));
      expect(result).toMatchObject({ ok: false, error: { code: 'SALE_PRICE_UNKNOWN' } });
      if (!result.ok) expect(result.error.message).toMatch(/^line 1 \(Tênis Corrida Leve\): .* the price is BRL\s129\.90$/);
    }
  });

  it(`accepts a price replaced within the last ${PRICE_GRACE_DAYS} days, refuses one replaced before`, () => {
    const history = [record(9990, daysBefore(40)), record(11990, daysBefore(20)), record(12990, daysBefore(3))];
    expect(check(saleAt(11990), { history }).ok).toBe(true); // in force until 3 days ago
    expect(check(saleAt(9990), { history })).toMatchObject({ ok: false, error: { code: 'SALE_PRICE_UNKNOWN' } });
  });

  it('never honours a price replaced at the instant it was set, nor one in another currency', () => {
    expect(pricesInForce([record(1, daysBefore(1)), record(12990, daysBefore(1))], shoe, 'BRL', daysBefore(PRICE_GRACE_DAYS))).toEqual([
      { amount: 12990, taxClass: 'standard' },
      { amount: 12990, taxClass: 'standard' },
    ]);
    const euros = [record(9990, daysBefore(20), { currency: 'EUR' }), record(12990, daysBefore(1))];
    expect(check(saleAt(9990), { history: euros })).toMatchObject({ ok: false, error: { code: 'SALE_PRICE_UNKNOWN' } });
  });

  it('refuses a line sold under another tax class than the catalog has for its price', () => {
    const reduced = saleAt(12990, { taxClass: 'reduced' });
    expect(check(reduced)).toMatchObject({ ok: false, error: { code: 'SALE_TAX_CLASS_MISMATCH' } });
  });

  it("refuses a tax rate that is not the store's for the class (0 on a standard line), accepts one replaced in the window", () => {
    const zeroRate = saleAt(12990, { store: { ...storeS1, taxRates: { ...storeS1.taxRates, standard: 0 } } });
    const result = check(zeroRate);
    expect(result).toMatchObject({ ok: false, error: { code: 'SALE_TAX_RATE_MISMATCH' } });
    if (!result.ok) expect(result.error.message).toContain("the store's standard rate is 18 %");

    const raised = { ...storeS1, taxRates: { ...storeS1.taxRates, standard: 2000 } };
    const atOldRate = saleAt(12990); // 18 %, as before the raise
    expect(check(atOldRate, { store: raised, replaced: [{ store: storeS1, replacedAt: daysBefore(2) }] }).ok).toBe(true);
    expect(check(atOldRate, { store: raised, replaced: [{ store: storeS1, replacedAt: daysBefore(PRICE_GRACE_DAYS + 1) }] })).toMatchObject({
      ok: false,
      error: { code: 'SALE_TAX_RATE_MISMATCH' },
    });
  });

  it("refuses a sale whose tax mode is not the store's", () => {
    const added = saleAt(12990, { store: { ...storeS1, pricesIncludeTax: false } });
    expect(check(added)).toMatchObject({ ok: false, error: { code: 'SALE_TAX_MODE_MISMATCH' } });
  });

  it('refuses a sale rounding tax per line at a store that rounds per total, unless the store changed it within the window', () => {
    const perTotal = { ...storeS1, taxRounding: 'total' as const };
    const perLine = saleAt(12990);
    const result = check(perLine, { store: perTotal });
    expect(result).toMatchObject({ ok: false, error: { code: 'SALE_TAX_ROUNDING_MISMATCH' } });
    if (!result.ok) expect(result.error.message).toBe('the till rounded tax per line; store S1 rounds it once per rate on the total');
    expect(check(perLine, { store: perTotal, replaced: [{ store: storeS1, replacedAt: daysBefore(1) }] }).ok).toBe(true);
    expect(check(saleAt(12990, { store: perTotal }), { store: perTotal }).ok).toBe(true);
  });

  it("refuses a sale rounding cash to another step than the store's", () => {
    const dutch = { ...storeS1, cashRounding: 5 as const };
    const result = check(saleAt(12990), { store: dutch });
    expect(result).toMatchObject({ ok: false, error: { code: 'SALE_CASH_ROUNDING_MISMATCH' } });
    if (!result.ok) expect(result.error.message).toBe('the till rounded cash not at all; store S1 rounds it to steps of 5');
    expect(check(saleAt(12990, { store: dutch }), { store: dutch }).ok).toBe(true);
    expect(
      check(saleAt(12990, { store: dutch }), { store: storeS1, replaced: [{ store: dutch, replacedAt: daysBefore(PRICE_GRACE_DAYS + 1) }] }),
    ).toMatchObject({
      ok: false,
      error: { code: 'SALE_CASH_ROUNDING_MISMATCH' },
    });
  });
});
