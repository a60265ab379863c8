import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { newId, systemClock } from '../../src/domain/index.js';
import { createIntegration } from '../../sync-server/integrations/registry.js';
import { enqueueEvents } from '../../sync-server/outbox/enqueue.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../sync-server/outbox/receiver.js';
import { startTestServer, type TestServer } from './harness.js';

/**
 * The delivery worker polls rarely (here once a minute) but is woken by every commit that wrote outbox rows, so an
 * event (a webhook, a pickup mail, an arrival push) leaves as soon as its transaction commits.
 */
let server: TestServer;
let receiver: WebhookReceiver;
let integrationId: string;

beforeAll(async () => {
  server = await startTestServer({ catalogSize: 5, delivery: { timing: { pollMs: 60_000 } } });
  receiver = await startWebhookReceiver({ secret: 'unused', respond: () => 200 });
  integrationId = (await createIntegration(server.store, { name: 'webshop', webhookUrl: receiver.url }, { clock: systemClock })).integration.id;
});
afterAll(async () => {
  await server.close();
  await receiver.close();
});

describe('outbox delivery', () => {
  it('sends an event right after its transaction commits, not at the next poll a minute later', async () => {
    // Let the worker go idle on its long poll first.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const orderId = newId();
    await server.store.transaction((tx) =>
      enqueueEvents(tx, [{ integrationId, aggregateType: 'order', aggregateId: orderId, type: 'order.accepted', payload: { orderId } }]),
    );
    await vi.waitFor(() => expect(receiver.deliveries.filter((d) => d.delivery.event?.aggregateId === orderId)).toHaveLength(1), {
      timeout: 3_000,
    });
  });
});
