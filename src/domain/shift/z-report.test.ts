import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LineDiscount, SaleLineV2 } from '../sale/schema.js';
import type { PaymentTender } from '../tender/schema.js';
import { tenderState } from '../tender/state.js';
import { ZReportSchema } from './schema.js';
import { computeZReport, type ShiftSale, type ZReportInput } from './z-report.js';

const SHIFT = '019ac000-0000-7000-8000-000000000001';
const OTHER_SHIFT = '019ac000-0000-7000-8000-000000000002';
const decided = (status: 'accepted' | 'rejected') => ({ status, code: null, message: null, decidedAt: '2026-11-26T12:00:00.000Z' });

const line = (quantity: number, unitPrice: number, discounts: LineDiscount[] = []): SaleLineV2 => {
  const discount = discounts.reduce((s, d) => s + d.amount, 0);
  const net = quantity * unitPrice - discount;
  return {
    lineNo: 1,
    sku: 'SKU-1',
    name: 'Item',
    quantity,
    unitPrice,
    discount,
    discounts,
    taxClass: 'standard',
    taxRateBp: 1800,
    net,
    tax: 0,
    total: net,
  };
};
const cash = (amount: number, reversed = false): PaymentTender => ({
  kind: 'cash',
  id: `c${amount}`,
  amount,
  ...(reversed ? { reversal: { reason: 'entered_in_error', reversedBy: 'S1-1001' } } : {}),
});
const card = (amount: number, funding: 'credit' | 'debit', installments = 1): PaymentTender => ({
  kind: 'card',
  id: `k${amount}`,
  amount,
  funding,
  brand: 'visa',
  last4: '4242',
  approvalCode: 'A1B2C3',
  installments,
});
const pix = (amount: number, reversed = false): PaymentTender => ({
  kind: 'pix',
  id: `p${amount}`,
  amount,
  txid: 'TX1',
  reference: 'Maria',
  confirmedBy: 'S1-1001',
  ...(reversed ? { reversal: { reason: 'payment_failed', reversedBy: 'S1-1001' } } : {}),
});
const sale = (
  id: string,
  over: {
    lines: SaleLineV2[];
    tenders: PaymentTender[];
    tax: number;
    change?: number;
    cashRounding?: number;
    shiftId?: string;
    status?: 'accepted' | 'rejected' | 'pending';
  },
): ShiftSale => {
  const total = over.lines.reduce((s, l) => s + l.total, 0);
  const paid = over.tenders.filter((t) => !t.reversal).reduce((s, t) => s + t.amount, 0);
  return {
    id,
    shiftId: over.shiftId ?? SHIFT,
    lines: over.lines,
    voidedLines: [],
    tenders: over.tenders,
    totals: {
      subtotal: over.lines.reduce((s, l) => s + l.quantity * l.unitPrice, 0),
      discount: over.lines.reduce((s, l) => s + l.discount, 0),
      tax: over.tax,
      total,
      tendered: paid,
      change: over.change ?? 0,
      cashRounding: over.cashRounding ?? 0,
    },
    ...(over.status === 'pending' ? {} : { outcome: decided(over.status ?? 'accepted') }),
  };
};

/** A shift of four sales (one still unsynced), one the server refused, one of another shift, a void and two cash moves. */
function busyShift(): ZReportInput {
  const a = sale('A', {
    lines: [line(2, 4990, [{ source: 'promotion', promotionId: 'P10', amount: 998 }])],
    tenders: [cash(10000)],
    tax: 1500,
    change: 1018,
  });
  const b = sale('B', {
    lines: [line(1, 12000, [{ source: 'manual', scope: 'line', reason: 'damaged_item', amount: 1200 }])],
    tenders: [pix(5000, true), card(10800, 'credit', 3)],
    tax: 1800,
    status: 'pending',
  });
  // 35,03 with cash rounded to 5 centavos: 10,00 on debit, 25,05 asked in cash, 30,00 given, 4,95 back.
  const c = { ...sale('C', { lines: [line(1, 3503)], tenders: [card(1000, 'debit'), cash(3000)], tax: 500, change: 495, cashRounding: 2 }) };
  c.voidedLines = [{ sku: 'SKU-9', name: 'Meia', quantity: 1, unitPrice: 1999, voidedBy: 'S1-1001' }];
  const d = sale('D', { lines: [line(1, 5000)], tenders: [pix(5000)], tax: 800 });
  const refused = sale('E', { lines: [line(1, 7777)], tenders: [cash(7777)], tax: 0, status: 'rejected' });
  const elsewhere = sale('F', { lines: [line(1, 9999)], tenders: [cash(9999)], tax: 0, shiftId: OTHER_SHIFT });
  return {
    shiftId: SHIFT,
    currency: 'BRL',
    openedAt: '2026-11-26T09:00:00.000-03:00',
    closedAt: '2026-11-26T18:00:00.000-03:00',
    float: 10000,
    cashMoves: [
      { direction: 'in', amount: 5000 },
      { direction: 'out', amount: 20000 },
    ],
    sales: [a, b, c, d, refused, elsewhere],
    voidedSales: [
      { shiftId: SHIFT, lines: [{ quantity: 2, unitPrice: 2295 }], total: 4590 },
      { shiftId: SHIFT, lines: [{ quantity: 1, unitPrice: 100 }], total: 100, rejected: true },
      { shiftId: OTHER_SHIFT, lines: [{ quantity: 1, unitPrice: 300 }], total: 300 },
    ],
    counted: { cash: 6480, card: 11800, pix: 5000 },
  };
}

describe('Z report', () => {
  it("adds up a shift's sales, synced or not, by tender, with discounts, voids, cash moves and over/short to the centavo", () => {
    const report = computeZReport(busyShift());
    expect(ZReportSchema.parse(report)).toEqual(report);
    expect(report).toMatchObject({
      salesCount: 4,
      unsyncedSales: 1,
      gross: 30483,
      discounts: { total: 2198, byPromotion: [{ promotionId: 'P10', amount: 998 }], byReason: [{ reason: 'damaged_item', amount: 1200 }] },
      tax: 4600,
      net: 28285,
      tenders: {
        cash: { count: 2, tendered: 13000, change: 1513, cashRounding: 2, net: 11487 },
        card: { count: 2, net: 11800, credit: 10800, debit: 1000, installments: [{ installments: 3, count: 1, amount: 10800 }] },
        pix: { count: 1, net: 5000 },
      },
      reversedTenders: { count: 1, amount: 5000 },
      voidedLines: { count: 1, amount: 1999 },
      voidedSales: { count: 1, amount: 4590 },
      returns: { count: 0, amount: 0 },
      rejectedSales: { count: 1, amount: 7777 },
      float: 10000,
      cashIn: 5000,
      cashOut: 20000,
      // 100,00 float + 114,87 cash kept + 50,00 in − 200,00 out
      expected: { cash: 6487, card: 11800, pix: 5000 },
      counted: { cash: 6480, card: 11800, pix: 5000 },
      overShort: { cash: -7, card: 0, pix: 0 },
    });
  });

  it('takes in by tender what customers owed plus the cash rounding', () => {
    const report = computeZReport(busyShift());
    const { cash, card, pix } = report.tenders;
    expect(cash.net + card.net + pix.net).toBe(report.net + cash.cashRounding);
  });

  it('counts what store credit and gift cards paid apart from the drawer, the terminal and Pix, so the tenders still add up', () => {
    const input = busyShift();
    const storeCredit: PaymentTender = { kind: 'credit', id: 'cr1', amount: 3000, code: 'VCR7K2M9P4Q8', check: 'online' };
    const paidByCredit = sale('s-credit', { lines: [line(1, 5000)], tenders: [storeCredit, cash(2000)], tax: 763 });
    const before = computeZReport(input);
    const report = computeZReport({ ...input, sales: [...input.sales, paidByCredit] });
    expect(report.tenders.storeCredit).toEqual({ count: 1, net: 3000 });
    expect(report.expected.cash).toBe(before.expected.cash + 2000);
    expect(report.expected.card).toBe(before.expected.card);
    const { cash: c, card: k, pix: p, storeCredit: sc } = report.tenders;
    expect(c.net + k.net + p.net + sc!.net).toBe(report.net + c.cashRounding);
    expect(ZReportSchema.parse(report)).toEqual(report);
  });

  it('expects just the float when nothing was sold', () => {
    const report = computeZReport({ ...busyShift(), sales: [], voidedSales: [], cashMoves: [], counted: { cash: 10000, card: 0, pix: 0 } });
    expect(report).toMatchObject({
      salesCount: 0,
      gross: 0,
      net: 0,
      expected: { cash: 10000, card: 0, pix: 0 },
      overShort: { cash: 0, card: 0, pix: 0 },
    });
  });

  it('expects float + cash in − cash out + the net cash of every sale, for random shifts', () => {
    const saleArb = fc.record({
      total: fc.integer({ min: 1, max: 500_000 }),
      nonCashShare: fc.double({ min: 0, max: 1, noNaN: true }),
      nonCashKind: fc.constantFrom('card', 'pix'),
      extraCash: fc.integer({ min: 0, max: 20_000 }),
      rounding: fc.constantFrom(1, 5, 10, 25, 50, 100),
      reversedCash: fc.option(fc.integer({ min: 1, max: 10_000 }), { nil: undefined }),
      status: fc.constantFrom('accepted', 'pending', 'rejected'),
    });
    const moveArb = fc.record({ direction: fc.constantFrom('in', 'out'), amount: fc.integer({ min: 1, max: 100_000 }) });
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100_000 }),
        fc.array(saleArb, { maxLength: 25 }),
        fc.array(moveArb, { maxLength: 6 }),
        (float, drafts, moves) => {
          let owedInCash = 0;
          const sales = drafts.map((d, i) => {
            // Cash under half a rounding step cannot be taken (it rounds to nothing): such a rest goes on the card too.
            const share = Math.floor(d.total * d.nonCashShare);
            const nonCash = d.total - share < 100 ? d.total : share;
            const tenders: PaymentTender[] = [];
            if (nonCash > 0) tenders.push(d.nonCashKind === 'card' ? card(nonCash, 'debit') : pix(nonCash));
            if (d.reversedCash) tenders.push(cash(d.reversedCash, true));
            const cashDue = tenderState(d.total, tenders, d.rounding as 1).cashToSettle;
            if (cashDue > 0) tenders.push({ ...cash(cashDue + d.extraCash), id: `cash-${i}` });
            const state = tenderState(d.total, tenders, d.rounding as 1);
            expect(state.complete).toBe(true);
            // What stays in the drawer from this sale, from the tender identity paid = total + cashRounding + change.
            if (d.status !== 'rejected') owedInCash += d.total + state.cashRounding - nonCash;
            return sale(`S${i}`, {
              lines: [line(1, d.total)],
              tenders,
              tax: 0,
              change: state.change,
              cashRounding: state.cashRounding,
              status: d.status as 'accepted',
            });
          });
          const report = computeZReport({ ...busyShift(), float, sales, voidedSales: [], cashMoves: moves as ZReportInput['cashMoves'] });
          const signed = moves.reduce((s, m) => s + (m.direction === 'in' ? m.amount : -m.amount), 0);
          expect(report.expected.cash).toBe(float + signed + owedInCash);
          expect(report.expected.cash).toBe(float + report.cashIn - report.cashOut + report.tenders.cash.net);
          expect(report.tenders.cash.net + report.tenders.card.net + report.tenders.pix.net).toBe(report.net + report.tenders.cash.cashRounding);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('Z report with gift cards sold', () => {
  it('counts the cards sold apart from the items (not in net, not taxed) while their cash is expected in the drawer', () => {
    const input = busyShift();
    const cardOnly: ShiftSale = {
      ...sale('G', { lines: [], tenders: [cash(10000)], tax: 0 }),
      giftCards: [{ code: 'GIFT0000CARD0001', amount: 10000 }],
    };
    const without = computeZReport(input);
    const withCard = computeZReport({ ...input, sales: [...input.sales, cardOnly] });
    expect(withCard.giftCardsSold).toEqual({ count: 1, amount: 10000 });
    expect(withCard.net).toBe(without.net);
    expect(withCard.tax).toBe(without.tax);
    expect(withCard.expected.cash).toBe(without.expected.cash + 10000);
    expect(ZReportSchema.safeParse(withCard).success).toBe(true);
  });
});
