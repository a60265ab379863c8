import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { newId, systemClock, type WebhookEventType } from '../../src/domain/index.js';
import { createIntegration, setIntegrationWebhook } from '../../sync-server/integrations/registry.js';
import { enqueueEvents } from '../../sync-server/outbox/enqueue.js';
import { listOutbox, outboxCounts } from '../../sync-server/outbox/inspect.js';
import { startWebhookReceiver, type ReceivedDelivery, type WebhookReceiver } from '../../sync-server/outbox/receiver.js';
import { verifySignature } from '../../sync-server/outbox/signature.js';
import { startTestServer, type TestServer } from './harness.js';

/**
 * Webhook delivery from the outbox to a real HTTP receiver, on the test backend. Backoffs are shortened (tens of
 * milliseconds) through the server's delivery timing; everything else is the production worker.
 */
const BACKOFF_BASE_MS = 40;
let server: TestServer;
let receiver: WebhookReceiver;
/** Per test: how the receiver answers (default: 200 when signed correctly). */
let respond: (d: ReceivedDelivery) => number | Promise<number>;
let integrationId: string;
let secret: string;

beforeAll(async () => {
  server = await startTestServer({
    catalogSize: 5,
    delivery: { timing: { pollMs: 20, backoffBaseMs: BACKOFF_BASE_MS, backoffMaxMs: 400, requestTimeoutMs: 2_000 } },
  });
  receiver = await startWebhookReceiver({ secret: 'unused', respond: (d) => respond(d) });
  const minted = await createIntegration(server.store, { name: 'webshop', webhookUrl: receiver.url }, { clock: systemClock });
  integrationId = minted.integration.id;
  secret = minted.webhookSecret!;
});
afterAll(async () => {
  await server.close();
  await receiver.close();
});
afterEach(() => {
  respond = () => 200;
});
respond = () => 200;

const emit = (orderId: string, type: WebhookEventType, data: unknown = { orderId }, owner: string | null = integrationId) =>
  server.store.transaction((tx) => enqueueEvents(tx, [{ integrationId: owner, aggregateType: 'order', aggregateId: orderId, type, payload: data }]));

const deliveriesOf = (orderId: string) => receiver.deliveries.filter((d) => d.delivery.event?.aggregateId === orderId);
const acknowledged = (orderId: string) => deliveriesOf(orderId).filter((d) => d.status === 200);

describe('webhook delivery', () => {
  it('posts the event signed with the integration secret: id, type, sequence and data, headers to match', async () => {
    const orderId = newId();
    const [eventId] = await emit(orderId, 'order.accepted', { orderId, number: 'W-1001' });
    await vi.waitFor(() => expect(acknowledged(orderId)).toHaveLength(1), { timeout: 3_000 });
    const { delivery } = acknowledged(orderId)[0]!;
    expect(delivery.event).toMatchObject({
      id: eventId,
      type: 'order.accepted',
      aggregateType: 'order',
      aggregateId: orderId,
      sequence: 1,
      data: { number: 'W-1001' },
    });
    expect(delivery.headers['vitrine-event-id']).toBe(eventId);
    expect(delivery.headers['vitrine-event-type']).toBe('order.accepted');
    expect(delivery.headers['vitrine-sequence']).toBe('1');
    expect(delivery.headers['vitrine-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifySignature(secret, delivery.headers['vitrine-signature'] as string, delivery.rawBody)).toMatchObject({ ok: true });
    expect(verifySignature('whsec_wrong', delivery.headers['vitrine-signature'] as string, delivery.rawBody)).toMatchObject({ ok: false });
    expect(verifySignature(secret, delivery.headers['vitrine-signature'] as string, delivery.rawBody.replace('W-1001', 'W-1002'))).toMatchObject({
      ok: false,
    });
  });

  it('retries after 500s with growing waits until a 2xx, then stops; the failure is visible meanwhile', async () => {
    const orderId = newId();
    respond = (d) => (d.event?.aggregateId === orderId && deliveriesOf(orderId).length < 2 ? 500 : 200);
    await emit(orderId, 'order.accepted');
    await vi.waitFor(
      async () => expect((await listOutbox(server.store, 'failed')).find((e) => e.aggregateId === orderId)?.lastError).toMatch(/^HTTP 500/),
      { timeout: 3_000, interval: 5 },
    );
    expect((await outboxCounts(server.store)).failing).toBeGreaterThanOrEqual(1);
    await vi.waitFor(() => expect(acknowledged(orderId)).toHaveLength(1), { timeout: 5_000 });
    const attempts = deliveriesOf(orderId);
    expect(attempts.map((a) => a.status)).toEqual([500, 500, 200]);
    expect(new Set(attempts.map((a) => a.delivery.event!.id)).size).toBe(1);
    // Retry n waits between half and all of base · 2^(n-1): at least 20 ms, then at least 40 ms.
    const gaps = attempts.slice(1).map((a, i) => a.delivery.receivedAt - attempts[i]!.delivery.receivedAt);
    expect(gaps[0]).toBeGreaterThanOrEqual(BACKOFF_BASE_MS / 2 - 5);
    expect(gaps[1]).toBeGreaterThanOrEqual(BACKOFF_BASE_MS - 5);
    await new Promise((r) => setTimeout(r, 200));
    expect(deliveriesOf(orderId)).toHaveLength(3); // acknowledged: never sent again
    expect((await listOutbox(server.store, 'pending')).some((e) => e.aggregateId === orderId)).toBe(false);
  });

  it("an order's later event waits while its first one fails; other orders' events are not held up", async () => {
    const slow = newId();
    const other = newId();
    let failuresLeft = 3;
    respond = (d) => (d.event?.aggregateId === slow && d.event.sequence === 1 && failuresLeft-- > 0 ? 503 : 200);
    await emit(slow, 'order.accepted');
    await emit(slow, 'order.cancelled');
    await emit(other, 'order.accepted');
    await vi.waitFor(() => expect(acknowledged(other)).toHaveLength(1), { timeout: 3_000 });
    await vi.waitFor(() => expect(acknowledged(slow)).toHaveLength(2), { timeout: 5_000 });
    const slowDeliveries = deliveriesOf(slow).map((d) => [d.delivery.event!.sequence, d.status]);
    // Sequence 2 is never even attempted before sequence 1 was acknowledged.
    expect(slowDeliveries).toEqual([
      [1, 503],
      [1, 503],
      [1, 503],
      [1, 200],
      [2, 200],
    ]);
    expect(acknowledged(slow).map((d) => d.delivery.event!.type)).toEqual(['order.accepted', 'order.cancelled']);
  });

  it('the receiver down, then up: events queue, visible to operators, then arrive in order per order', { timeout: 30_000 }, async () => {
    const port = receiver.port;
    await receiver.close();
    const orders = [newId(), newId()];
    for (const orderId of orders) {
      await emit(orderId, 'order.accepted');
      await emit(orderId, 'order.cancelled');
    }
    await vi.waitFor(async () => expect((await listOutbox(server.store, 'failed')).filter((e) => orders.includes(e.aggregateId)).length).toBe(2), {
      timeout: 3_000,
    });
    const failing = await listOutbox(server.store, 'failed');
    expect(failing.find((e) => e.aggregateId === orders[0])?.lastError).toMatch(/^fetch failed: /);
    // What an operator sees: npm run events -- --failed, one line per failing event with attempts and last error.
    const env = { ...process.env, DATA_DIR: server.dataDir, DATABASE_URL: server.databaseUrl ?? '' };
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'sync-server/cli/events.ts', '--failed'], { env });
    expect(stdout).toMatch(/^undelivered: \d+ \(failing: [1-9]\d*, waiting for a webhook URL: \d+\)$/m);
    for (const orderId of orders) {
      expect(stdout).toMatch(
        new RegExp(`order\\.accepted  order/${orderId} #1  integration ${integrationId}  attempts: \\d+  next: \\S+  last error: fetch failed`),
      );
    }
    receiver = await startWebhookReceiver({ port, secret: 'unused', respond: (d) => respond(d) });
    for (const orderId of orders) {
      await vi.waitFor(() => expect(acknowledged(orderId).map((d) => d.delivery.event!.sequence)).toEqual([1, 2]), { timeout: 5_000 });
      expect(acknowledged(orderId).every((d) => d.delivery.order === 'next')).toBe(true);
    }
  });

  it('events of an integration without a webhook URL wait, and go out once one is set', async () => {
    const quiet = await createIntegration(server.store, { name: 'marketplace' }, { clock: systemClock });
    expect(quiet.webhookSecret).toBeUndefined();
    const orderId = newId();
    await emit(orderId, 'order.accepted', { orderId }, quiet.integration.id);
    await new Promise((r) => setTimeout(r, 200));
    expect(deliveriesOf(orderId)).toHaveLength(0);
    expect((await outboxCounts(server.store)).waitingForWebhookUrl).toBe(1);
    const { webhookSecret } = await setIntegrationWebhook(server.store, quiet.integration.id, receiver.url);
    await vi.waitFor(() => expect(acknowledged(orderId)).toHaveLength(1), { timeout: 3_000 });
    const { delivery } = acknowledged(orderId)[0]!;
    expect(verifySignature(webhookSecret, delivery.headers['vitrine-signature'] as string, delivery.rawBody)).toMatchObject({ ok: true });
    expect((await outboxCounts(server.store)).waitingForWebhookUrl).toBe(0);
  });

  it('an event of no integration (null owner) is not written', async () => {
    const orderId = newId();
    expect(await emit(orderId, 'order.accepted', {}, null)).toEqual([]);
    expect((await listOutbox(server.store, 'pending')).some((e) => e.aggregateId === orderId)).toBe(false);
  });
});
