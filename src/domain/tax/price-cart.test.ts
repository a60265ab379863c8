import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DomainError } from '../kernel/errors.js';
import { priceLine } from '../sale/totals.js';
import { type TaxedLineInput, priceCart } from './price-cart.js';
import type { TaxRounding } from './schema.js';

const rates = { standard: 1800, reduced: 1200, exempt: 0 };
const brazil = { pricesIncludeTax: true, taxRates: rates };
const us = { pricesIncludeTax: false, taxRates: { standard: 825, reduced: 400, exempt: 0 } };
const line = (unitPrice: number, quantity = 1, over: Partial<TaxedLineInput> = {}): TaxedLineInput => ({
  sku: 'A',
  name: 'A',
  unitPrice,
  quantity,
  taxClass: 'standard',
  ...over,
});

describe('priceCart', () => {
  it('rounds tax per line by default, as every sale so far was priced', () => {
    const cart = priceCart([line(1001), line(1001), line(1001)], us);
    // 1001 × 8.25 % = 82.58 → 83 per line, 249 for the sale
    expect(cart.lines.map((l) => l.tax)).toEqual([83, 83, 83]);
    expect(cart.totals).toEqual({ subtotal: 3003, discount: 0, tax: 249, total: 3252 });
    expect(cart.orderRounding).toBe(0);
  });

  it('rounds tax once per rate on the total when the store says so, shares it out and reports the difference', () => {
    const cart = priceCart([line(1001), line(1001), line(1001)], { ...us, taxRounding: 'total' });
    // 3003 × 8.25 % = 247.75 → 248; shared 83 + 83 + 82
    expect(cart.lines.map((l) => l.tax)).toEqual([83, 83, 82]);
    expect(cart.totals).toEqual({ subtotal: 3003, discount: 0, tax: 248, total: 3251 });
    expect(cart.orderRounding).toBe(-1);
    expect(cart.lines.map((l) => l.total)).toEqual([1084, 1084, 1083]);
  });

  it('keeps tax-inclusive totals at the shelf price in either mode, only the tax inside moves', () => {
    const lines = [line(990), line(990, 1, { taxClass: 'reduced' }), line(990), line(1990, 1, { taxClass: 'exempt' })];
    const perLine = priceCart(lines, brazil);
    const perTotal = priceCart(lines, { ...brazil, taxRounding: 'total' });
    expect(perLine.totals.total).toBe(4960);
    expect(perTotal.totals.total).toBe(4960);
    // standard: 990 × 18/118 = 151.02 each → 151 + 151 per line; 1980 × 18/118 = 302.03 → 302 on the total
    expect(perTotal.taxByRate).toEqual([
      { taxRateBp: 0, net: 1990, tax: 0 },
      { taxRateBp: 1200, net: 990, tax: 106 },
      { taxRateBp: 1800, net: 1980, tax: 302 },
    ]);
  });

  it('applies a line discount before tax and refuses one that would make the line negative', () => {
    expect(priceCart([line(5000, 2, { discount: 1000 })], us).lines[0]).toMatchObject({ net: 9000, tax: 743, total: 9743 });
    expect(() => priceCart([line(5000, 1, { discount: 5001 })], { ...us, taxRounding: 'total' })).toThrow(DomainError);
  });

  it('re-prices a recorded sale at the rate each line was sold at, not today’s', () => {
    const sold = priceCart([line(10000)], brazil).lines[0]!;
    const repriced = priceCart([{ ...sold }], { ...brazil, taxRates: { ...rates, standard: 2000 } }).lines[0];
    expect(repriced).toEqual(sold);
  });
});

describe('tax properties: device and server price with this one function and never lose a cent', () => {
  const arbLine = fc.record({
    unitPrice: fc.integer({ min: 0, max: 500_000 }),
    quantity: fc.integer({ min: 1, max: 40 }),
    discountShare: fc.integer({ min: 0, max: 100 }),
    taxClass: fc.constantFrom('standard' as const, 'reduced' as const, 'exempt' as const),
  });
  const arbCart = fc
    .array(arbLine, { minLength: 1, maxLength: 25 })
    .map((ls) =>
      ls.map((l) =>
        line(l.unitPrice, l.quantity, { taxClass: l.taxClass, discount: Math.floor((l.unitPrice * l.quantity * l.discountShare) / 100) }),
      ),
    );
  const arbPolicy = fc.record({
    pricesIncludeTax: fc.boolean(),
    taxRates: fc.record({ standard: fc.integer({ min: 0, max: 10_000 }), reduced: fc.integer({ min: 0, max: 10_000 }), exempt: fc.constant(0) }),
    taxRounding: fc.constantFrom<TaxRounding>('line', 'total'),
  });

  it('lines add up to the totals, per-line totals plus the order-level rounding make the total, nothing negative', () => {
    fc.assert(
      fc.property(arbCart, arbPolicy, (inputs, policy) => {
        const cart = priceCart(inputs, policy);
        const perLine = priceCart(inputs, { ...policy, taxRounding: 'line' });
        expect(cart.totals.total).toBe(cart.lines.reduce((a, l) => a + l.total, 0));
        expect(cart.totals.tax).toBe(cart.lines.reduce((a, l) => a + l.tax, 0));
        expect(perLine.totals.tax + cart.orderRounding).toBe(cart.totals.tax);
        const perLineTotal = perLine.lines.reduce((a, l) => a + l.total, 0);
        expect(perLineTotal + (policy.pricesIncludeTax ? 0 : cart.orderRounding)).toBe(cart.totals.total);
        expect(cart.totals.total).toBe(
          policy.pricesIncludeTax ? cart.totals.subtotal - cart.totals.discount : cart.totals.subtotal - cart.totals.discount + cart.totals.tax,
        );
        for (const [i, l] of cart.lines.entries()) {
          expect(l.net).toBeGreaterThanOrEqual(0);
          expect(l.tax).toBeGreaterThanOrEqual(0);
          expect(l.total).toBeGreaterThanOrEqual(l.net);
          if (policy.pricesIncludeTax) expect(l.tax).toBeLessThanOrEqual(l.net);
          expect(Math.abs(l.tax - perLine.lines[i]!.tax)).toBeLessThanOrEqual(1);
        }
        expect(cart.taxByRate.reduce((a, r) => a + r.tax, 0)).toBe(cart.totals.tax);
      }),
    );
  });

  it('refuses any line discount larger than the line, in either rounding mode', () => {
    fc.assert(
      fc.property(arbCart, arbPolicy, fc.nat({ max: 24 }), fc.integer({ min: 1, max: 10_000 }), (inputs, policy, at, excess) => {
        const i = at % inputs.length;
        const over = inputs.map((l, j) => (j === i ? { ...l, discount: l.unitPrice * l.quantity + excess } : l));
        expect(() => priceCart(over, policy)).toThrow(DomainError);
      }),
    );
  });

  it('rounding per total gives each rate the tax of its summed net, rounded once', () => {
    fc.assert(
      fc.property(arbCart, arbPolicy, (inputs, policy) => {
        const cart = priceCart(inputs, { ...policy, taxRounding: 'total' });
        for (const { taxRateBp, net, tax } of cart.taxByRate) {
          const one = priceLine({ sku: 'A', name: 'A', unitPrice: net, quantity: 1, taxClass: 'standard' }, 1, policy, taxRateBp);
          expect(tax).toBe(one.tax);
        }
      }),
    );
  });

  it('the server, re-pricing the sale the device sent (as JSON, at its recorded rates), gets identical lines and totals', () => {
    fc.assert(
      fc.property(arbCart, arbPolicy, arbPolicy, (inputs, policy, laterRates) => {
        const device = priceCart(inputs, policy);
        const sent = JSON.parse(JSON.stringify(device.lines)) as typeof device.lines;
        const server = priceCart(sent, { ...policy, taxRates: laterRates.taxRates });
        expect(server.lines).toEqual(device.lines);
        expect(server.totals).toEqual(device.totals);
      }),
    );
  });

  it('the sale totals do not depend on the order lines were rung up in', () => {
    fc.assert(
      fc.property(
        arbCart.chain((inputs) => fc.shuffledSubarray(inputs, { minLength: inputs.length }).map((shuffled) => ({ inputs, shuffled }))),
        arbPolicy,
        ({ inputs, shuffled }, policy) => {
          expect(priceCart(shuffled, policy).totals).toEqual(priceCart(inputs, policy).totals);
          expect(priceCart(shuffled, policy).taxByRate).toEqual(priceCart(inputs, policy).taxByRate);
        },
      ),
    );
  });
});
