import { describe, expect, it } from 'vitest';
import { completeCashSale, type Sale } from '../../../domain/index.js';
import { fixedClock, storeS1 } from '../../../domain/testing/fixtures.js';
import { filterSales, NO_FILTER, storeDay, tenderTotals, uuidv7Floor } from './sales-filter.js';

let n = 0;
const sale = (over: { associateId?: string; unitPrice?: number; receiptNumber?: string } = {}): Sale =>
  completeCashSale({
    store: storeS1,
    deviceId: 'dev-1',
    associateId: over.associateId ?? 'S1-1001',
    lines: [{ sku: 'TEN-0001-42-PRE', name: 'Tênis', quantity: 1, unitPrice: over.unitPrice ?? 1_000, taxClass: 'standard' }],
    cashTendered: over.unitPrice ?? 1_000,
    receiptNumber: over.receiptNumber ?? `S1-01-${String(++n).padStart(6, '0')}`,
    newId: () => `01900000-0000-7000-8000-${String(++n).padStart(12, '0')}`,
    clock: fixedClock(),
  });

describe('the sales list filters', () => {
  const ana = sale({ associateId: 'S1-1001', unitPrice: 5_000, receiptNumber: 'S1-01-000123' });
  const bruno = sale({ associateId: 'S1-1002', unitPrice: 20_000, receiptNumber: 'S1-02-000007' });
  const small = sale({ associateId: 'S1-1002', unitPrice: 500, receiptNumber: 'S1-02-000008' });
  const all = [ana, bruno, small];
  const status = (s: Sale) => (s === bruno ? 'rejected' : 'pending');

  it('keep every sale with no filter', () => {
    expect(filterSales(all, NO_FILTER, status)).toEqual(all);
  });

  it('narrow by associate, status and an amount range, bounds included', () => {
    expect(filterSales(all, { ...NO_FILTER, associateId: 'S1-1002' }, status)).toEqual([bruno, small]);
    expect(filterSales(all, { ...NO_FILTER, status: 'rejected' }, status)).toEqual([bruno]);
    expect(filterSales(all, { ...NO_FILTER, minTotal: 5_000, maxTotal: 20_000 }, status)).toEqual([ana, bruno]);
    expect(filterSales(all, { ...NO_FILTER, maxTotal: 4_999 }, status)).toEqual([small]);
  });

  it('find a receipt by any part of its number, case and spaces ignored', () => {
    expect(filterSales(all, { ...NO_FILTER, receipt: '000123' }, status)).toEqual([ana]);
    expect(filterSales(all, { ...NO_FILTER, receipt: ' s1-02- ' }, status)).toEqual([bruno, small]);
    expect(filterSales(all, { ...NO_FILTER, receipt: 'S9' }, status)).toEqual([]);
  });
});

describe('totals by tender', () => {
  it('count what each tender took: cash net of change, reversed tenders not at all', () => {
    const base = sale({ unitPrice: 10_000 });
    const split: Sale = {
      ...base,
      tenders: [
        { id: 'c', kind: 'card', amount: 6_000, funding: 'debit', brand: 'elo', last4: '1234', approvalCode: 'X1', installments: 1 },
        {
          id: 'p',
          kind: 'pix',
          amount: 4_000,
          txid: 'T',
          reference: 'r',
          confirmedBy: 'S1-1001',
          reversal: { reason: 'payment_failed', reversedBy: 'S1-1001' },
        },
        { id: 'm', kind: 'cash', amount: 5_000 },
      ],
      totals: { ...base.totals, tendered: 11_000, change: 1_000 },
    };
    expect(tenderTotals([split, sale({ unitPrice: 2_500 })])).toEqual({ cash: 6_500, card: 6_000, pix: 0, credit: 0, total: 12_500 });
  });
});

describe('the store day', () => {
  it('is the calendar day on the store’s clock, not the device’s', () => {
    expect(storeDay('2026-11-26T02:30:00Z', 'America/Sao_Paulo')).toBe('2026-11-25');
    expect(storeDay('2026-11-26T02:30:00Z', 'Europe/Lisbon')).toBe('2026-11-26');
  });

  it('starts a UUIDv7 range at the first id of an instant: ids of that instant sort after it, earlier ones before', () => {
    const at = Date.UTC(2026, 10, 26);
    const idAt = (ms: number) => `${uuidv7Floor(ms).slice(0, 13)}-7abc-8def-0123456789ab`;
    expect(idAt(at) >= uuidv7Floor(at)).toBe(true);
    expect(idAt(at - 1) < uuidv7Floor(at)).toBe(true);
    expect(uuidv7Floor(at).replace(/-/g, '').slice(0, 12)).toBe(at.toString(16).padStart(12, '0'));
  });
});
