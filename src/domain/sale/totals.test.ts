import { describe, expect, it } from 'vitest';
import { DomainError } from '../kernel/errors.js';
import { priceLine } from './totals.js';
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
