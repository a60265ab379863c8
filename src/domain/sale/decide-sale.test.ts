import { describe, expect, it } from 'vitest';
import { BatchState } from '../fact/state.js';
import type { StaffMember } from '../staff/schema.js';
import { fixedClock, product, sequentialIds, storeS1 } from '../testing/fixtures.js';
import { cardTender, cashTender, pixTender, reversed } from '../testing/sales.js';
import { completeCashSale, completeSale } from './build-sale.js';
import { decideSale } from './decide-sale.js';

const shoe = product();
const at = '2026-11-23T16:00:00.000Z';
const ana: StaffMember = {
  id: 'S1-1001',
  storeId: 'S1',
  staffNumber: '1001',
  name: 'Ana',
  role: 'associate',
  active: true,
  pinVerifier: { algorithm: 'PBKDF2-SHA256', iterations: 100_000, salt: 'c2FsdHNhbHRzYWx0c2FsdA==', hash: 'aGFzaGhhc2hoYXNoaGFzaA==' },
};
const sale = (associateId = ana.id) =>
  completeCashSale({
    store: storeS1,
    deviceId: 'd1',
    associateId,
    lines: [{ sku: shoe.sku, name: shoe.name, quantity: 2, unitPrice: shoe.price.amount, taxClass: shoe.taxClass }],
    cashTendered: 30000,
    newId: sequentialIds('sale'),
    clock: fixedClock(),
  });
const state = (...staff: StaffMember[]) =>
  new BatchState(storeS1)
    .loadDocuments('products', [shoe.sku], [shoe])
    .loadDocuments('staff', [ana.id, 'nobody'], staff)
    .loadPrices([shoe.sku], [])
    .loadReplacedStores([]);

describe('decideSale', () => {
  it('accepts a sale priced by the shared code and rung up by an active associate: one sale movement per line', () => {
    const s = sale();
    expect(decideSale(s, state(ana), at)).toEqual({
      status: 'accepted',
      effects: {
        movements: [{ id: `${s.id}:1`, storeId: 'S1', sku: shoe.sku, quantity: -2, reason: 'sale', sourceId: s.id, recordedAt: at }],
        documents: [],
        events: [],
      },
    });
  });

  it('rejects a sale whose figures do not add up, or whose associate is deactivated or unknown, with no effect', () => {
    const s = sale();
    const tampered = { ...s, totals: { ...s.totals, total: s.totals.total - 1, change: s.totals.change + 1 } };
    expect(decideSale(tampered, state(ana), at)).toMatchObject({ status: 'rejected', error: { code: 'SALE_TOTALS_MISMATCH' } });
    expect(decideSale(s, state({ ...ana, active: false }), at)).toMatchObject({ status: 'rejected', error: { code: 'ASSOCIATE_NOT_ALLOWED' } });
    expect(decideSale(sale('nobody'), state(ana), at)).toMatchObject({ status: 'rejected', error: { code: 'ASSOCIATE_NOT_ALLOWED' } });
  });

  it('rejects a sale whose figures add up at a price the product never had, with no effect', () => {
    const cheap = completeCashSale({
      store: storeS1,
      deviceId: 'd1',
      associateId: ana.id,
      lines: [{ sku: shoe.sku, name: shoe.name, quantity: 1, unitPrice: 1, taxClass: shoe.taxClass }],
      cashTendered: 1,
      newId: sequentialIds('cheap'),
      clock: fixedClock(),
    });
    expect(decideSale(cheap, state(ana), at)).toMatchObject({ status: 'rejected', error: { code: 'SALE_PRICE_UNKNOWN' } });
  });

  it('accepts a sale split over card, Pix and cash with a reversed tender; rejects it once a tender no longer covers it', () => {
    const split = completeSale({
      store: storeS1,
      deviceId: 'd1',
      associateId: ana.id,
      receiptNumber: 'S1-03-000042',
      lines: [{ sku: shoe.sku, name: shoe.name, quantity: 2, unitPrice: shoe.price.amount, taxClass: shoe.taxClass }],
      tenders: [reversed(pixTender('p0', 25980)), cardTender('k1', 20000, { installments: 3 }), pixTender('p1', 5000), cashTender('c1', 1000)],
      newId: sequentialIds('split'),
      clock: fixedClock(),
    });
    expect(split.totals).toMatchObject({ total: 25980, tendered: 26000, change: 20, cashRounding: 0 });
    expect(decideSale(split, state(ana), at)).toMatchObject({ status: 'accepted' });
    const short = {
      ...split,
      tenders: split.tenders.map((t) => (t.id === 'c1' ? { ...t, amount: 900 } : t)),
      totals: { ...split.totals, tendered: 25900, change: 0 },
    };
    expect(decideSale(short, state(ana), at)).toMatchObject({ status: 'rejected', error: { code: 'SALE_UNDERPAID' } });
  });
});
