import { describe, expect, it } from 'vitest';
import { DomainError, ErrorCode } from '../kernel/errors.js';
import { cardTender, cashTender, pixTender, reversed } from '../testing/sales.js';
import { fixedClock, product, sequentialIds, storeS1 } from '../testing/fixtures.js';
import { completeSale } from './build-sale.js';
import { ReceiptNumberSchema, SaleSchema, SaleSchemaV0, SaleSchemaV1, type Sale, type SaleV1 } from './schema.js';
import { legacyReceiptNumber, saleV0, saleV1 } from './versions.js';
import { verifySale } from './verify-sale.js';

const shoe = product();
const catalog = new Map([[shoe.sku, shoe]]);

/** A sale as the previous app (v1) pushed it: cash only, no receipt number. */
const v1Sale = (over: Partial<SaleV1> = {}): SaleV1 => ({
  id: 'sale-old-1',
  storeId: 'S1',
  deviceId: 'd1',
  associateId: 'S1-1001',
  currency: 'BRL',
  pricesIncludeTax: true,
  lines: [
    {
      lineNo: 1,
      sku: shoe.sku,
      name: shoe.name,
      quantity: 2,
      unitPrice: 12990,
      discount: 0,
      taxClass: 'standard',
      taxRateBp: 1800,
      net: 25980,
      tax: 3963,
      total: 25980,
    },
  ],
  tenders: [{ id: 't1', kind: 'cash', amount: 30000 }],
  totals: { subtotal: 25980, discount: 0, tax: 3963, total: 25980, tendered: 30000, change: 4020 },
  customerId: 'CUST-7',
  createdAtDevice: '2026-11-23T13:05:00.000-03:00',
  ...over,
});

/** A v2 sale split over a card, a Pix and cash, with a card declined and reversed on the way. */
const splitSale = (): Sale =>
  completeSale({
    store: storeS1,
    deviceId: 'd1',
    associateId: 'S1-1001',
    receiptNumber: 'S1-03-000123',
    lines: [{ sku: shoe.sku, name: shoe.name, quantity: 2, unitPrice: 12990, taxClass: 'standard' }],
    tenders: [reversed(cardTender('k0', 25980)), cardTender('k1', 10000), pixTender('p1', 10000), cashTender('c1', 6000)],
    customerId: 'CUST-7',
    newId: sequentialIds('sale'),
    clock: fixedClock(),
  });

describe('sales v1 → v2 (what a tablet on the previous app pushes, and what a device migrates)', () => {
  it('upgrades a cash sale to a v2 sale the server checks like any other: same figures, the defaults of then', () => {
    const upgraded = saleV1.upgrade(v1Sale());
    expect(SaleSchema.safeParse(upgraded).success).toBe(true);
    expect(upgraded).toMatchObject({
      taxRounding: 'line',
      cashRoundingStep: 1,
      shiftId: null,
      voidedLines: [],
      discountApprovedBy: null,
      customerTaxId: null,
      customerId: 'CUST-7',
      tenders: [{ id: 't1', kind: 'cash', amount: 30000 }],
      totals: { total: 25980, tendered: 30000, change: 4020, cashRounding: 0 },
    });
    expect(upgraded.lines[0]!.discounts).toEqual([]);
    expect(verifySale(upgraded, storeS1, catalog).ok).toBe(true);
  });

  it('gives a legacy sale a receipt number of its store, device 00, 9 digits from its id: the same on every run', () => {
    const number = saleV1.upgrade(v1Sale()).receiptNumber;
    expect(number).toMatch(/^S1-00-\d{9}$/);
    expect(ReceiptNumberSchema.safeParse(number).success).toBe(true);
    expect(saleV1.upgrade(v1Sale()).receiptNumber).toBe(number);
    expect(legacyReceiptNumber('S1', 'sale-old-1')).toBe(number);
    expect(legacyReceiptNumber('S1', 'sale-old-2')).not.toBe(number);
  });

  it('keeps a v1 line discount as a manual discount with reason "other", so the line still adds up', () => {
    const line = { ...v1Sale().lines[0]!, discount: 980, net: 25000, tax: 3814, total: 25000 };
    const upgraded = saleV1.upgrade(
      v1Sale({ lines: [line], totals: { subtotal: 25980, discount: 980, tax: 3814, total: 25000, tendered: 30000, change: 5000 } }),
    );
    expect(upgraded.lines[0]!.discounts).toEqual([{ source: 'manual', scope: 'line', reason: 'other', amount: 980 }]);
    expect(SaleSchema.safeParse(upgraded).success).toBe(true);
  });

  it('refuses a v1 card tender: it has no approval code, brand or last four digits to record', () => {
    const withCard = v1Sale({
      tenders: [
        { id: 't1', kind: 'cash', amount: 5980 },
        { id: 't2', kind: 'card', amount: 20000 },
      ],
    });
    try {
      saleV1.upgrade(withCard);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe(ErrorCode.VALIDATION_FAILED);
      expect((error as DomainError).fieldErrors).toEqual([{ path: 'tenders.1.kind', message: expect.stringContaining('approval code') }]);
    }
  });

  it('is idempotent and leaves a current sale as it is, whichever legacy upgrades run over it', () => {
    const current = splitSale();
    expect(saleV1.upgrade(current)).toBe(current);
    expect(saleV0.upgrade(current)).toBe(current);
    const once = saleV1.upgrade(v1Sale());
    expect(saleV1.upgrade(once)).toEqual(once);
    // The server and the device run every legacy upgrade in turn over a stored document.
    const { customerId: _c, ...v0 } = v1Sale();
    const chained = [saleV0, saleV1].reduce<unknown>((doc, legacy) => legacy.upgrade(doc as never), v0);
    expect(chained).toEqual({ ...once, customerId: null });
  });
});

describe('sales v2 → v1 and v0 (what a tablet on an older app pulls)', () => {
  it('gives the old app card and Pix as "card" of their amount, without reversed tenders or what it does not know', () => {
    const sale = splitSale();
    const v1 = saleV1.downgrade(sale);
    expect(SaleSchemaV1.strict().safeParse(v1).success).toBe(true);
    expect(v1.tenders).toEqual([
      { id: 'k1', kind: 'card', amount: 10000 },
      { id: 'p1', kind: 'card', amount: 10000 },
      { id: 'c1', kind: 'cash', amount: 6000 },
    ]);
    expect(v1.totals).toEqual({ subtotal: 25980, discount: 0, tax: 3963, total: 25980, tendered: 26000, change: 20 });
    expect(v1.customerId).toBe('CUST-7');
    const v0 = saleV0.downgrade(sale);
    expect(SaleSchemaV0.strict().safeParse(v0).success).toBe(true);
    expect('customerId' in v0).toBe(false);
  });

  it('round-trips a v1 cash sale through v2 unchanged, so the old app adopts the decided sale as its own', () => {
    const old = v1Sale();
    expect(saleV1.downgrade(saleV1.upgrade(old))).toEqual(old);
    const { customerId: _c, ...v0 } = old;
    expect(saleV0.downgrade(saleV0.upgrade(v0))).toEqual(v0);
  });
});
