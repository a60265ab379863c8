import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eligibility, returnProblems, type Purchase } from './eligibility.js';

const windows = { defaultDays: 30, byCategory: { 'Meias e Íntimos': 0, Calçados: 60 } };
const saleAt = '2026-11-01T12:00:00.000Z';
const sale = (over: Partial<Purchase> = {}): Purchase => ({
  kind: 'sale',
  receivedAt: saleAt,
  lines: [
    { lineNo: 1, sku: 'CAM-1', bought: 2, category: 'Camisetas' },
    { lineNo: 2, sku: 'MEI-1', bought: 3, category: 'Meias e Íntimos' },
    { lineNo: 3, sku: 'TEN-1', bought: 1, category: 'Calçados' },
  ],
  ...over,
});
const daysAfter = (from: string, days: number) => new Date(Date.parse(from) + days * 86_400_000).toISOString();
const inPolicy = (p: Purchase, at: string, extra: Partial<Parameters<typeof eligibility>[0]> = {}) =>
  eligibility({ purchase: p, windows, returned: new Map(), at, ...extra }).map((l) => l.inPolicy);

describe('return eligibility', () => {
  it("counts each line's window from the purchase: its category's days, else the store's default; 0 days means never", () => {
    expect(inPolicy(sale(), daysAfter(saleAt, 30))).toEqual([true, false, true]);
    expect(inPolicy(sale(), daysAfter(saleAt, 31))).toEqual([false, false, true]);
    expect(inPolicy(sale(), daysAfter(saleAt, 61))).toEqual([false, false, false]);
    // A store without return windows takes nothing back without a manager.
    expect(eligibility({ purchase: sale(), windows: undefined, returned: new Map(), at: saleAt }).map((l) => l.inPolicy)).toEqual([
      false,
      false,
      false,
    ]);
  });

  it('lets an online order come back within 7 days of collection whatever the store policy, final sale included (CDC Art. 49)', () => {
    const allFinal = (p: Purchase): Purchase => ({ ...p, lines: p.lines.map((l) => ({ ...l, finalSale: true })) });
    const order = allFinal(sale({ kind: 'order' }));
    expect(inPolicy(order, daysAfter(saleAt, 7))).toEqual([true, true, true]);
    expect(inPolicy(order, daysAfter(saleAt, 8))).toEqual([false, false, false]);
    // The same lines bought in a store get no statutory days: a final-sale line is outside policy from day one.
    expect(inPolicy(allFinal(sale()), daysAfter(saleAt, 1))).toEqual([false, false, false]);
    expect(eligibility({ purchase: allFinal(sale()), windows, returned: new Map(), at: saleAt })[0]).toMatchObject({ finalSale: true });
    // An order not yet collected or delivered has nothing to return.
    expect(inPolicy(sale({ kind: 'order', receivedAt: null }), saleAt)).toEqual([false, false, false]);
  });

  it('refuses a line never bought and more than remains; outside policy only without a manager', () => {
    const lines = eligibility({ purchase: sale(), windows, returned: new Map([[1, 1]]), at: daysAfter(saleAt, 45) });
    expect(returnProblems(lines, [{ lineNo: 9, sku: 'CAM-1', quantity: 1 }], true)).toEqual([{ kind: 'not_bought', lineNo: 9, sku: 'CAM-1' }]);
    expect(returnProblems(lines, [{ lineNo: 1, sku: 'TEN-1', quantity: 1 }], true)).toEqual([{ kind: 'not_bought', lineNo: 1, sku: 'TEN-1' }]);
    // Resellable and damaged units of one line count together against what remains (2 bought, 1 already back).
    const split = [
      { lineNo: 1, sku: 'CAM-1', quantity: 1 },
      { lineNo: 1, sku: 'CAM-1', quantity: 1 },
    ];
    expect(returnProblems(lines, split, true)).toMatchObject([{ kind: 'over_return', requested: 2, remaining: 1, bought: 2 }]);
    expect(returnProblems(lines, [{ lineNo: 1, sku: 'CAM-1', quantity: 1 }], false)).toMatchObject([{ kind: 'outside_policy', lineNo: 1 }]);
    expect(returnProblems(lines, [{ lineNo: 1, sku: 'CAM-1', quantity: 1 }], true)).toEqual([]);
    expect(returnProblems(lines, [{ lineNo: 3, sku: 'TEN-1', quantity: 1 }], false)).toEqual([]);
  });

  it('never lets more come back than was bought, across any sequence of returns, approved or not', () => {
    const line = fc.record({ lineNo: fc.integer({ min: 1, max: 4 }), quantity: fc.integer({ min: 1, max: 5 }) });
    fc.assert(
      fc.property(fc.array(fc.array(line, { minLength: 1, maxLength: 3 }), { maxLength: 12 }), fc.boolean(), (attempts, approved) => {
        const purchase: Purchase = {
          kind: 'order',
          receivedAt: saleAt,
          lines: [1, 2, 3].map((n) => ({ lineNo: n, sku: `SKU-${n}`, bought: n, category: undefined })),
        };
        const returned = new Map<number, number>();
        for (const attempt of attempts) {
          const requested = attempt.map((l) => ({ ...l, sku: `SKU-${l.lineNo}` }));
          const lines = eligibility({ purchase, windows, returned, at: daysAfter(saleAt, 2) });
          if (returnProblems(lines, requested, approved).length > 0) continue;
          for (const r of requested) returned.set(r.lineNo, (returned.get(r.lineNo) ?? 0) + r.quantity);
        }
        for (const p of purchase.lines) expect(returned.get(p.lineNo) ?? 0).toBeLessThanOrEqual(p.bought);
        expect(returned.has(4)).toBe(false);
      }),
    );
  });
});
