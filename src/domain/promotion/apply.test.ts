import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate, applyPromotions, computePromotions, type PromotableLine } from './apply.js';
import { onCategories, onSkus, promotion } from './promotion-fixtures.js';
import { PromotionInputSchema, type Promotion, type PromotionRule } from './schema.js';

const ctx = { storeId: 'S1', at: '2026-06-01T12:00:00.000Z', currency: 'BRL' };
const line = (sku: string, unitPrice: number, quantity = 1, category = 'shoes'): PromotableLine => ({ sku, unitPrice, quantity, category });
const amounts = (discounts: { amount: number; promotionId?: string }[][]) =>
  discounts.map((d) => d.map((x) => `${'promotionId' in x ? x.promotionId : '?'}:${x.amount}`));

describe('applyPromotions: which promotions are in force', () => {
  const tenOff = (over: Partial<Promotion> = {}) => promotion('P', { kind: 'item_percent', target: onSkus('A'), percentBp: 1000 }, over);
  const give = (p: Promotion, at = ctx.at, storeId = 'S1') => applyPromotions([line('A', 1000)], [p], { ...ctx, at, storeId }).applied;

  it('applies from validFrom included to validTo excluded', () => {
    const p = tenOff({ validFrom: '2026-06-01T00:00:00.000Z', validTo: '2026-06-02T00:00:00.000Z' });
    expect(give(p, '2026-05-31T23:59:59.999Z')).toEqual([]);
    expect(give(p, '2026-06-01T00:00:00.000Z')).toEqual([{ promotionId: 'P', name: 'Promo P', amount: 100 }]);
    expect(give(p, '2026-06-02T00:00:00.000Z')).toEqual([]);
  });

  it('applies only in the stores it names, everywhere when it names none, and never when switched off', () => {
    expect(give(tenOff({ stores: ['S2'] }))).toEqual([]);
    expect(give(tenOff({ stores: ['S2'] }), ctx.at, 'S2')).toHaveLength(1);
    expect(give(tenOff({ stores: null }), ctx.at, 'S9')).toHaveLength(1);
    expect(give(tenOff({ active: false }))).toEqual([]);
  });

  it('ignores an amount promotion in another currency than the store', () => {
    const p = promotion('EUR5', { kind: 'item_amount', target: onSkus('A'), amount: 500 }, { currency: 'EUR' });
    expect(give(p)).toEqual([]);
  });
});

describe('applyPromotions: item rules', () => {
  it('takes a share off every targeted line, by SKU or by category, rounding half up', () => {
    const p = promotion('P', { kind: 'item_percent', target: { skus: ['A'], categories: ['bags'] }, percentBp: 1250 });
    const result = applyPromotions([line('A', 999, 2), line('B', 1000, 1, 'bags'), line('C', 1000)], [p], ctx);
    // 12.5 % of 1998 = 249.75 → 250; of 1000 = 125
    expect(amounts(result.discounts)).toEqual([['P:250'], ['P:125'], []]);
    expect(result.applied).toEqual([{ promotionId: 'P', name: 'Promo P', amount: 375 }]);
  });

  it('takes an amount off each unit, never more than the unit costs', () => {
    const p = promotion('P', { kind: 'item_amount', target: onSkus('A', 'B'), amount: 500 });
    const result = applyPromotions([line('A', 2000, 3), line('B', 300, 2)], [p], ctx);
    expect(amounts(result.discounts)).toEqual([['P:1500'], ['P:600']]);
  });

  it('buy 2 get 1 free discounts the cheapest unit of every three targeted units, across lines', () => {
    const p = promotion('B2G1', { kind: 'buy_x_get_y', target: onCategories('socks'), buy: 2, get: 1, percentBp: 10_000 });
    const socks = (sku: string, price: number, qty: number) => line(sku, price, qty, 'socks');
    const result = applyPromotions([socks('A', 1500, 2), socks('B', 900, 3), socks('C', 2000, 2), line('D', 100, 5)], [p], ctx);
    // 7 socks → 2 free, both the cheapest (B at 9.00); the shoes line D is not targeted
    expect(amounts(result.discounts)).toEqual([[], ['B2G1:1800'], [], []]);
  });

  it('buy 1 get 1 at half price discounts half the units when they are all one price', () => {
    const p = promotion('B1G1', { kind: 'buy_x_get_y', target: onSkus('A'), buy: 1, get: 1, percentBp: 5000 });
    expect(amounts(applyPromotions([line('A', 1000, 5)], [p], ctx).discounts)).toEqual([['B1G1:1000']]);
  });

  it('gives a line the one non-stackable item promotion worth most to the customer', () => {
    const ten = promotion('TEN', { kind: 'item_percent', target: onSkus('A', 'B'), percentBp: 1000 }, { priority: 9 });
    const fiveOff = promotion('FIVE', { kind: 'item_amount', target: onSkus('A', 'B'), amount: 500 });
    // A at 100.00: 10 % = 10.00 beats 5.00; B at 20.00: 5.00 beats 10 % = 2.00
    const result = applyPromotions([line('A', 10_000), line('B', 2000)], [fiveOff, ten], ctx);
    expect(amounts(result.discounts)).toEqual([['TEN:1000'], ['FIVE:500']]);
    expect(result.applied.map((a) => a.promotionId)).toEqual(['TEN', 'FIVE']);
  });

  it('breaks a tie between promotions worth the same by priority, then by id', () => {
    const rule: PromotionRule = { kind: 'item_percent', target: onSkus('A'), percentBp: 1000 };
    const byPriority = applyPromotions([line('A', 1000)], [promotion('A1', rule), promotion('Z9', rule, { priority: 1 })], ctx);
    expect(byPriority.applied.map((a) => a.promotionId)).toEqual(['Z9']);
    const byId = applyPromotions([line('A', 1000)], [promotion('Z9', rule), promotion('A1', rule)], ctx);
    expect(byId.applied.map((a) => a.promotionId)).toEqual(['A1']);
  });

  it('adds stackable item promotions on top of the best non-stackable one, never below zero', () => {
    const half = promotion('HALF', { kind: 'item_percent', target: onSkus('A'), percentBp: 5000 });
    const member = promotion('MEMBER', { kind: 'item_amount', target: onSkus('A'), amount: 400 }, { stackable: true });
    const result = applyPromotions([line('A', 1000), line('A2', 300)], [half, member], ctx);
    expect(amounts(result.discounts)).toEqual([['HALF:500', 'MEMBER:400'], []]);
    const big = promotion('BIG', { kind: 'item_amount', target: onSkus('A'), amount: 900 }, { stackable: true });
    expect(amounts(applyPromotions([line('A', 1000)], [half, big], ctx).discounts)).toEqual([['HALF:500', 'BIG:500']]);
  });
});

describe('applyPromotions: cart rules', () => {
  it('applies cart promotions to what is left after item promotions, shared out in proportion by largest remainder', () => {
    const item = promotion('ITEM', { kind: 'item_amount', target: onSkus('A'), amount: 1000 });
    const cart = promotion('CART', { kind: 'cart_amount', amount: 1000 });
    const result = applyPromotions([line('A', 3000), line('B', 1000), line('C', 1000)], [cart, item], ctx);
    // left after ITEM: 2000, 1000, 1000 → 10.00 shared 500, 250, 250
    expect(amounts(result.discounts)).toEqual([['ITEM:1000', 'CART:500'], ['CART:250'], ['CART:250']]);
    expect(result.applied).toEqual([
      { promotionId: 'ITEM', name: 'Promo ITEM', amount: 1000 },
      { promotionId: 'CART', name: 'Promo CART', amount: 1000 },
    ]);
  });

  it('gives the odd minor units of a share to the lines with the largest remainders, earlier line first on a tie', () => {
    const cart = promotion('CART', { kind: 'cart_amount', amount: 100 });
    expect(amounts(applyPromotions([line('A', 1), line('B', 1), line('C', 1)], [cart], ctx).discounts)).toEqual([['CART:1'], ['CART:1'], ['CART:1']]);
    const cent = promotion('CENT', { kind: 'cart_amount', amount: 2 });
    expect(amounts(applyPromotions([line('A', 100), line('B', 100), line('C', 100)], [cent], ctx).discounts)).toEqual([['CENT:1'], ['CENT:1'], []]);
  });

  it('spend-over applies from its threshold on, compared with the cart after item promotions', () => {
    const over = promotion('OVER', { kind: 'spend_over', threshold: 20_000, reward: { kind: 'percent', percentBp: 1000 } });
    expect(applyPromotions([line('A', 19_999)], [over], ctx).applied).toEqual([]);
    expect(applyPromotions([line('A', 20_000)], [over], ctx).applied).toEqual([{ promotionId: 'OVER', name: 'Promo OVER', amount: 2000 }]);
    const item = promotion('ITEM', { kind: 'item_amount', target: onSkus('A'), amount: 1 });
    expect(applyPromotions([line('A', 20_000)], [over, item], ctx).applied.map((a) => a.promotionId)).toEqual(['ITEM']);
  });

  it('takes the best non-stackable cart promotion, then stackable ones on what is left', () => {
    const tenPct = promotion('PCT', { kind: 'cart_percent', percentBp: 1000 });
    const thirty = promotion('AMT', { kind: 'cart_amount', amount: 3000 });
    const welcome = promotion('WELCOME', { kind: 'cart_amount', amount: 50_000 }, { stackable: true, currency: 'BRL' });
    const result = applyPromotions([line('A', 20_000), line('B', 20_000)], [tenPct, thirty, welcome], ctx);
    // 10 % of 400.00 = 40.00 beats 30.00; WELCOME's 500.00 is capped at the 360.00 left
    expect(result.applied).toEqual([
      { promotionId: 'PCT', name: 'Promo PCT', amount: 4000 },
      { promotionId: 'WELCOME', name: 'Promo WELCOME', amount: 36_000 },
    ]);
  });
});

describe('promotion schema', () => {
  it('refuses dates out of order, an amount rule without its currency and an empty target, naming the field', () => {
    const parsed = PromotionInputSchema.safeParse({
      ...promotion('X', { kind: 'item_amount', target: { skus: [], categories: [] }, amount: 100 }),
      audience: undefined,
      currency: null,
      validTo: '2025-01-01T00:00:00.000Z',
    });
    expect(parsed.success).toBe(false);
    const paths = parsed.error!.issues.map((i) => i.path.join('.'));
    expect(paths.sort()).toEqual(['currency', 'rule.target.skus', 'validTo']);
  });
});

describe('allocate', () => {
  it('shares out exactly, never more than a weight', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(1_000_000), { minLength: 1, maxLength: 30 }), fc.nat(), (weights, seed) => {
        const total = weights.reduce((a, b) => a + b, 0);
        const amount = total === 0 ? 0 : seed % (total + 1);
        const shares = allocate(amount, weights);
        expect(shares.reduce((a, b) => a + b, 0)).toBe(amount);
        for (const [i, s] of shares.entries()) expect(s).toBeLessThanOrEqual(weights[i]!);
      }),
    );
  });
});

const targetArb = fc.record({
  skus: fc.subarray(['A', 'B', 'C', 'D'], { minLength: 0 }),
  categories: fc.subarray(['shoes', 'socks'], { minLength: 0 }),
});
const ruleArb: fc.Arbitrary<PromotionRule> = fc.oneof(
  fc.record({ kind: fc.constant('item_percent' as const), target: targetArb, percentBp: fc.integer({ min: 1, max: 10_000 }) }),
  fc.record({ kind: fc.constant('item_amount' as const), target: targetArb, amount: fc.integer({ min: 1, max: 50_000 }) }),
  fc.record({
    kind: fc.constant('buy_x_get_y' as const),
    target: targetArb,
    buy: fc.integer({ min: 1, max: 4 }),
    get: fc.integer({ min: 1, max: 3 }),
    percentBp: fc.integer({ min: 1, max: 10_000 }),
  }),
  fc.record({ kind: fc.constant('cart_percent' as const), percentBp: fc.integer({ min: 1, max: 10_000 }) }),
  fc.record({ kind: fc.constant('cart_amount' as const), amount: fc.integer({ min: 1, max: 100_000 }) }),
  fc.record({
    kind: fc.constant('spend_over' as const),
    threshold: fc.integer({ min: 1, max: 100_000 }),
    reward: fc.oneof(
      fc.record({ kind: fc.constant('percent' as const), percentBp: fc.integer({ min: 1, max: 10_000 }) }),
      fc.record({ kind: fc.constant('amount' as const), amount: fc.integer({ min: 1, max: 50_000 }) }),
    ),
  }),
);
const promotionsArb = fc.uniqueArray(
  fc.record({ id: fc.stringMatching(/^[A-Z]{1,3}$/), rule: ruleArb, priority: fc.integer({ min: 0, max: 3 }), stackable: fc.boolean() }),
  { selector: (p) => p.id, maxLength: 6 },
);
const linesArb = fc.array(
  fc.record({
    sku: fc.constantFrom('A', 'B', 'C', 'D', 'E'),
    category: fc.constantFrom('shoes', 'socks', 'bags'),
    quantity: fc.integer({ min: 1, max: 12 }),
    unitPrice: fc.integer({ min: 0, max: 100_000 }),
  }),
  { minLength: 1, maxLength: 8 },
);
const toPromotions = (ps: { id: string; rule: PromotionRule; priority: number; stackable: boolean }[]) =>
  ps.map((p) => promotion(p.id, p.rule, { priority: p.priority, stackable: p.stackable }));

describe('applyPromotions: properties over random carts and promotions', () => {
  it('never takes a line below zero, and every discount is a positive whole amount', () => {
    fc.assert(
      fc.property(linesArb, promotionsArb, (lines, ps) => {
        const { discounts } = applyPromotions(lines, toPromotions(ps), ctx);
        discounts.forEach((d, i) => {
          const given = d.reduce((a, x) => a + x.amount, 0);
          expect(given).toBeLessThanOrEqual(lines[i]!.quantity * lines[i]!.unitPrice);
          for (const x of d) expect(Number.isInteger(x.amount) && x.amount > 0).toBe(true);
        });
      }),
    );
  });

  it('gives the same discounts whatever the order of the promotions in the list', () => {
    fc.assert(
      fc.property(linesArb, promotionsArb, fc.nat(), (lines, ps, seed) => {
        const promotions = toPromotions(ps);
        const shuffled = [...promotions].sort((a, b) => ((a.id.charCodeAt(0) * 31 + seed) % 7) - ((b.id.charCodeAt(0) * 31 + seed) % 7));
        expect(applyPromotions(lines, shuffled, ctx)).toEqual(applyPromotions(lines, promotions, ctx));
      }),
    );
  });

  it('adds up: what each applied promotion gave is the sum of its shares on the lines, and nothing else is given', () => {
    fc.assert(
      fc.property(linesArb, promotionsArb, (lines, ps) => {
        const { discounts, applied } = applyPromotions(lines, toPromotions(ps), ctx);
        const onLines = new Map<string, number>();
        for (const d of discounts.flat()) if (d.source === 'promotion') onLines.set(d.promotionId, (onLines.get(d.promotionId) ?? 0) + d.amount);
        expect(new Map(applied.map((a) => [a.promotionId, a.amount]))).toEqual(onLines);
      }),
    );
  });

  it('the server reproduces the device exactly from only the promotions the sale claims', () => {
    fc.assert(
      fc.property(linesArb, promotionsArb, (lines, ps) => {
        const promotions = toPromotions(ps);
        const device = applyPromotions(lines, promotions, ctx);
        const claimed = promotions.filter((p) => device.applied.some((a) => a.promotionId === p.id));
        expect(computePromotions(lines, claimed)).toEqual(device);
      }),
    );
  });
});
