import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { filter, firstValueFrom } from 'rxjs';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { acceptOrder, hashPin, OrderIntakeSchema, reserveOrder, type Fact, type Role, type StaffMember } from '../../../domain/index.js';
import { product, storeS1 } from '../../../domain/testing/fixtures.js';
import { level, pickupIntake } from '../../../domain/testing/orders.js';
import { createVitrineDatabase, type VitrineDatabase } from '../../db/database.js';
import type { StoreOrder } from '../orders/store-orders.js';
import { alertingOrders$, takeOrder } from './arrival-alert.js';
import type { Recorder } from './pickup-data.js';

const SHOES = 'TEN-0001-42-PRE';
const at = '2026-11-23T16:00:00.000Z';
let db: VitrineDatabase;
let n = 0;
let phone: Recorder;

async function member(staffNumber: string, role: Role, name: string): Promise<StaffMember> {
  return { id: `S1-${staffNumber}`, storeId: 'S1', staffNumber, name, role, active: true, pinVerifier: await hashPin('2345') };
}

/** A ready curbside order whose customer said "I'm here", as the server replicates it to the store's devices. */
function waitingOrder(id: string): StoreOrder {
  const intake = OrderIntakeSchema.parse(pickupIntake('S1', [{ sku: SHOES, quantity: 1, unitPrice: 39_990 }]));
  const accepted = acceptOrder(intake, {
    id,
    integrationId: 'shop',
    at,
    productsBySku: new Map([[SHOES, product({ sku: SHOES })]]),
    pickupStore: storeS1,
  });
  if (!accepted.ok) throw accepted.error;
  const { integrationId: _i, pickupToken: _t, ...order } = reserveOrder(accepted.value, new Map([[`S1:${SHOES}`, level('S1', SHOES, 10)]])).order;
  return {
    ...order,
    state: 'customer_waiting',
    lines: order.lines.map((l) => ({ ...l, picked: l.quantity })),
    customerArrivedAt: at,
    pickup: { ...order.pickup!, code: '482913', arrival: { at, where: 'curbside', note: 'blue car, spot 4' } },
  };
}

const ringing$ = (test: (ids: string[]) => boolean) => firstValueFrom(alertingOrders$(db).pipe(filter((orders) => test(orders.map((o) => o.id)))));

beforeEach(async () => {
  // A fresh device database with dev-mode schema validation: the orders schema with `pickup.takenBy` opens and holds it.
  db = await createVitrineDatabase({
    storage: getRxStorageMemory(),
    name: `alarm${++n}`,
    devMode: true,
    collections: ['orders', 'facts', 'staff', 'products', 'stock'],
  });
  await db.staff.bulkInsert([await member('2001', 'pickup', 'Bruno Lima'), await member('2002', 'pickup', 'Paula Reis')]);
  await db.orders.bulkInsert([waitingOrder('order-1'), waitingOrder('order-2')] as never[]);
  phone = { db, storeId: 'S1', deviceId: 'phone-1', staffId: 'S1-2002' };
});
afterEach(async () => {
  await db.remove();
});

describe('the arrival alarm', () => {
  it('stops ringing for an order as soon as the replicated order shows someone on another device took it', async () => {
    expect(await ringing$((ids) => ids.length === 2)).toHaveLength(2);
    const order = (await db.orders.findOne('order-1').exec())!.toMutableJSON() as StoreOrder;
    // What the server's pull brings once the counter tablet's "I'm on it" was applied.
    await db.orders.upsert({
      ...order,
      pickup: { ...order.pickup!, takenBy: { staffId: 'S1-2001', staffName: 'Bruno Lima', at: '2026-11-23T16:01:00.000Z', factId: 'take-1' } },
    } as never);
    expect(await ringing$((ids) => ids.length === 1)).toEqual([expect.objectContaining({ id: 'order-2' })]);
    expect((await db.orders.findOne('order-1').exec())!.pickup?.takenBy).toMatchObject({ staffName: 'Bruno Lima' });
  });

  it('"I\'m on it" silences this device at once and records the take for the other devices, waiting to sync', async () => {
    const order = (await db.orders.findOne('order-1').exec())!.toMutableJSON() as StoreOrder;
    const taken = await takeOrder(phone, order, 'Paula Reis');
    expect(taken.ok && taken.value.order.pickup?.takenBy).toMatchObject({ staffId: 'S1-2002', staffName: 'Paula Reis' });
    expect(await ringing$((ids) => ids.length === 1)).toEqual([expect.objectContaining({ id: 'order-2' })]);
    const facts = (await db.facts.find().exec()).map((d) => d.toJSON() as Fact);
    expect(facts).toEqual([expect.objectContaining({ kind: 'pickup.take', subjectId: 'order-1', associateId: 'S1-2002', deviceId: 'phone-1' })]);
    expect(facts[0]!.outcome).toBeUndefined();
  });

  it('a customer someone else took a moment ago is not taken twice: nothing is recorded and the refusal names who', async () => {
    const order = (await db.orders.findOne('order-1').exec())!.toMutableJSON() as StoreOrder;
    const takenElsewhere = { ...order, pickup: { ...order.pickup!, takenBy: { staffId: 'S1-2001', staffName: 'Bruno Lima', at, factId: 'take-1' } } };
    const refused = await takeOrder(phone, takenElsewhere, 'Paula Reis');
    expect(refused.ok ? null : [refused.error.code, refused.error.message]).toEqual([
      'PICKUP_ALREADY_TAKEN',
      `Bruno Lima took the customer of order ${order.number} at ${at}`,
    ]);
    expect(await db.facts.count().exec()).toBe(0);
  });
});
