import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { newId, systemClock, type WebhookEventType } from '../../src/domain/index.js';
import { createIntegration } from '../../sync-server/integrations/registry.js';
import { enqueueEvents } from '../../sync-server/outbox/enqueue.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../sync-server/outbox/receiver.js';
import { startTestServer, type TestServer } from '../server/harness.js';

/** Two server instances on one PostgreSQL, both running the delivery worker: each event is delivered by one. */
let one: TestServer;
let two: TestServer;
let receiver: WebhookReceiver;
const sentBy = { one: 0, two: 0 };
const counting =
  (instance: keyof typeof sentBy): typeof fetch =>
  (input, init) => {
    sentBy[instance]++;
    return fetch(input, init);
  };
const timing = { pollMs: 5, batchSize: 4, backoffBaseMs: 20, backoffMaxMs: 100 };

beforeAll(async () => {
  // A receiver a little slow to answer, so both instances have deliveries in flight at once.
  receiver = await startWebhookReceiver({ secret: 'unused', respond: () => new Promise((r) => setTimeout(() => r(200), 5)) });
  one = await startTestServer({ catalogSize: 3, delivery: { timing, fetch: counting('one') } });
  two = await startTestServer({ catalogSize: 3, shareDatabaseWith: one, delivery: { timing, fetch: counting('two') } });
});
afterAll(async () => {
  await two?.close();
  await one?.close();
  await receiver?.close();
});

describe('two instances deliver the outbox', () => {
  it('each event exactly once, each order in sequence order, the work shared between them', async () => {
    const { integration } = await createIntegration(one.store, { name: 'webshop', webhookUrl: receiver.url }, { clock: systemClock });
    const orders = Array.from({ length: 20 }, () => newId());
    const types: WebhookEventType[] = ['order.accepted', 'order.cancelled', 'order.accepted'];
    // Written through both instances, interleaved, one transaction per event as intake and cancel do.
    for (const type of types) {
      for (const [i, orderId] of orders.entries()) {
        const writer = i % 2 === 0 ? one : two;
        await writer.store.transaction((tx) =>
          enqueueEvents(tx, [{ integrationId: integration.id, aggregateType: 'order', aggregateId: orderId, type, payload: {} }]),
        );
      }
    }
    await vi.waitFor(() => expect(receiver.deliveries).toHaveLength(orders.length * types.length), { timeout: 15_000 });
    await new Promise((r) => setTimeout(r, 200)); // nothing more arrives
    const ids = receiver.deliveries.map((d) => d.delivery.event!.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(orders.length * types.length);
    for (const orderId of orders) {
      const sequences = receiver.deliveries.filter((d) => d.delivery.event!.aggregateId === orderId).map((d) => d.delivery.event!.sequence);
      expect(sequences).toEqual([1, 2, 3]);
    }
    expect(sentBy.one).toBeGreaterThan(0);
    expect(sentBy.two).toBeGreaterThan(0);
    expect(sentBy.one + sentBy.two).toBe(ids.length);
  });
});
