import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DomainError, ErrorCode } from '../kernel/errors.js';
import { computeTotals, priceLine } from './totals.js';
import { storeS1 } from '../testing/fixtures.js';

const line = (unitPrice: number, quantity: number, discount = 0, taxClass: 'standard' | 'reduced' | 'exempt' = 'standard') => ({
  sku: 'A',
  name: 'A',
  unitPrice,
  quantity,
  discount,
  taxClass,
});

describe('priceLine', () => {
  it('extracts tax included in the shelf price (Brazil)', () => {
    const priced = priceLine(line(12990, 2), 1, storeS1);
    // 25980 × 18/118 = 3963.05 → 3963
    expect(priced).toMatchObject({ net: 25980, tax: 3963, total: 25980, taxRateBp: 1800 });
  });

  it('adds tax on top when prices exclude it', () => {
    const priced = priceLine(line(1000, 1), 1, { ...storeS1, pricesIncludeTax: false });
    expect(priced).toMatchObject({ net: 1000, tax: 180, total: 1180 });
  });

  it('applies the line discount before tax and refuses a discount above the amount', () => {
    expect(priceLine(line(5000, 1, 1000, 'reduced'), 1, storeS1)).toMatchObject({ net: 4000, tax: 429, total: 4000 });
    expect(() => priceLine(line(500, 1, 600), 1, storeS1)).toThrow(DomainError);
  });
});

describe('computeTotals', () => {
  it('gives change from cash', () => {
    const lines = [priceLine(line(12990, 1), 1, storeS1), priceLine(line(4990, 2), 2, storeS1)];
    const totals = computeTotals(lines, [{ kind: 'cash', amount: 30000 }]);
    expect(totals).toEqual({ subtotal: 22970, discount: 0, tax: 3504, total: 22970, tendered: 30000, change: 7030 });
  });

  it('refuses a payment that does not cover the total', () => {
    const lines = [priceLine(line(12990, 1), 1, storeS1)];
    try {
      computeTotals(lines, [{ kind: 'cash', amount: 10000 }]);
      expect.unreachable();
    } catch (error) {
      expect((error as DomainError).code).toBe(ErrorCode.SALE_UNDERPAID);
    }
  });

  it('keeps its invariants for any cart', () => {
    const arbLine = fc.record({
      unitPrice: fc.integer({ min: 0, max: 1_000_000 }),
      quantity: fc.integer({ min: 1, max: 50 }),
      taxClass: fc.constantFrom('standard' as const, 'reduced' as const, 'exempt' as const),
    });
    fc.assert(
      fc.property(
        fc.array(arbLine, { minLength: 1, maxLength: 20 }),
        fc.boolean(),
        fc.integer({ min: 0, max: 100_000 }),
        (inputs, inclusive, extra) => {
          const ctx = { ...storeS1, pricesIncludeTax: inclusive };
          const lines = inputs.map((l, i) => priceLine(line(l.unitPrice, l.quantity, 0, l.taxClass), i + 1, ctx));
          const due = lines.reduce((a, l) => a + l.total, 0);
          const totals = computeTotals(lines, [{ kind: 'cash', amount: due + extra }]);
          expect(totals.total).toBe(due);
          expect(totals.change).toBe(extra);
          expect(Number.isInteger(totals.tax)).toBe(true);
          expect(totals.tax).toBeLessThanOrEqual(inclusive ? totals.total : totals.subtotal);
          expect(totals.total).toBe(inclusive ? totals.subtotal : totals.subtotal + totals.tax);
        },
      ),
    );
  });
});
