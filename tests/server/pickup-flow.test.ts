import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { pickupQrText, systemClock, type EnrollResponse, type Fact, type Order } from '../../src/domain/index.js';
import { createIntegration } from '../../sync-server/integrations/registry.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../sync-server/outbox/receiver.js';
import { findOrderByPickupToken } from '../../sync-server/pickup/token.js';
import { syncClient } from './client.js';
import { startTestServer, type TestServer } from './harness.js';
import { ASSOCIATE, MANAGER, pickupWorld } from './pickup-fixture.js';

/** Pickup transitions pushed as facts by real devices to a real server, on SQLite and PostgreSQL. */
let server: TestServer;
let receiver: WebhookReceiver;
let world: ReturnType<typeof pickupWorld>;
let counter: EnrollResponse;
let curbside: EnrollResponse;
let otherStore: EnrollResponse;

beforeAll(async () => {
  server = await startTestServer({ catalogSize: 40, delivery: { timing: { pollMs: 20, backoffBaseMs: 40, backoffMaxMs: 400 } } });
  receiver = await startWebhookReceiver({ secret: 'unused', respond: () => 200 });
  const { apiKey } = await createIntegration(server.store, { name: 'webshop', webhookUrl: receiver.url }, { clock: systemClock });
  world = pickupWorld(server, apiKey);
  counter = await server.enrollDevice('S1', 'Pickup counter');
  curbside = await server.enrollDevice('S1', 'Curbside phone');
  otherStore = await server.enrollDevice('S2', 'S2 counter');
});
afterAll(async () => {
  await server.close();
  await receiver.close();
});

/** Pushes facts one push each, expecting every one accepted. */
async function accept(device: EnrollResponse, ...facts: Fact[]) {
  for (const f of facts) {
    expect((await world.push(device, f)).status).toBe(200);
    expect([f.kind, await world.outcome(f)]).toEqual([f.kind, expect.objectContaining({ status: 'accepted' })]);
  }
}
async function readyOrder(items = [2, 1]): Promise<Order> {
  const order = await world.postOrder(items);
  await accept(counter, world.fact(counter, 'pickup.start', order, {}));
  for (const line of order.lines) await accept(counter, world.fact(counter, 'pickup.pick', order, { sku: line.sku, quantity: line.quantity }));
  await accept(counter, world.fact(counter, 'pickup.ready', order, {}));
  return world.order(order.id);
}
const eventTypes = (orderId: string) =>
  receiver.deliveries.filter((d) => d.status === 200 && d.delivery.event?.aggregateId === orderId).map((d) => d.delivery.event!.type);

describe('the pickup flow through real pushes', () => {
  it('new → picking → ready → collected: ledger, order, mail with code, QR and link, and the events in order at the receiver', async () => {
    const order = await world.postOrder([2, 1]);
    const [shoes, socks] = order.lines.map((l) => l.sku) as [string, string];
    const before = await world.level(shoes);

    await accept(counter, world.fact(counter, 'pickup.start', order, {}));
    await accept(
      counter,
      world.fact(counter, 'pickup.pick', order, { sku: shoes, quantity: 1 }),
      world.fact(counter, 'pickup.pick', order, { sku: shoes, quantity: 1 }),
      world.fact(counter, 'pickup.pick', order, { sku: socks, quantity: 1 }),
    );
    expect(await world.level(shoes)).toMatchObject({ onHand: before.onHand, reserved: before.reserved }); // picked units stay reserved
    await accept(counter, world.fact(counter, 'pickup.ready', order, {}));

    const readied = await world.order(order.id);
    expect(readied).toMatchObject({ state: 'ready', pickup: { code: expect.stringMatching(/^\d{6}$/), ready: { staffName: 'Bruno Lima' } } });
    expect(await findOrderByPickupToken(server.store, readied.pickupToken!, new Date())).toMatchObject({ id: order.id });
    const pulled = (await syncClient(server.url, counter.token).pullAll('orders')).documents.find((d) => d.id === order.id)!;
    expect(pulled).toMatchObject({ state: 'ready', pickup: { code: readied.pickup!.code } });
    expect(pulled).not.toHaveProperty('pickupToken');

    const [mail] = (await world.outbox(order.id)).filter((r) => r.channel === 'mail');
    const message = JSON.parse(mail!.payload);
    expect(message.to).toBe(order.customer.email);
    expect(message.text).toContain(`Pickup code: ${readied.pickup!.code}`);
    expect(message.text).toContain(`http://localhost:8080/pickup/${readied.pickupToken}`);
    expect(message.html).toContain('src="cid:pickup-qr"');
    expect(message.attachments).toEqual([expect.objectContaining({ contentType: 'image/png', cid: 'pickup-qr' })]);
    expect(Buffer.from(message.attachments[0].contentBase64, 'base64').subarray(1, 4).toString()).toBe('PNG');

    const qr = pickupQrText(readied, readied.pickup!.code!);
    const handoff = world.fact(curbside, 'pickup.handoff', order, {
      collector: { kind: 'customer' },
      verification: { method: 'qr', scanned: qr },
      lines: null,
    });
    await accept(curbside, handoff);
    expect(await world.order(order.id)).toMatchObject({
      state: 'collected',
      lines: [
        { collected: 2, reserved: 0 },
        { collected: 1, reserved: 0 },
      ],
    });
    expect(await world.level(shoes)).toMatchObject({ onHand: before.onHand - 2, reserved: before.reserved - 2 });
    expect((await world.movements(shoes)).filter((m) => m.sourceId === handoff.id).map((m) => [m.reason, m.quantity])).toEqual([
      ['collection', -2],
      ['release', -2],
    ]);

    await vi.waitFor(() => expect(eventTypes(order.id)).toEqual(['order.accepted', 'order.picking', 'order.ready', 'order.collected']), {
      timeout: 5_000,
    });
    const collected = receiver.deliveries.find((d) => d.delivery.event?.aggregateId === order.id && d.delivery.event.type === 'order.collected')!
      .delivery.event!;
    expect(collected).toMatchObject({
      sequence: 4,
      data: {
        number: order.number,
        state: 'collected',
        collected: [
          { sku: shoes, quantity: 2 },
          { sku: socks, quantity: 1 },
        ],
        collector: { kind: 'customer' },
        verifiedBy: 'qr',
      },
    });
    expect(collected.data).not.toHaveProperty('pickupToken');
  });

  it('a short pick with a substitute and consent, then a partial handoff: stock released, e-commerce told', async () => {
    const order = await world.postOrder([2, 1]);
    const [shoes, socks] = order.lines.map((l) => l.sku) as [string, string];
    const substitute = server.products.at(-1)!;
    const shoesBefore = await world.level(shoes);
    await accept(counter, world.fact(counter, 'pickup.start', order, {}), world.fact(counter, 'pickup.pick', order, { sku: shoes, quantity: 1 }));
    await accept(
      counter,
      world.fact(counter, 'pickup.short', order, {
        lineNo: 1,
        quantity: 1,
        substitute: { sku: substitute.sku, quantity: 1, consent: { channel: 'whatsapp', note: 'size 43 is fine' } },
      }),
    );
    expect(await world.level(shoes)).toMatchObject({ reserved: shoesBefore.reserved - 1 });
    await accept(
      counter,
      world.fact(counter, 'pickup.pick', order, { sku: substitute.sku, quantity: 1 }),
      world.fact(counter, 'pickup.pick', order, { sku: socks, quantity: 1 }),
      world.fact(counter, 'pickup.ready', order, {}),
    );
    const ready = await world.order(order.id);
    expect(ready.lines[2]).toMatchObject({ sku: substitute.sku, substituteFor: 1, picked: 1 });

    await accept(
      counter,
      world.fact(counter, 'pickup.handoff', order, {
        collector: { kind: 'third_party', name: 'João Souza' },
        verification: { method: 'code', code: ready.pickup!.code! },
        lines: [
          { lineNo: 1, quantity: 1 },
          { lineNo: 3, quantity: 1 },
        ],
      }),
    );
    const after = await world.order(order.id);
    expect(after).toMatchObject({ state: 'partially_collected', pickup: { handoff: { collector: { name: 'João Souza' }, partial: true } } });
    expect(after.lines.map((l) => [l.collected, l.released, l.reserved])).toEqual([
      [1, 1, 0],
      [0, 1, 0],
      [1, 0, 0],
    ]);
    await vi.waitFor(
      () =>
        expect(eventTypes(order.id)).toEqual(['order.accepted', 'order.picking', 'order.substituted', 'order.ready', 'order.partially_collected']),
      { timeout: 5_000 },
    );
  });

  it('refuses what the table refuses (collect before ready, pick after cancel, a wrong item, a pending boleto) with a reason, changing nothing', async () => {
    const order = await world.postOrder([1]);
    const sku = order.lines[0]!.sku;
    const level = await world.level(sku);
    const early = world.fact(counter, 'pickup.handoff', order, {
      collector: { kind: 'customer' },
      verification: { method: 'code', code: '000000' },
      lines: null,
    });
    const cancelByAssociate = world.fact(counter, 'pickup.cancel', order, { reason: 'no' }, ASSOCIATE);
    expect((await world.push(counter, early, cancelByAssociate)).status).toBe(200);
    expect(await world.outcome(early)).toMatchObject({
      status: 'rejected',
      code: 'PICKUP_TRANSITION_REFUSED',
      message: `order ${order.number} is new: it cannot be handed off now`,
    });
    expect(await world.outcome(cancelByAssociate)).toMatchObject({
      status: 'rejected',
      code: 'ASSOCIATE_NOT_ALLOWED',
      message: 'the associate role may not cancel pickup orders',
    });
    await accept(counter, world.fact(counter, 'pickup.start', order, {}));
    const wrong = world.fact(counter, 'pickup.pick', order, { sku: server.products.at(-2)!.sku, quantity: 1 });
    await world.push(counter, wrong);
    expect(await world.outcome(wrong)).toMatchObject({
      code: 'PICK_WRONG_ITEM',
      message: `${server.products.at(-2)!.name} (${server.products.at(-2)!.sku}) is not in order ${order.number}`,
    });

    await accept(counter, world.fact(counter, 'pickup.cancel', order, { reason: 'customer called to cancel' }, MANAGER));
    const cancelled = await world.order(order.id);
    expect(await world.level(sku)).toMatchObject({ reserved: level.reserved - 1 });
    const outboxBefore = await world.outbox(order.id);
    const late = world.fact(counter, 'pickup.pick', order, { sku, quantity: 1 });
    await world.push(counter, late);
    expect(await world.outcome(late)).toMatchObject({
      code: 'PICKUP_TRANSITION_REFUSED',
      message: expect.stringMatching(new RegExp(`^order ${order.number} was cancelled by Carla Mendes at `)),
    });
    expect(await world.order(order.id)).toEqual(cancelled);
    expect(await world.outbox(order.id)).toEqual(outboxBefore);

    const boleto = await world.postOrder([1], { pendingPayment: true });
    const start = world.fact(counter, 'pickup.start', boleto, {});
    await world.push(counter, start);
    expect(await world.outcome(start)).toMatchObject({
      code: 'ORDER_AWAITING_PAYMENT',
      message: `order ${boleto.number} is waiting for payment (boleto): pick it once it is paid`,
    });
  });

  it('a fact for another store’s order is refused and the order is untouched', async () => {
    const order = await world.postOrder([1]);
    const stored = await world.order(order.id);
    const foreign = world.fact(otherStore, 'pickup.start', order, {}, 'S2-2001');
    expect((await world.push(otherStore, foreign)).status).toBe(200);
    expect(await world.outcome(foreign)).toMatchObject({
      status: 'rejected',
      code: 'ORDER_NOT_AT_STORE',
      message: `order ${order.id} is not an order of store S2`,
    });
    expect(await world.order(order.id)).toEqual(stored);
  });
});

describe('two devices, one order', () => {
  it('the same order handed off on two devices (one offline) ends with one handoff; the other fact stays, rejected, naming who and when', async () => {
    const order = await readyOrder([1]);
    const code = order.pickup!.code!;
    const handoff = (device: EnrollResponse, by: string) =>
      world.fact(device, 'pickup.handoff', order, { collector: { kind: 'customer' }, verification: { method: 'code', code }, lines: null }, by);
    const first = handoff(counter, 'S1-2001');
    const offline = handoff(curbside, MANAGER);
    await accept(counter, first);
    const firstAt = (await world.outcome(first))!.decidedAt;
    const sku = order.lines[0]!.sku;
    const level = await world.level(sku);

    const res = await world.push(curbside, offline); // back in range
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      expect.objectContaining({
        id: offline.id,
        outcome: expect.objectContaining({
          status: 'rejected',
          code: 'ORDER_ALREADY_COLLECTED',
          message: `order ${order.number} was already handed off by Bruno Lima at ${firstAt}`,
        }),
      }),
    ]);
    expect(await world.level(sku)).toEqual(level);
    expect((await world.outbox(order.id)).filter((r) => r.type === 'order.collected')).toHaveLength(1);
    const seen = (await syncClient(server.url, curbside.token).pullAll('facts')).documents.find((d) => d.id === offline.id);
    expect(seen).toMatchObject({ outcome: { status: 'rejected', code: 'ORDER_ALREADY_COLLECTED' } });
  });

  it('the last unit of a line picked on two devices counts once; the second names who picked it', async () => {
    const order = await world.postOrder([1]);
    await accept(counter, world.fact(counter, 'pickup.start', order, {}));
    const sku = order.lines[0]!.sku;
    const mine = world.fact(counter, 'pickup.pick', order, { sku, quantity: 1 });
    const theirs = world.fact(curbside, 'pickup.pick', order, { sku, quantity: 1 }, MANAGER);
    await accept(counter, mine);
    await world.push(curbside, theirs);
    expect(await world.outcome(theirs)).toMatchObject({
      code: 'PICK_OVER_PICK',
      message: `every unit of order ${order.number} is already picked or given up (the last one picked by Bruno Lima at ${(await world.outcome(mine))!.decidedAt})`,
    });
    expect((await world.order(order.id)).lines[0]!.picked).toBe(1);
  });
});

describe('a server killed mid-handoff', () => {
  it('applies the handoff once: the retry after the crash finds it applied, or applies it, never twice', async () => {
    const order = await readyOrder([2]);
    const sku = order.lines[0]!.sku;
    const level = await world.level(sku);
    const doomed = await startTestServer({ catalogSize: 40, shareDatabaseWith: server });
    const handoff = world.fact(curbside, 'pickup.handoff', order, {
      collector: { kind: 'customer' },
      verification: { method: 'code', code: order.pickup!.code! },
      lines: null,
    });
    const inFlight = syncClient(doomed.url, curbside.token)
      .push('facts', [{ assumedMasterState: null, newDocumentState: handoff }])
      .catch(() => 'cut');
    await new Promise((r) => setTimeout(r, 5));
    await doomed.close(); // cuts every connection, wherever the push was
    await inFlight;
    // The device never got (or never trusted) an answer: it retries on the surviving instance, twice.
    await accept(curbside, handoff);
    await accept(curbside, handoff);
    expect(await world.order(order.id)).toMatchObject({ state: 'collected', lines: [{ collected: 2 }] });
    expect(await world.level(sku)).toMatchObject({ onHand: level.onHand - 2, reserved: level.reserved - 2 });
    expect((await world.movements(sku)).filter((m) => m.sourceId === handoff.id).map((m) => m.reason)).toEqual(['collection', 'release']);
    expect((await world.outbox(order.id)).filter((r) => r.type === 'order.collected')).toHaveLength(1);
  });
});
