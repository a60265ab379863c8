import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cardTender, cashTender, pixTender, reversed } from '../testing/sales.js';
import { computeRefund, lineRefund, paidByKind, refundAmount } from './refund.js';

const totals = (total: number, change = 0) => ({ subtotal: total, discount: 0, tax: 0, total, tendered: total + change, change, cashRounding: 0 });

describe('refund of a return', () => {
  it('gives back exactly the line total over any sequence of partial returns of the whole line: no cent lost or paid twice', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 0, max: 1000 }),
        (quantity, total, seed) => {
          const line = { lineNo: 1, quantity, total };
          let returned = 0;
          let paid = 0;
          let step = seed;
          while (returned < quantity) {
            const q = 1 + (step % (quantity - returned));
            step = (step * 7 + 3) % 1001;
            paid += lineRefund(line, returned, q);
            returned += q;
          }
          expect(paid).toBe(total);
        },
      ),
    );
  });

  it('refunds a sale to its tenders as they paid (reversed tenders paid nothing, cash net of change), cents to the largest', () => {
    const sale = { tenders: [cardTender('c', 6000), reversed(pixTender('p', 4000)), cashTender('m', 5000)], totals: totals(10000, 1000) };
    expect(paidByKind(sale)).toEqual([
      ['cash', 4000],
      ['card', 6000],
    ]);
    expect(computeRefund('original_tender', 2501, { kind: 'sale', sale })).toEqual({
      method: 'original_tender',
      tenders: [
        { kind: 'cash', amount: 1000 },
        { kind: 'card', amount: 1501 },
      ],
    });
    expect(computeRefund('store_credit', 2501, { kind: 'sale', sale }).tenders).toEqual([{ kind: 'store_credit', amount: 2501 }]);
    expect(computeRefund('original_tender', 700, { kind: 'order', order: { payments: [] } }).tenders).toEqual([{ kind: 'platform', amount: 700 }]);
    expect(computeRefund('original_tender', 0, { kind: 'sale', sale }).tenders).toEqual([]);
  });

  it('splits any amount over any tenders so the parts add up to it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000 }),
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 0, max: 100_000 }),
        (cash, card, amount) => {
          const sale = { tenders: [cashTender('m', cash), ...(card > 0 ? [cardTender('c', card)] : [])], totals: totals(cash + card) };
          const parts = computeRefund('original_tender', Math.min(amount, cash + card), { kind: 'sale', sale }).tenders;
          expect(parts.reduce((a, t) => a + t.amount, 0)).toBe(Math.min(amount, cash + card));
        },
      ),
    );
  });

  it('counts the units of a line returned earlier, in the same return too', () => {
    const lines = [{ lineNo: 1, quantity: 3, total: 1000 }];
    expect(refundAmount(lines, [{ lineNo: 1, quantity: 1 }], new Map())).toBe(333);
    expect(
      refundAmount(
        lines,
        [
          { lineNo: 1, quantity: 1 },
          { lineNo: 1, quantity: 1 },
        ],
        new Map([[1, 1]]),
      ),
    ).toBe(667);
  });
});
