import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock, type Order, type StockLevel } from '../../src/domain/index.js';
import { demoIntegrationKey, seedDemoOrders } from '../../sync-server/demo/orders.js';
import { startTestServer, type TestServer } from './harness.js';

const run = promisify(execFile);

/** The demo's online orders: seeded through the intake at start, a fresh key printed, simulate-orders posting more. */
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ catalogSize: 60 });
});
afterAll(() => server.close());

const orders = async () => (await server.store.pull({ collection: 'orders', storeId: '', afterSeq: 0, limit: 1000 })).documents;
const byNumber = async (number: string) => (await server.store.findByKey('orders', 'number', number)).map((d) => JSON.parse(d.body) as Order);
const get = (path: string, key: string) => fetch(`${server.url}${path}`, { headers: { Authorization: `Bearer ${key}` } });

describe('demo orders', () => {
  it('seeds pickup at the counter, curbside and a shipped order per store, reserved through the intake, once', async () => {
    expect(await seedDemoOrders(server.store, { clock: systemClock })).toBe(9);
    for (const storeId of ['S1', 'S2', 'S3']) {
      const [counter, curbside, shipped] = await Promise.all([1, 2, 3].map(async (n) => (await byNumber(`DEMO-${storeId}-${n}`))[0]!));
      expect(counter!.fulfilment).toMatchObject({ type: 'pickup', storeId, mode: 'counter' });
      expect(curbside!.fulfilment).toMatchObject({ type: 'pickup', storeId, mode: 'curbside' });
      expect(shipped!.fulfilment.type).toBe('ship');
      const line = counter!.lines[0]!;
      const level = JSON.parse((await server.store.getDocument('stock', `${storeId}:${line.sku}`))!.body) as StockLevel;
      expect(level.reserved).toBeGreaterThanOrEqual(line.reserved);
      expect(line.reserved + line.shortfall).toBe(line.quantity);
    }
    expect(await seedDemoOrders(server.store, { clock: systemClock })).toBe(0);
    // Shipped orders have no home store: the '' partition, which no device of a store-scoped collection pulls.
    expect(await orders()).toHaveLength(3);
  });

  it('prints a fresh demo key at each start: the previous one stops working, the demo orders stay readable', async () => {
    const first = (await demoIntegrationKey(server.store))!;
    const second = (await demoIntegrationKey(server.store))!;
    expect((await get('/api/orders?number=DEMO-S1-1', first)).status).toBe(401);
    const found = (await (await get('/api/orders?number=DEMO-S1-1', second)).json()) as { orders: Order[] };
    expect(found.orders.map((o) => o.number)).toEqual(['DEMO-S1-1']);
  });

  it('simulate-orders posts N realistic orders through the public API and exits', async () => {
    const key = (await demoIntegrationKey(server.store))!;
    const { stdout } = await run(process.execPath, [
      '--import',
      'tsx',
      'sync-server/cli/simulate-orders.ts',
      '--url',
      server.url,
      '--key',
      key,
      '--store',
      'S2',
      '--count',
      '3',
    ]);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    for (const line of lines) {
      const [number, id] = line.split(/\s+/);
      const [order] = await byNumber(number!);
      expect(order).toMatchObject({ id, state: 'new' });
      expect(order!.fulfilment.type === 'ship' || order!.storeId === 'S2').toBe(true);
    }
    const usage = await run(process.execPath, ['--import', 'tsx', 'sync-server/cli/simulate-orders.ts', '--url', server.url]).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(usage).toMatchObject({ code: 1, stderr: expect.stringContaining('usage: npm run simulate-orders') });
  });
});
