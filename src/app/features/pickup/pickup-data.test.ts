import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { filter, firstValueFrom } from 'rxjs';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { acceptOrder, hashPin, OrderIntakeSchema, reserveOrder, type Fact, type Role, type StaffMember } from '../../../domain/index.js';
import { product, storeS1 } from '../../../domain/testing/fixtures.js';
import { level, pickupIntake } from '../../../domain/testing/orders.js';
import { createVitrineDatabase, type VitrineDatabase } from '../../db/database.js';
import { draftFact, pickupOrder$, recordPickupStep, verifyManagerOverride, type Recorder, type ShownOrder } from './pickup-data.js';

const SHOES = 'TEN-0001-42-PRE';
const CAP = 'CAP-0009-U-AZU';
const at = '2026-11-23T16:00:00.000Z';
let db: VitrineDatabase;
let n = 0;
let by: Recorder;

async function member(staffNumber: string, role: Role, name: string, pin: string): Promise<StaffMember> {
  return { id: `S1-${staffNumber}`, storeId: 'S1', staffNumber, name, role, active: true, pinVerifier: await hashPin(pin) };
}

beforeEach(async () => {
  db = await createVitrineDatabase({
    storage: getRxStorageMemory(),
    name: `pickup${++n}`,
    devMode: true,
    collections: ['orders', 'facts', 'staff', 'products', 'stock'],
  });
  await db.staff.bulkInsert([await member('2001', 'pickup', 'Bruno Lima', '2345'), await member('9001', 'manager', 'Carla Mendes', '9999')]);
  await db.products.bulkInsert([
    product({ sku: SHOES, name: 'Runner 42 black' }),
    product({ sku: CAP, barcode: '7890000000028', name: 'Cap blue', category: 'Acessórios' }),
  ]);
  const intake = OrderIntakeSchema.parse(pickupIntake('S1', [{ sku: SHOES, quantity: 2, unitPrice: 39_990 }]));
  const accepted = acceptOrder(intake, {
    id: 'order-1',
    integrationId: 'shop',
    at,
    productsBySku: new Map([[SHOES, product({ sku: SHOES })]]),
    pickupStore: storeS1,
  });
  if (!accepted.ok) throw accepted.error;
  const { integrationId: _i, pickupToken: _t, ...onDevice } = reserveOrder(accepted.value, new Map([[`S1:${SHOES}`, level('S1', SHOES, 10)]])).order;
  await db.orders.insert(onDevice as never);
  by = { db, storeId: 'S1', deviceId: 'tablet-1', staffId: 'S1-2001' };
});
afterEach(async () => {
  await db.remove();
});

const shown$ = (test: (s: ShownOrder) => boolean) =>
  firstValueFrom(pickupOrder$(db, 'S1', 'tablet-1', 'order-1').pipe(filter((s): s is ShownOrder => s !== null && test(s))));

describe('pickup steps on the device', () => {
  it('records a step only when the order takes it: a wrong item is refused by name and nothing is written', async () => {
    let shown = await shown$(() => true);
    expect((await recordPickupStep(by, shown, draftFact(by, 'pickup.start', 'order-1', {}))).ok).toBe(true);
    shown = await shown$((s) => s.order.state === 'picking');

    const wrong = await recordPickupStep(by, shown, draftFact(by, 'pickup.pick', 'order-1', { sku: CAP, quantity: 1 }));
    expect(wrong.ok ? null : [wrong.error.code, wrong.error.message]).toEqual(['PICK_WRONG_ITEM', expect.stringContaining('Cap blue')]);
    expect(await db.facts.count().exec()).toBe(1);

    expect((await recordPickupStep(by, shown, draftFact(by, 'pickup.pick', 'order-1', { sku: SHOES, quantity: 1 }))).ok).toBe(true);
    shown = await shown$((s) => s.pending.length === 2);
    // The order as this device's own pending facts make it, the replicated one untouched.
    expect([shown.order.state, shown.order.lines[0]!.picked, shown.order.pickup?.started?.staffName]).toEqual(['picking', 1, 'Bruno Lima']);
    expect([shown.server.state, shown.server.lines[0]!.picked]).toEqual(['new', 0]);
  });

  it('keeps a fact the server rejected on the order with its outcome, and flags a pending one the order no longer allows', async () => {
    const shown = await shown$(() => true);
    const rejected: Fact = {
      ...draftFact(by, 'pickup.start', 'order-1', {}),
      outcome: {
        status: 'rejected',
        code: 'PICKUP_TRANSITION_REFUSED',
        message: 'order WEB-1 is already being picked by Carla Mendes at 14:02',
        decidedAt: at,
      },
    };
    await db.facts.insert(rejected);
    // A ready before anything was picked: the same decision the server makes refuses it ahead of the push.
    await db.facts.insert(draftFact(by, 'pickup.ready', 'order-1', {}) as Fact);
    const after = await shown$((s) => s.rejected.length === 1 && s.pending.length === 1);
    expect(after.rejected[0]!.outcome?.message).toContain('Carla Mendes');
    expect(after.refusedAhead.map((r) => r.error.code)).toEqual(['PICKUP_TRANSITION_REFUSED']);
    expect(shown.rejected).toEqual([]);
  });
});

describe('manager override on a photo ID', () => {
  it('accepts a manager with the right PIN, offline, and nobody else', async () => {
    expect((await verifyManagerOverride(db, 'S1', '9001', '9999'))?.name).toBe('Carla Mendes');
    expect(await verifyManagerOverride(db, 'S1', '9001', '1111')).toBeNull();
    expect(await verifyManagerOverride(db, 'S1', '2001', '2345')).toBeNull(); // pickup staff cannot approve
    expect(await verifyManagerOverride(db, 'S2', '9001', '9999')).toBeNull();
  });
});
