import { describe, expect, it } from 'vitest';
import type { CartLine } from './cart.js';
import { asVoided, voidedBetween } from './voids.js';

const line = (sku: string, quantity: number): CartLine => ({ sku, name: `Item ${sku}`, quantity, unitPrice: 1000, taxClass: 'standard' });

describe('voided lines', () => {
  it('records a removed line and a lowered quantity, by who made the change; adding voids nothing', () => {
    const before = [line('A', 3), line('B', 1), line('C', 1)];
    const after = [line('A', 1), line('C', 2), line('D', 1)];
    expect(voidedBetween(before, after, 'S1-1001')).toEqual([
      { sku: 'A', name: 'Item A', quantity: 2, unitPrice: 1000, voidedBy: 'S1-1001' },
      { sku: 'B', name: 'Item B', quantity: 1, unitPrice: 1000, voidedBy: 'S1-1001' },
    ]);
  });

  it('voids every unit of every line when the whole sale is voided', () => {
    expect(asVoided([line('A', 2), line('B', 1)], 'S1-9001').map((v) => [v.sku, v.quantity, v.voidedBy])).toEqual([
      ['A', 2, 'S1-9001'],
      ['B', 1, 'S1-9001'],
    ]);
  });
});
