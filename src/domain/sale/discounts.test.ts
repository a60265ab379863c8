import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { LineDiscount } from './schema.js';
import {
  applyManualDiscounts,
  discountApprovalCovers,
  discountApprovalOf,
  manualDiscountNeedsApproval,
  ManualDiscountSchema,
  shareOut,
  type ManualDiscount,
} from './discounts.js';

const promo = (amount: number): LineDiscount => ({ source: 'promotion', promotionId: 'P1', amount });
const line = (unitPrice: number, quantity = 1, discounts: LineDiscount[] = []) => ({ unitPrice, quantity, discounts });
const sum = (ds: readonly LineDiscount[]) => ds.reduce((a, d) => a + d.amount, 0);

describe('manual discounts', () => {
  it('takes a line percent off the net after its promotion, rounded half up', () => {
    // 2 × 50.00 = 100.00, promotion −10.00 → 90.00; 15 % of 90.00 = 13.50
    const [discounts] = applyManualDiscounts([line(5000, 2, [promo(1000)])], [{ kind: 'percent', value: 1500, reason: 'damaged_item' }], null);
    expect(discounts).toEqual([promo(1000), { source: 'manual', scope: 'line', reason: 'damaged_item', amount: 1350 }]);
  });

  it('never takes a line below zero: an amount larger than what is left takes what is left', () => {
    const [discounts] = applyManualDiscounts([line(1000, 1, [promo(400)])], [{ kind: 'amount', value: 5000, reason: 'price_match' }], null);
    expect(sum(discounts!)).toBe(1000);
    expect(discounts![1]).toMatchObject({ scope: 'line', amount: 600 });
  });

  it('shares a cart discount out to the lines in proportion to their net, adding up to the cent', () => {
    // nets 30.00, 10.00 and 0.01 share R$ 10.00: 7.50 (7.498…), 2.50 (2.499…), 0.00 (0.0025) → largest remainders.
    const out = applyManualDiscounts([line(3000), line(1000), line(1)], [], { kind: 'amount', value: 1000, reason: 'customer_goodwill' });
    expect(out.map(sum)).toEqual([750, 250, 0]);
    expect(out[2]).toEqual([]);
    expect(out[0]![0]).toEqual({ source: 'manual', scope: 'cart', reason: 'customer_goodwill', amount: 750 });
  });

  it('applies a cart percent to what is left after the line discounts', () => {
    const out = applyManualDiscounts([line(10000), line(10000)], [{ kind: 'amount', value: 2000, reason: 'damaged_item' }], {
      kind: 'percent',
      value: 1000,
      reason: 'loyalty',
    });
    // 80.00 + 100.00 = 180.00; 10 % = 18.00 shared 8.00 / 10.00
    expect(out.map(sum)).toEqual([2000 + 800, 1000]);
  });

  it('refuses a discount with no reason or a percent over 100 when read from storage', () => {
    expect(ManualDiscountSchema.safeParse({ kind: 'percent', value: 1000 }).success).toBe(false);
    expect(ManualDiscountSchema.safeParse({ kind: 'percent', value: 10_001, reason: 'other' }).success).toBe(false);
    expect(ManualDiscountSchema.safeParse({ kind: 'amount', value: 500, reason: 'other' }).success).toBe(true);
  });

  const discountArb: fc.Arbitrary<ManualDiscount> = fc.oneof(
    fc.record({ kind: fc.constant('percent' as const), value: fc.integer({ min: 1, max: 10_000 }), reason: fc.constant('other' as const) }),
    fc.record({ kind: fc.constant('amount' as const), value: fc.integer({ min: 1, max: 5_000_000 }), reason: fc.constant('other' as const) }),
  );
  const lineArb = fc
    .record({
      unitPrice: fc.integer({ min: 0, max: 1_000_000 }),
      quantity: fc.integer({ min: 1, max: 50 }),
      promoShare: fc.integer({ min: 0, max: 100 }),
    })
    .map(({ unitPrice, quantity, promoShare }) => {
      const promoAmount = Math.floor((unitPrice * quantity * promoShare) / 100);
      return line(unitPrice, quantity, promoAmount > 0 ? [promo(promoAmount)] : []);
    });

  it('never takes a line below zero, keeps the promotions, and gives the whole cart discount when there is room (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(lineArb, fc.option(discountArb, { nil: undefined })), { minLength: 1, maxLength: 12 }),
        fc.option(discountArb, { nil: null }),
        (rows, cart) => {
          const lines = rows.map(([l]) => l);
          const out = applyManualDiscounts(
            lines,
            rows.map(([, d]) => d),
            cart,
          );
          out.forEach((discounts, i) => {
            const gross = lines[i]!.unitPrice * lines[i]!.quantity;
            expect(sum(discounts)).toBeLessThanOrEqual(gross);
            expect(discounts.slice(0, lines[i]!.discounts.length)).toEqual(lines[i]!.discounts);
            for (const d of discounts) expect(d.amount).toBeGreaterThan(0);
          });
          if (cart?.kind === 'amount') {
            const left = lines.reduce(
              (a, l, i) => a + l.unitPrice * l.quantity - sum(out[i]!.filter((d) => d.source !== 'manual' || d.scope !== 'cart')),
              0,
            );
            const given = out.reduce((a, ds) => a + sum(ds.filter((d) => d.source === 'manual' && d.scope === 'cart')), 0);
            expect(given).toBe(Math.min(cart.value, left));
          }
        },
      ),
    );
  });

  it('shares out exactly, never more than a weight, in proportion within one unit (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 10_000_000 }), { minLength: 1, maxLength: 20 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (weights, f) => {
          const total = weights.reduce((a, w) => a + w, 0);
          const amount = Math.floor(total * f);
          const shares = shareOut(amount, weights);
          expect(shares.reduce((a, s) => a + s, 0)).toBe(total === 0 ? 0 : amount);
          shares.forEach((s, i) => {
            expect(s).toBeLessThanOrEqual(weights[i]!);
            if (total > 0) expect(Math.abs(s - (amount * weights[i]!) / total)).toBeLessThan(1);
          });
        },
      ),
    );
  });
});

describe('manual discount approval', () => {
  const discounted = (manual: number, promotion = 0) => [
    line(10000, 1, [
      ...(promotion ? [promo(promotion)] : []),
      ...(manual ? [{ source: 'manual', scope: 'line', reason: 'other', amount: manual } as const] : []),
    ]),
  ];

  it('lets an associate give up to the store limit of the gross alone, and asks a manager above it', () => {
    expect(manualDiscountNeedsApproval(discounted(1000), 1000)).toBe(false);
    expect(manualDiscountNeedsApproval(discounted(1001), 1000)).toBe(true);
  });

  it('counts only manual discounts against the limit, not promotions', () => {
    expect(manualDiscountNeedsApproval(discounted(500, 5000), 1000)).toBe(false);
    expect(manualDiscountNeedsApproval(discounted(0, 9000), 0)).toBe(false);
  });

  it('asks a manager for any manual discount in a store with no limit set', () => {
    expect(manualDiscountNeedsApproval(discounted(1), undefined)).toBe(true);
    expect(manualDiscountNeedsApproval(discounted(0), undefined)).toBe(false);
  });
});

describe("a manager's approval", () => {
  const manual = (amount: number): LineDiscount => ({ source: 'manual', scope: 'cart', reason: 'customer_goodwill', amount });

  it('covers the cart the manager saw, and a smaller discount on it', () => {
    const seen = [line(10_000, 1, [manual(2_500)]), line(10_000, 1, [manual(2_500)])];
    const approval = discountApprovalOf(seen);
    expect(approval).toEqual({ amount: 5_000, gross: 20_000 });
    expect(discountApprovalCovers(approval, seen)).toBe(true);
    expect(discountApprovalCovers(approval, [line(10_000, 1, [manual(2_000)]), line(10_000, 1, [manual(2_000)])])).toBe(true);
  });

  it('does not cover a larger discount, nor the same fixed discount on a cart that lost lines since', () => {
    const approval = discountApprovalOf([line(10_000, 1, [manual(2_500)]), line(10_000, 1, [manual(2_500)])]);
    expect(discountApprovalCovers(approval, [line(10_000, 1, [manual(3_000)]), line(10_000, 1, [manual(2_500)])])).toBe(false);
    // R$ 50 off R$ 200 was 25 %; R$ 50 off the R$ 100 left is 50 %.
    expect(discountApprovalCovers(approval, [line(10_000, 1, [manual(5_000)])])).toBe(false);
  });
});
