import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock, type EnrollResponse, type Product } from '../../src/domain/index.js';
import { revokeDevice } from '../../sync-server/auth/revocation.js';
import { cashSale, pushRow, syncClient } from './client.js';
import { startTestServer, type TestServer } from './harness.js';
import { mintKey } from './integration-probe.js';
import { pickupWorld } from './pickup-fixture.js';
import { subscribeStream, until } from './sse-client.js';

/**
 * GET /sync/stream: a device's collections on ONE connection (a browser opens at most 6 HTTP/1.1 connections per
 * origin, and a device has 7 collections), each event named after its collection and served exactly as that
 * collection's own pull-stream would: its partition, its wire version, its server-only fields left out.
 */
let server: TestServer;
let s1: EnrollResponse;
let s2: EnrollResponse;
let apiKey: string;

const ALL = 'products:1,stock:0,sales:2,staff:0,stores:0,orders:0,facts:0,promotions:0,customers:0';
type Batch = { documents: Record<string, unknown>[]; checkpoint: { seq: number } };
type Stream = Awaited<ReturnType<typeof subscribeStream>>;
const batchesOf = (stream: Stream, collection: string) => stream.tagged.filter((e) => e.event === collection).map((e) => e.data as Batch);
const idsOf = (stream: Stream, collection: string) => batchesOf(stream, collection).flatMap((b) => b.documents.map((d) => d.id ?? d.sku));
const sell = (device: EnrollResponse, product: Product) =>
  syncClient(server.url, device.token).push('sales', [pushRow(cashSale(device.store, device.deviceId, [{ product, quantity: 1 }]))]);

beforeAll(async () => {
  server = await startTestServer({ catalogSize: 30, heartbeatMs: 200 });
  s1 = await server.enrollDevice('S1');
  s2 = await server.enrollDevice('S2');
  apiKey = (await mintKey(server.store)).apiKey;
});
afterAll(() => server.close());

describe("one stream for all of a device's collections", () => {
  it("delivers each collection's changes under its own name, to the devices of the store concerned only", async () => {
    const till1 = await subscribeStream(server.url, ALL, s1.token);
    const till2 = await subscribeStream(server.url, ALL, s2.token);
    // One change-feed subscription per collection and connection: 2 devices, 9 collections, 2 connections.
    expect(server.subscriberCount('facts')).toBe(2);
    expect(server.subscriberCount()).toBe(18);

    const product = server.products[3]!;
    const pushed = await sell(s1, product);
    expect(pushed.status).toBe(200);
    expect(await until(() => idsOf(till1, 'sales').length > 0 && idsOf(till1, 'stock').length > 0, 1_000)).toBe(true);
    expect(idsOf(till1, 'stock')).toEqual([`S1:${product.sku}`]);
    expect(batchesOf(till1, 'sales')[0]).toMatchObject({ documents: [{ outcome: { status: 'accepted' } }], checkpoint: { seq: expect.any(Number) } });

    // A shared document reaches both stores, each event under its collection.
    const renamed = { ...server.products[0]!, name: 'Renamed by the catalog' };
    await server.store.transaction((tx) => tx.putDocuments([{ collection: 'products', id: renamed.sku, storeId: '', body: renamed }]));
    expect(await until(() => idsOf(till1, 'products').length > 0 && idsOf(till2, 'products').length > 0, 1_000)).toBe(true);
    expect(batchesOf(till2, 'products')[0]!.documents).toEqual([{ ...renamed, _deleted: false }]);

    // S2 heard the catalog and its heartbeats, nothing of S1's store-scoped documents.
    expect(await until(() => till2.comments.some((c) => c.includes('hb')), 1_000)).toBe(true);
    expect(till2.tagged.map((e) => e.event)).toEqual(['products']);
    expect(till1.tagged.every((e) => ['sales', 'stock', 'products'].includes(e.event!))).toBe(true);

    await Promise.all([till1.close(), till2.close()]);
    expect(await until(() => server.subscriberCount() === 0, 1_000)).toBe(true);
  });

  it("leaves an order's server-only fields on the server, as the per-collection stream does", async () => {
    const till = await subscribeStream(server.url, 'orders:0,stock:0', s1.token);
    const order = await pickupWorld(server, apiKey).postOrder([1]);
    expect(await until(() => idsOf(till, 'orders').includes(order.id), 2_000)).toBe(true);
    const streamed = batchesOf(till, 'orders')
      .flatMap((b) => b.documents)
      .find((d) => d.id === order.id)!;
    expect(streamed).toMatchObject({ id: order.id, storeId: 'S1', _deleted: false });
    expect(streamed).not.toHaveProperty('pickupToken');
    expect(streamed).not.toHaveProperty('integrationId');
    // The order's reservation moved S1's stock: the same connection carries it under `stock`.
    expect(await until(() => idsOf(till, 'stock').length > 0, 1_000)).toBe(true);
    await till.close();
  });

  it('speaks each collection in the version asked for: an app still on sales v0 gets v0 sales', async () => {
    const current = await subscribeStream(server.url, 'sales:2', s1.token);
    const legacy = await subscribeStream(server.url, 'sales:0,stock:0', s1.token);
    await sell(s1, server.products[5]!);
    expect(await until(() => idsOf(current, 'sales').length > 0 && idsOf(legacy, 'sales').length > 0, 1_000)).toBe(true);
    expect(batchesOf(current, 'sales')[0]!.documents[0]).toHaveProperty('customerId', null);
    expect(batchesOf(legacy, 'sales')[0]!.documents[0]).not.toHaveProperty('customerId');
    await Promise.all([current.close(), legacy.close()]);
  });

  it('tells the app to update a collection whose version is no longer served, and streams the others on', async () => {
    const till = await subscribeStream(server.url, 'stock:0,sales:99', s1.token);
    expect(till.tagged).toEqual([
      {
        event: 'sales',
        data: { error: { code: 'SCHEMA_VERSION_UNSUPPORTED', message: expect.stringContaining('update the app'), fieldErrors: [] } },
      },
    ]);
    expect(server.subscriberCount('sales')).toBe(0);
    const product = server.products[6]!;
    await sell(s1, product);
    expect(await until(() => idsOf(till, 'stock').includes(`S1:${product.sku}`), 1_000)).toBe(true);
    await till.close();
  });

  it('refuses what it cannot serve before streaming: 426 when no collection is served, 404 unknown, 400 malformed or repeated', async () => {
    const status = async (collections: string) => {
      const res = await fetch(`${server.url}/sync/stream?collections=${collections}`, { headers: { Authorization: `Bearer ${s1.token}` } });
      return [res.status, ((await res.json()) as { error: { code: string } }).error.code];
    };
    expect(await status('sales:99,stock:7')).toEqual([426, 'SCHEMA_VERSION_UNSUPPORTED']);
    expect(await status('stock:0,receipts:0')).toEqual([404, 'UNKNOWN_COLLECTION']);
    expect(await status('stock')).toEqual([400, 'VALIDATION_FAILED']);
    expect(await status('stock:0,stock:0')).toEqual([400, 'VALIDATION_FAILED']);
    const anonymous = await fetch(`${server.url}/sync/stream?collections=stock:0`);
    expect(anonymous.status).toBe(401);
  });

  it("ends a revoked device's stream; the device's next connection is refused", async () => {
    const lost = await server.enrollDevice('S1', 'Lost tablet');
    const kept = await subscribeStream(server.url, ALL, s1.token);
    const till = await subscribeStream(server.url, ALL, lost.token);
    await revokeDevice(server.store, lost.deviceId, { clock: systemClock });
    // The server checks revocations every 2 s.
    expect(await Promise.race([till.ended, new Promise((r) => setTimeout(() => r('still open'), 3_000))])).toBe('end');
    const again = await fetch(`${server.url}/sync/stream?collections=${ALL}`, { headers: { Authorization: `Bearer ${lost.token}` } });
    expect(again.status).toBe(401);
    expect(await Promise.race([kept.ended, new Promise((r) => setTimeout(() => r('still open'), 200))])).toBe('still open');
    await kept.close();
  });

  it('loses its streams when the network is cut, and takes new ones at once (what the night-offline bench stands for)', async () => {
    const till = await subscribeStream(server.url, ALL, s1.token);
    expect(server.subscriberCount()).toBe(9);
    // Resolves once the server holds no subscription, within 1 s.
    await server.cutConnections(1_000);
    expect(server.subscriberCount()).toBe(0);
    expect(await Promise.race([till.ended, new Promise((r) => setTimeout(() => r('still open'), 1_000))])).not.toBe('still open');

    // The server goes on listening: the stream the tablet opens when its network returns carries what changes next.
    const back = await subscribeStream(server.url, ALL, s1.token);
    const product = server.products[5]!;
    expect((await sell(s1, product)).status).toBe(200);
    expect(await until(() => idsOf(back, 'stock').includes(`S1:${product.sku}`), 1_000)).toBe(true);
    await back.close();
  });
});
