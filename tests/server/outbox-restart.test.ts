import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { newId, systemClock } from '../../src/domain/index.js';
import { createIntegration } from '../../sync-server/integrations/registry.js';
import { silentLogger } from '../../sync-server/logger.js';
import { startServer, type RunningServer } from '../../sync-server/main.js';
import { enqueueEvents } from '../../sync-server/outbox/enqueue.js';
import { startWebhookReceiver, type ReceivedDelivery, type WebhookReceiver } from '../../sync-server/outbox/receiver.js';
import { execute } from '../../sync-server/outbox/sql.js';
import { testDatabase } from './harness.js';

/**
 * The outbox across server restarts, on the test backend: one database, servers started and stopped on it.
 */
const dataDir = mkdtempSync(join(tmpdir(), 'vitrine-outbox-'));
const database = testDatabase();
let receiver: WebhookReceiver;
let respond: (d: ReceivedDelivery) => number | Promise<number> = () => 200;
let integrationId: string;

const start = (): Promise<RunningServer> =>
  startServer({
    port: 0,
    host: '127.0.0.1',
    dataDir,
    databaseUrl: database.databaseUrl,
    databaseSchema: database.databaseSchema,
    databasePoolSize: 4,
    catalogSize: 3,
    logger: silentLogger,
    delivery: { timing: { pollMs: 20, backoffBaseMs: 20, backoffMaxMs: 100 } },
  });

beforeAll(async () => {
  receiver = await startWebhookReceiver({ secret: 'unused', respond: (d) => respond(d) });
  const server = await start();
  integrationId = (await createIntegration(server.store, { name: 'webshop', webhookUrl: receiver.url }, { clock: systemClock })).integration.id;
  await server.close();
});
afterAll(async () => {
  await receiver.close();
  rmSync(dataDir, { recursive: true, force: true });
  await database.drop();
});

const acknowledged = (orderId: string) =>
  receiver.deliveries.filter((d) => d.delivery.event?.aggregateId === orderId && d.status === 200).map((d) => d.delivery.event!.type);

describe('outbox across restarts', () => {
  it('a server stopped while a webhook is in flight: the next server delivers it, then the rest, in order', async () => {
    const orderId = newId();
    let inFlight!: () => void;
    const arrived = new Promise<void>((resolve) => (inFlight = resolve));
    // The receiver takes the first delivery and never answers while the server is up.
    respond = (d) => {
      if (d.event?.aggregateId !== orderId) return 200;
      inFlight();
      return new Promise<number>(() => undefined);
    };
    const first = await start();
    await first.store.transaction((tx) =>
      enqueueEvents(tx, [
        { integrationId, aggregateType: 'order', aggregateId: orderId, type: 'order.accepted', payload: { orderId } },
        { integrationId, aggregateType: 'order', aggregateId: orderId, type: 'order.cancelled', payload: { orderId } },
      ]),
    );
    await arrived;
    await first.close();

    respond = () => 200;
    const second = await start();
    try {
      await vi.waitFor(() => expect(acknowledged(orderId)).toEqual(['order.accepted', 'order.cancelled']), { timeout: 5_000 });
    } finally {
      await second.close();
    }
  });

  it('an event claimed by an instance that died is delivered once its lease lapses, not before', async () => {
    const orderId = newId();
    const server = await start();
    try {
      const leasedUntil = Date.now() + 400;
      await server.store.transaction(async (tx) => {
        const [id] = await enqueueEvents(tx, [{ integrationId, aggregateType: 'order', aggregateId: orderId, type: 'order.accepted', payload: {} }]);
        // As a worker that claimed the row and was then killed leaves it.
        await execute(tx.sql, 'UPDATE outbox SET lease_until = ? WHERE id = ?', [leasedUntil, id!]);
      });
      await new Promise((r) => setTimeout(r, 250));
      expect(acknowledged(orderId)).toEqual([]);
      await vi.waitFor(() => expect(acknowledged(orderId)).toEqual(['order.accepted']), { timeout: 3_000 });
      expect(receiver.deliveries.find((d) => d.delivery.event?.aggregateId === orderId)!.delivery.receivedAt).toBeGreaterThanOrEqual(leasedUntil);
    } finally {
      await server.close();
    }
  });
});
