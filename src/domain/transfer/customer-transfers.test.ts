import { describe, expect, it } from 'vitest';
import { openTransfersForCustomer } from './customer-transfers.js';
import type { Transfer } from './fold.js';

const transfer = (over: Partial<Transfer>): Transfer => ({
  id: `t-${Math.random()}`,
  mode: 'hold',
  requestingStoreId: 'S1',
  fromStoreId: 'S2',
  sku: 'TEN-0001-42-PRE',
  quantity: 1,
  holdUntil: '2026-11-27T18:00:00.000Z',
  customer: { name: 'Helena', phone: '(11) 97777-1234', address: null },
  note: '',
  state: 'held',
  requestedAt: '2026-11-26T10:00:00.000Z',
  requestedBy: 'S1-1001',
  steps: [],
  short: 0,
  pending: false,
  refused: null,
  ...over,
});

describe("a customer's holds and shipments in their profile", () => {
  it('finds the open ones this store asked for by the phone as the store writes it, and nothing of other phones, stores or closed ones', () => {
    const held = transfer({});
    const shipping = transfer({ mode: 'to_customer', state: 'in_transit', customer: { name: 'H', phone: '+55 11 97777 1234', address: null } });
    const list = [
      held,
      shipping,
      transfer({ state: 'released' }),
      transfer({ requestingStoreId: 'S3' }),
      transfer({ customer: { name: 'Other', phone: '(11) 96666-0000', address: null } }),
    ];
    expect(openTransfersForCustomer(list, { phone: '+5511977771234' }, 'S1', 'BR')).toEqual([held, shipping]);
    expect(openTransfersForCustomer(list, { phone: null }, 'S1', 'BR')).toEqual([]);
  });
});
