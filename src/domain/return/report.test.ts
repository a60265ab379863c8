import { describe, expect, it } from 'vitest';
import { computeZReport } from '../shift/z-report.js';
import { eligibility, returnProblems } from './eligibility.js';
import { shiftReturns, storeReturnFigures, type ReportedReturn } from './report.js';
import { purchaseOfReturnable, returnableOfOrder, returnableOfSaleSummary, type SaleSummary } from './returnable.js';
import type { OrderSummary } from '../order/lookup.js';

const ret = (
  shiftId: string | null,
  tenders: { kind: 'cash' | 'card' | 'pix' | 'platform'; amount: number }[],
  lines: [ReportedReturn['payload']['lines'][number]['reason'], number][],
  status?: 'accepted' | 'rejected',
): ReportedReturn => ({
  id: `r-${Math.random()}`,
  createdAtDevice: '2026-11-20T12:00:00.000Z',
  payload: {
    shiftId,
    refund: { method: 'original_tender', tenders },
    lines: lines.map(([reason, quantity], i) => ({ lineNo: i + 1, sku: 'CAM-1', quantity, reason, condition: 'resellable' })),
  },
  outcome: status ? { status } : null,
});

describe('returns in the reports', () => {
  it("counts a shift's returns, synced or not, but not refused ones; cash refunds leave the drawer, card and Pix come off their figures", () => {
    const returns = [
      ret('shift-1', [{ kind: 'cash', amount: 1000 }], [['wrong_size', 1]]),
      ret(
        'shift-1',
        [
          { kind: 'card', amount: 700 },
          { kind: 'pix', amount: 300 },
        ],
        [['defective', 1]],
        'accepted',
      ),
      ret('shift-1', [{ kind: 'cash', amount: 5000 }], [['defective', 1]], 'rejected'),
      ret('shift-2', [{ kind: 'cash', amount: 900 }], [['defective', 1]]),
      ret(null, [{ kind: 'cash', amount: 900 }], [['defective', 1]]),
    ];
    expect(shiftReturns(returns, 'shift-1')).toEqual({ count: 2, amount: 2000, cash: 1000, card: 700, pix: 300 });

    const report = computeZReport({
      shiftId: 'shift-1',
      currency: 'BRL',
      openedAt: '2026-11-20T10:00:00.000Z',
      closedAt: '2026-11-20T18:00:00.000Z',
      float: 10_000,
      cashMoves: [{ direction: 'out', amount: 2000 }],
      sales: [],
      voidedSales: [],
      returns,
      counted: { cash: 7000, card: 0, pix: 0 },
    });
    expect(report.returns).toEqual({ count: 2, amount: 2000 });
    // 10 000 float − 2 000 taken out − 1 000 handed back for a return.
    expect(report.cashOut).toBe(3000);
    expect(report.expected).toEqual({ cash: 7000, card: -700, pix: -300 });
    expect(report.overShort.cash).toBe(0);
  });

  it("gives the store's return rate over units sold and its top reasons by units, refused returns left out", () => {
    const figures = storeReturnFigures(
      [
        ret(
          null,
          [{ kind: 'cash', amount: 100 }],
          [
            ['wrong_size', 2],
            ['defective', 1],
          ],
        ),
        ret(null, [{ kind: 'platform', amount: 50 }], [['wrong_size', 1]], 'accepted'),
        ret(null, [{ kind: 'cash', amount: 999 }], [['changed_mind', 9]], 'rejected'),
        ret(null, [], [['other', 1]]),
      ],
      40,
    );
    expect(figures).toEqual({
      rate: 5 / 40,
      unitsReturned: 5,
      unitsSold: 40,
      refunded: 150,
      topReasons: [
        { reason: 'wrong_size', units: 3 },
        { reason: 'defective', units: 1 },
        { reason: 'other', units: 1 },
      ],
    });
    expect(storeReturnFigures([], 0).rate).toBe(0);
  });
});

describe('purchases found by a lookup', () => {
  const order = (over: Partial<OrderSummary>): OrderSummary => ({
    id: 'o-1',
    number: 'WEB-1',
    channel: 'web',
    state: 'collected',
    storeId: 'S1',
    fulfilment: 'pickup',
    deliveryCity: null,
    customerName: 'Ana',
    currency: 'BRL',
    pricesIncludeTax: true,
    lines: [
      { lineNo: 1, sku: 'CAM-1', name: 'Camiseta', quantity: 2, unitPrice: 5000, discount: 0, tax: 0, total: 10_000, collected: 1, returned: 0 },
    ],
    totals: { subtotal: 10_000, discount: 0, shipping: 0, tax: 0, total: 10_000 } as OrderSummary['totals'],
    payments: [{ method: 'credit_card', amount: 10_000, status: 'paid' }],
    placedAt: '2026-11-01T10:00:00.000Z',
    collectedAt: '2026-11-02T10:00:00.000Z',
    deliveredAt: null,
    cancelledAt: null,
    ...over,
  });
  const windows = { defaultDays: 30, byCategory: {} };

  it('lets only the collected units of a pickup order come back, and nothing of a shipped order not delivered yet', () => {
    const collected = returnableOfOrder(order({}));
    const lines = eligibility({
      purchase: purchaseOfReturnable(collected, () => undefined),
      windows,
      returned: new Map(),
      at: '2026-11-03T10:00:00.000Z',
    });
    expect(returnProblems(lines, [{ lineNo: 1, sku: 'CAM-1', quantity: 2 }], false)).toEqual([
      { kind: 'over_return', lineNo: 1, sku: 'CAM-1', requested: 2, remaining: 1, bought: 1 },
    ]);
    const shipped = returnableOfOrder(order({ fulfilment: 'ship', collectedAt: null, deliveredAt: null, storeId: null }));
    const none = eligibility({
      purchase: purchaseOfReturnable(shipped, () => undefined),
      windows,
      returned: new Map(),
      at: '2026-11-03T10:00:00.000Z',
    });
    expect(returnProblems(none, [{ lineNo: 1, sku: 'CAM-1', quantity: 1 }], true)).toEqual([{ kind: 'not_received', lineNo: 1 }]);
  });

  it('refunds a looked-up sale to what each tender kind paid, its units already returned counted', () => {
    const summary: SaleSummary = {
      id: 's-1',
      receiptNumber: 'S1-01-000001',
      storeId: 'S1',
      currency: 'BRL',
      acceptedAt: '2026-11-01T10:00:00.000Z',
      total: 9000,
      paid: [
        { kind: 'cash', amount: 3000 },
        { kind: 'card', amount: 6000 },
      ],
      lines: [{ lineNo: 1, sku: 'CAM-1', name: 'Camiseta', quantity: 3, total: 9000, returned: 2 }],
    };
    const r = returnableOfSaleSummary(summary);
    const lines = eligibility({
      purchase: purchaseOfReturnable(r, () => undefined),
      windows,
      returned: new Map([[1, 2]]),
      at: '2026-11-03T10:00:00.000Z',
    });
    expect(lines[0]).toMatchObject({ remaining: 1, inPolicy: true });
    expect(r.paidBy).toEqual({ kind: 'sale', sale: { tenders: summary.paid, totals: { total: 9000 } } });
  });
});
