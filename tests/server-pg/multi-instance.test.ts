import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EnrollResponse } from '../../src/domain/index.js';
import { cashSale, pushRow, syncClient } from '../server/client.js';
import { startTestServer, type TestServer } from '../server/harness.js';
import { subscribeEvents, until } from '../server/sse-client.js';

/** Two server instances on one PostgreSQL: a write on one reaches the SSE subscribers of the other. */
let one: TestServer;
let two: TestServer;
let till: EnrollResponse;
let otherStore: EnrollResponse;

beforeAll(async () => {
  one = await startTestServer({ catalogSize: 20, heartbeatMs: 200 });
  two = await startTestServer({ catalogSize: 20, heartbeatMs: 200, shareDatabaseWith: one });
  till = await one.enrollDevice('S1');
  otherStore = await two.enrollDevice('S2');
});
afterAll(async () => {
  await two?.close();
  await one?.close();
});

describe('two instances on one PostgreSQL', () => {
  it('a sale pushed to instance 1 reaches an SSE subscriber on instance 2 within one second', async () => {
    // The same device (its token works on both instances) listens on instance 2 and sells on instance 1.
    const stock = await subscribeEvents(two.url, 'stock', till.token);
    const sales = await subscribeEvents(two.url, 'sales', till.token);
    const s2 = await subscribeEvents(two.url, 'stock', otherStore.token);
    const product = one.products[3]!;
    const sale = cashSale(till.store, till.deviceId, [{ product, quantity: 1 }]);
    const pushedAt = Date.now();
    expect((await syncClient(one.url, till.token).push('sales', [pushRow(sale)])).status).toBe(200);

    expect(await until(() => stock.events.length > 0 && sales.events.length > 0, 1_000)).toBe(true);
    const ms = Date.now() - pushedAt;
    expect(ms).toBeLessThan(1_000);
    expect(stock.events[0]).toMatchObject({ documents: [{ id: `S1:${product.sku}` }] });
    expect(sales.events[0]).toMatchObject({ documents: [{ id: sale.id, outcome: { status: 'accepted' } }] });
    // Another store's subscriber on instance 2 hears heartbeats, never S1's documents.
    expect(await until(() => s2.comments.some((c) => c.includes('hb')), 1_000)).toBe(true);
    expect(s2.events).toEqual([]);
    await Promise.all([stock.close(), sales.close(), s2.close()]);
  });

  it('uses one LISTEN connection per instance, not one per subscriber', async () => {
    const subs = await Promise.all(Array.from({ length: 20 }, () => subscribeEvents(two.url, 'stock', till.token)));
    const pg = await import('pg');
    const client = new pg.default.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      // Listening backends show their last statement, LISTEN "<channel>"; our channel names this test's schema.
      const { rows } = await client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE query ILIKE 'LISTEN %' AND query LIKE $1`,
        [`%${one.databaseSchema}%`],
      );
      expect(rows[0]!.n).toBe(2);
    } finally {
      await client.end();
    }
    await Promise.all(subs.map((s) => s.close()));
  });
});
