import { afterEach, describe, expect, it } from 'vitest';
import { firstValueFrom } from 'rxjs';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { acceptOrder, collections, OrderIntakeSchema, type OrderState } from '../../../domain/index.js';
import { product, storeS1 } from '../../../domain/testing/fixtures.js';
import { pickupIntake } from '../../../domain/testing/orders.js';
import { createVitrineDatabase, type VitrineDatabase } from '../../db/database.js';
import { openOrderCount$, storeOrders$, type StoreOrder } from './store-orders.js';

let db: VitrineDatabase | undefined;
let n = 0;
afterEach(async () => {
  await db?.remove();
  db = undefined;
});

/** An order as the pickup store's devices receive it (no server-only fields), in a given state and promised time. */
function storeOrder(id: string, state: OrderState, promisedAt: string): StoreOrder {
  const shoes = product();
  const intake = OrderIntakeSchema.parse(
    pickupIntake('S1', [{ sku: shoes.sku, quantity: 1, unitPrice: shoes.price.amount }], {
      number: `WEB-${id}`,
      fulfilment: { type: 'pickup', storeId: 'S1', mode: 'counter', promisedAt },
    }),
  );
  const accepted = acceptOrder(intake, {
    id,
    integrationId: 'webshop',
    at: '2026-11-23T12:00:00.000Z',
    productsBySku: new Map([[shoes.sku, shoes]]),
    pickupStore: storeS1,
  });
  if (!accepted.ok) throw accepted.error;
  const order: Record<string, unknown> = { ...accepted.value, state };
  for (const field of collections.orders.serverOnly) delete order[field];
  return order as StoreOrder;
}

describe("the store's orders on the device", () => {
  it('lists the open orders most urgent first and counts them; collected and cancelled ones only under all', async () => {
    db = await createVitrineDatabase({ storage: getRxStorageMemory(), name: `orders${++n}`, devMode: true });
    // The device collection's type is the registry's whole Order; its JSON schema leaves the server-only fields out.
    const { error } = await db.orders.bulkInsert(<never[]>[
      storeOrder('o-late', 'new', '2026-11-23T10:00:00.000Z'),
      storeOrder('o-ready', 'ready', '2026-11-23T09:00:00.000Z'),
      storeOrder('o-later', 'customer_waiting', '2026-11-24T09:00:00.000Z'),
      storeOrder('o-done', 'collected', '2026-11-22T09:00:00.000Z'),
      storeOrder('o-gone', 'cancelled', '2026-11-25T09:00:00.000Z'),
    ]);
    expect(error).toEqual([]);
    const open = await firstValueFrom(storeOrders$(db, 'open'));
    expect(open.map((o) => o.id)).toEqual(['o-ready', 'o-late', 'o-later']);
    expect(await firstValueFrom(openOrderCount$(db))).toBe(3);
    const all = await firstValueFrom(storeOrders$(db, 'all'));
    expect(all.map((o) => o.id)).toEqual(['o-gone', 'o-later', 'o-late', 'o-ready', 'o-done']);
  });
});
