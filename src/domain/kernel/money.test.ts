import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { money, roundDiv } from './money.js';

describe('roundDiv', () => {
  it('rounds halves away from zero', () => {
    expect(roundDiv(5, 2)).toBe(3);
    expect(roundDiv(-5, 2)).toBe(-3);
    expect(roundDiv(4, 3)).toBe(1);
    expect(roundDiv(5, 3)).toBe(2);
  });

  it('is within half a unit of the exact quotient', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: 1, max: 1e6 }), (n, d) => {
        expect(Math.abs(roundDiv(n, d) * d - n)).toBeLessThanOrEqual(d / 2);
      }),
    );
  });
});

describe('money', () => {
  it('refuses fractional minor units', () => {
    expect(() => money(10.5, 'BRL')).toThrow(RangeError);
    expect(money(1050, 'BRL')).toEqual({ amount: 1050, currency: 'BRL' });
  });
});
