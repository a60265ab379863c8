import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../kernel/errors.js';
import { parseWith } from '../kernel/validation.js';
import { completeCashSale } from './build-sale.js';
import { SaleSchema, type Sale } from './schema.js';
import { verifySale } from './verify-sale.js';
import { fixedClock, product, sequentialIds, storeS1 } from '../testing/fixtures.js';

const shoe = product();
const tee = product({
  sku: 'CAM-0002-M-BRA',
  barcode: '7890000000028',
  name: 'Camiseta Básica',
  price: { amount: 4990, currency: 'BRL' },
  taxClass: 'reduced',
});
const catalog = new Map([shoe, tee].map((p) => [p.sku, p]));

const sell = (): Sale =>
  completeCashSale({
    store: storeS1,
    deviceId: 'dev-1',
    associateId: '1042',
    lines: [
      { sku: shoe.sku, name: shoe.name, quantity: 1, unitPrice: shoe.price.amount, taxClass: shoe.taxClass },
      { sku: tee.sku, name: tee.name, quantity: 2, unitPrice: tee.price.amount, taxClass: tee.taxClass },
    ],
    cashTendered: 25000,
    newId: sequentialIds('sale'),
    clock: fixedClock(),
  });

describe('completeCashSale', () => {
  it('builds a valid, fully priced sale with change', () => {
    const sale = sell();
    expect(SaleSchema.safeParse(sale).success).toBe(true);
    expect(sale.totals).toMatchObject({ total: 22970, tendered: 25000, change: 2030 });
    expect(sale.lines.map((l) => l.lineNo)).toEqual([1, 2]);
    expect(sale.createdAtDevice).toBe('2026-11-23T16:05:00.000Z');
    expect(sale.outcome).toBeUndefined();
  });
});

describe('verifySale', () => {
  it('accepts a sale priced by the shared code', () => {
    expect(verifySale(sell(), storeS1, catalog).ok).toBe(true);
  });

  it('still accepts a sale priced offline before a rate change', () => {
    const later = { ...storeS1, taxRates: { ...storeS1.taxRates, standard: 2000 } };
    expect(verifySale(sell(), later, catalog).ok).toBe(true);
  });

  it('rejects totals that do not add up', () => {
    const sale = sell();
    const tampered = { ...sale, totals: { ...sale.totals, total: sale.totals.total - 100, change: sale.totals.change + 100 } };
    const result = verifySale(tampered, storeS1, catalog);
    expect(result.ok || result.error.code).toBe(ErrorCode.SALE_TOTALS_MISMATCH);
    const badLine = { ...sale, lines: [{ ...sale.lines[0]!, tax: 1 }, sale.lines[1]!] };
    const lineResult = verifySale(badLine, storeS1, catalog);
    expect(lineResult.ok || lineResult.error.message).toBe('line 1 does not add up: its tax should be 1982, not 1');
  });

  it("rejects a receipt number that is not one of the sale's store", () => {
    const result = verifySale({ ...sell(), receiptNumber: 'S2-03-000123' }, storeS1, catalog);
    expect(result).toMatchObject({ ok: false, error: { code: ErrorCode.SALE_RECEIPT_NUMBER_INVALID } });
    if (!result.ok) expect(result.error.fieldErrors).toEqual([{ path: 'receiptNumber', message: 'must start with "S1-"' }]);
    expect(verifySale({ ...sell(), receiptNumber: 'S10-03-000123' }, storeS1, catalog).ok).toBe(false);
  });

  it('rejects unknown SKUs and foreign currencies', () => {
    const sale = sell();
    const unknown = verifySale(sale, storeS1, new Map([[shoe.sku, shoe]]));
    expect(unknown.ok || unknown.error.code).toBe(ErrorCode.SALE_UNKNOWN_SKU);
    const usd = verifySale({ ...sale, currency: 'USD' }, storeS1, catalog);
    expect(usd.ok || usd.error.code).toBe(ErrorCode.SALE_CURRENCY_MISMATCH);
  });
});

describe('SaleSchema', () => {
  it('answers field-level errors for bad input', () => {
    const sale = sell();
    const bad = { ...sale, lines: [{ ...sale.lines[0]!, quantity: 0 }], totals: { ...sale.totals, total: 12.5 } };
    const result = parseWith(SaleSchema, bad, [0, 'newDocumentState']);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const paths = result.error.fieldErrors.map((e) => e.path);
    expect(paths).toContain('0.newDocumentState.lines.0.quantity');
    expect(paths).toContain('0.newDocumentState.totals.total');
    expect(result.error.code).toBe(ErrorCode.VALIDATION_FAILED);
  });
});
