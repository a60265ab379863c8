import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock, type EnrollResponse, type Order } from '../../src/domain/index.js';
import { createIntegration } from '../../sync-server/integrations/registry.js';
import { silentLogger } from '../../sync-server/logger.js';
import { startPickupExpiry } from '../../sync-server/pickup/expiry.js';
import { findOrderByPickupToken } from '../../sync-server/pickup/token.js';
import { startTestServer, type TestServer } from './harness.js';
import { pickupWorld } from './pickup-fixture.js';

/**
 * The uncollected-orders job on the test backend, with an injected clock: S1 holds ready orders 5 days (the demo
 * store setting); the reminder goes out once on the last day, the order expires after it, and two instances'
 * passes at the same moment expire it once.
 */
const DAY = 24 * 60 * 60 * 1000;
let server: TestServer;
let world: ReturnType<typeof pickupWorld>;
let counter: EnrollResponse;
let holdDays: number;

beforeAll(async () => {
  server = await startTestServer({ catalogSize: 30 });
  const { apiKey } = await createIntegration(server.store, { name: 'webshop' }, { clock: systemClock });
  world = pickupWorld(server, apiKey);
  counter = await server.enrollDevice('S1', 'Pickup counter');
  holdDays = (await server.store.getStore('S1'))!.pickupHoldDays!;
});
afterAll(() => server.close());

async function readyOrder(): Promise<Order> {
  const order = await world.postOrder([2]);
  const facts = [
    world.fact(counter, 'pickup.start', order, {}),
    world.fact(counter, 'pickup.pick', order, { sku: order.lines[0]!.sku, quantity: 2 }),
    world.fact(counter, 'pickup.ready', order, {}),
  ];
  expect((await world.push(counter, ...facts)).status).toBe(200);
  const ready = await world.order(order.id);
  expect(ready.state).toBe('ready');
  return ready;
}
const jobAt = (at: number) =>
  startPickupExpiry({
    store: server.store,
    publicUrl: 'https://loja.example',
    logger: silentLogger,
    clock: () => new Date(at),
    intervalMs: 3_600_000,
  });
const mails = async (orderId: string) =>
  (await world.outbox(orderId)).filter((r) => r.channel === 'mail').map((r) => JSON.parse(r.payload).subject as string);

describe('uncollected pickup orders', () => {
  it('reminds the customer once on the last day, then expires the order, releases its stock and tells the platform', async () => {
    const order = await readyOrder();
    const sku = order.lines[0]!.sku;
    const level = await world.level(sku);
    const readyAt = Date.parse(order.readyAt!);

    const early = jobAt(readyAt + (holdDays - 1) * DAY - 60_000);
    expect(await early.runOnce()).toMatchObject({ reminded: 0 });
    await early.stop();

    const lastDay = jobAt(readyAt + (holdDays - 1) * DAY + 60_000);
    await lastDay.runOnce();
    await lastDay.runOnce();
    await lastDay.stop();
    expect(await mails(order.id)).toEqual([
      expect.stringContaining('is ready for pickup'),
      expect.stringContaining(`Reminder: collect order ${order.number}`),
    ]);
    expect((await world.order(order.id)).state).toBe('ready');

    const after = jobAt(readyAt + holdDays * DAY + 60_000);
    await after.runOnce();
    await after.stop();
    const expired = await world.order(order.id);
    expect(expired).toMatchObject({
      state: 'expired',
      expiredAt: new Date(readyAt + holdDays * DAY + 60_000).toISOString(),
      lines: [{ reserved: 0, released: 2 }],
    });
    expect(await world.level(sku)).toMatchObject({ onHand: level.onHand, reserved: level.reserved - 2 });
    const events = (await world.outbox(order.id)).filter((r) => r.channel === 'webhook');
    expect(events.map((e) => e.type)).toEqual(['order.accepted', 'order.picking', 'order.ready', 'order.expired']);
    expect(JSON.parse(events.at(-1)!.payload)).toMatchObject({ state: 'expired', released: [{ sku, quantity: 2 }] });
    // Its page closes once the grace after closing has passed.
    expect(await findOrderByPickupToken(server.store, expired.pickupToken!, new Date(readyAt + holdDays * DAY + 3 * 60 * 60 * 1000))).toBeUndefined();
  });

  it('two instances passing at the same moment expire an order once', async () => {
    const order = await readyOrder();
    const at = Date.parse(order.readyAt!) + holdDays * DAY + 1;
    const [a, b] = [jobAt(at), jobAt(at)];
    const results = await Promise.all([a.runOnce(), b.runOnce()]);
    await Promise.all([a.stop(), b.stop()]);
    expect(results.reduce((n, r) => n + r.expired, 0)).toBe(1);
    expect((await world.outbox(order.id)).filter((r) => r.type === 'order.expired')).toHaveLength(1);
    expect((await world.movements(order.lines[0]!.sku)).filter((m) => m.sourceId === order.id && m.reason === 'release')).toHaveLength(1);
  });
});
