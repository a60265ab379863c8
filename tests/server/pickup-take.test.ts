import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock, type EnrollResponse, type Fact, type Order } from '../../src/domain/index.js';
import { createIntegration } from '../../sync-server/integrations/registry.js';
import { syncClient } from './client.js';
import { startTestServer, type TestServer } from './harness.js';
import { ASSOCIATE, pickupWorld } from './pickup-fixture.js';

/**
 * "I'm on it" as a shared fact (`pickup.take`): two pickup devices of a store, one customer waiting. The first take
 * wins and is on the order every device pulls (so every device stops ringing); the second is refused naming who took
 * the customer and when. On SQLite and PostgreSQL.
 */
let server: TestServer;
let world: ReturnType<typeof pickupWorld>;
let counter: EnrollResponse;
let curbside: EnrollResponse;

beforeAll(async () => {
  server = await startTestServer({ catalogSize: 20 });
  // No receiver: this file reads the outbox rows themselves, delivered or not.
  const { apiKey } = await createIntegration(server.store, { name: 'webshop', webhookUrl: 'http://127.0.0.1:9/hooks' }, { clock: systemClock });
  world = pickupWorld(server, apiKey);
  counter = await server.enrollDevice('S1', 'Pickup counter');
  curbside = await server.enrollDevice('S1', 'Curbside phone');
});
afterAll(async () => {
  await server.close();
});

async function accept(device: EnrollResponse, f: Fact) {
  expect((await world.push(device, f)).status).toBe(200);
  expect([f.kind, await world.outcome(f)]).toEqual([f.kind, expect.objectContaining({ status: 'accepted' })]);
}

/** A ready S1 order whose customer pressed "I'm here" on their pickup page. */
async function waitingOrder(): Promise<Order> {
  const order = await world.postOrder([1]);
  await accept(counter, world.fact(counter, 'pickup.start', order, {}));
  await accept(counter, world.fact(counter, 'pickup.pick', order, { sku: order.lines[0]!.sku, quantity: 1 }));
  await accept(counter, world.fact(counter, 'pickup.ready', order, {}));
  const { pickupToken } = await world.order(order.id);
  const res = await fetch(`${server.url}/pickup/${pickupToken}/arrival`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ note: 'blue car, spot 4' }),
  });
  expect(res.status).toBe(200);
  return world.order(order.id);
}

const pulledOrder = async (device: EnrollResponse, id: string) =>
  (await syncClient(server.url, device.token).pullAll('orders')).documents.find((d) => d.id === id) as Order | undefined;

describe("I'm on it, shared by the store's pickup devices", () => {
  it('the first take is on the order both devices pull; the second device is refused naming who took the customer and when', async () => {
    const order = await waitingOrder();
    expect(order.pickup?.takenBy).toBeUndefined();

    const first = world.fact(counter, 'pickup.take', order, {});
    const second = world.fact(curbside, 'pickup.take', order, {}, ASSOCIATE);
    await accept(counter, first);
    expect((await world.push(curbside, second)).status).toBe(200);

    const stored = await world.order(order.id);
    expect(stored).toMatchObject({ state: 'customer_waiting', customerArrivedAt: order.customerArrivedAt });
    expect(stored.pickup!.takenBy).toEqual({ staffId: 'S1-2001', staffName: 'Bruno Lima', at: expect.any(String), factId: first.id });
    expect(await world.outcome(second)).toEqual({
      status: 'rejected',
      code: 'PICKUP_ALREADY_TAKEN',
      message: `Bruno Lima took the customer of order ${order.number} at ${stored.pickup!.takenBy!.at}`,
      decidedAt: expect.any(String),
    });

    for (const device of [counter, curbside]) {
      expect(await pulledOrder(device, order.id)).toMatchObject({
        state: 'customer_waiting',
        pickup: { takenBy: { staffName: 'Bruno Lima', at: stored.pickup!.takenBy!.at } },
      });
    }
    // Internal to the store: no webhook for a take, and the customer's wait still counts from their arrival.
    expect((await world.outbox(order.id)).filter((r) => r.channel !== 'mail').map((r) => r.type)).toEqual([
      'order.accepted',
      'order.picking',
      'order.ready',
      'order.customer_arrived',
    ]);
  });

  it('taking one’s own customer again changes nothing; a take before the customer arrived is refused; the taken order is handed over', async () => {
    const order = await waitingOrder();
    const first = world.fact(counter, 'pickup.take', order, {});
    await accept(counter, first);
    const taken = await world.order(order.id);
    await accept(curbside, world.fact(curbside, 'pickup.take', order, {}));
    expect((await world.order(order.id)).pickup!.takenBy).toEqual(taken.pickup!.takenBy);

    const early = await world.postOrder([1]);
    const tooSoon = world.fact(counter, 'pickup.take', early, {});
    await world.push(counter, tooSoon);
    expect(await world.outcome(tooSoon)).toMatchObject({ status: 'rejected', code: 'PICKUP_TRANSITION_REFUSED' });
    expect((await world.order(early.id)).pickup!.takenBy).toBeUndefined();

    await accept(
      curbside,
      world.fact(curbside, 'pickup.handoff', order, {
        collector: { kind: 'customer' },
        verification: { method: 'code', code: taken.pickup!.code! },
        lines: null,
      }),
    );
    expect(await world.order(order.id)).toMatchObject({ state: 'collected', pickup: { takenBy: { staffName: 'Bruno Lima' } } });
  });
});
