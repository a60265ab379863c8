import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EnrollResponse } from '../../src/domain/index.js';
import { cashSale, pushRow, syncClient } from './client.js';
import { startTestServer, type TestServer } from './harness.js';
import { subscribeEvents, until } from './sse-client.js';

let server: TestServer;
let s1: EnrollResponse;
let s2: EnrollResponse;

beforeAll(async () => {
  server = await startTestServer({ catalogSize: 20, heartbeatMs: 200 });
  s1 = await server.enrollDevice('S1');
  s2 = await server.enrollDevice('S2');
});
afterAll(() => server.close());

describe('pull-stream', () => {
  it('delivers a new stock level to subscribers of the store within a second, and nothing to other stores', async () => {
    const sub1 = await subscribeEvents(server.url, 'stock', s1.token);
    const sub2 = await subscribeEvents(server.url, 'stock', s2.token);
    const sales1 = await subscribeEvents(server.url, 'sales', s1.token);
    const product = server.products[4]!;
    const sale = cashSale(s1.store, s1.deviceId, [{ product, quantity: 1 }]);
    const pushedAt = Date.now();
    expect((await syncClient(server.url, s1.token).push('sales', [pushRow(sale)])).status).toBe(200);

    expect(await until(() => sub1.events.length > 0, 1_000)).toBe(true);
    expect(Date.now() - pushedAt).toBeLessThan(1_000);
    const batch = sub1.events[0] as { documents: { id: string; onHand: number; _deleted: boolean }[]; checkpoint: { seq: number } };
    expect(batch.documents).toEqual([expect.objectContaining({ id: `S1:${product.sku}`, _deleted: false })]);
    expect(batch.checkpoint.seq).toBeGreaterThan(0);
    expect(await until(() => sales1.events.length > 0, 1_000)).toBe(true);
    expect(sales1.events[0]).toMatchObject({ documents: [{ id: sale.id, outcome: { status: 'accepted' } }] });

    // S2 hears heartbeats but no documents of S1.
    expect(await until(() => sub2.comments.some((c) => c.includes('hb')), 1_000)).toBe(true);
    expect(sub2.events).toEqual([]);

    // A later change arrives as the next batch, from the last sent checkpoint (no repeats).
    const again = cashSale(s1.store, s1.deviceId, [{ product: server.products[5]!, quantity: 1 }]);
    await syncClient(server.url, s1.token).push('sales', [pushRow(again)]);
    expect(await until(() => sub1.events.length > 1, 1_000)).toBe(true);
    expect(sub1.events[1]).toMatchObject({ documents: [{ id: `S1:${server.products[5]!.sku}` }] });
    expect(sub2.events).toEqual([]);

    await Promise.all([sub1.close(), sub2.close(), sales1.close()]);
  });

  it('forgets a subscriber when the client disconnects', async () => {
    // The streams of the previous test were closed by their clients: the server lets go of them.
    expect(await until(() => server.subscriberCount() === 0, 1_000)).toBe(true);
    const before = 0;
    const subs = await Promise.all(Array.from({ length: 5 }, () => subscribeEvents(server.url, 'stock', s1.token)));
    expect(await until(() => server.subscriberCount('stock') === before + 5, 1_000)).toBe(true);
    await Promise.all(subs.map((s) => s.close()));
    expect(await until(() => server.subscriberCount('stock') === before, 1_000)).toBe(true);
    // Pushing after the disconnect must not fail, and the server must not hold the dead streams forever.
    const sale = cashSale(s1.store, s1.deviceId, [{ product: server.products[6]!, quantity: 1 }]);
    expect((await syncClient(server.url, s1.token).push('sales', [pushRow(sale)])).status).toBe(200);
    const health = await fetch(`${server.url}/health`);
    expect(health.status).toBe(200);
  });

  it('serves 500 concurrent subscribers of one store: each gets the change once', async () => {
    expect(await until(() => server.subscriberCount() === 0, 1_000)).toBe(true);
    const subs = await Promise.all(Array.from({ length: 500 }, () => subscribeEvents(server.url, 'stock', s1.token)));
    expect(server.subscriberCount('stock')).toBe(500);
    const product = server.products[7]!;
    const pushedAt = Date.now();
    await syncClient(server.url, s1.token).push('sales', [pushRow(cashSale(s1.store, s1.deviceId, [{ product, quantity: 1 }]))]);
    expect(await until(() => subs.every((s) => s.events.length > 0), 5_000)).toBe(true);
    const ms = Date.now() - pushedAt;
    expect(ms).toBeLessThan(5_000);
    for (const s of subs) expect(s.events).toEqual([expect.objectContaining({ documents: [expect.objectContaining({ id: `S1:${product.sku}` })] })]);
    await Promise.all(subs.map((s) => s.close()));
    expect(await until(() => server.subscriberCount() === 0, 2_000)).toBe(true);
  });
});
