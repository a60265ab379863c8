import { describe, expect, it } from 'vitest';
import { product, storeS1 } from '../../../domain/testing/fixtures.js';
import { addToCart, priceCart, removeLine, setQuantity } from './cart.js';

describe('cart', () => {
  it('adds, merges, changes and removes lines, priced by the domain', () => {
    const p = product();
    let lines = addToCart([], p);
    lines = addToCart(lines, p);
    expect(lines).toHaveLength(1);
    expect(lines[0]!.quantity).toBe(2);
    const priced = priceCart(lines, storeS1);
    expect(priced.due).toBe(25980); // tax included in BRL shelf prices
    expect(priced.tax).toBe(3963); // 25980 × 18/118, rounded
    lines = setQuantity(lines, p.sku, 0);
    expect(lines).toEqual([]);
    expect(removeLine(addToCart([], p), p.sku)).toEqual([]);
  });

  it('adds tax on top where shelf prices exclude it', () => {
    const priced = priceCart(addToCart([], product({ price: { amount: 10000, currency: 'USD' } })), { ...storeS1, pricesIncludeTax: false });
    expect(priced.tax).toBe(1800);
    expect(priced.due).toBe(11800);
  });
});
