import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EnrollResponse, StockLevel } from '../../src/domain/index.js';
import { random } from '../../sync-server/demo/prng.js';
import { cashSale, pushRow, syncClient } from './client.js';
import { startTestServer, testBackend, type TestServer } from './harness.js';

/**
 * Checkpoints never skip, under load: several tills push sales at once through two server instances on one database
 * while pullers page through `sales` and `stock` with tiny limits from their checkpoints. A row that committed after
 * a higher seq had already been served would be missed for good by every puller past it; at the end each puller's
 * replica must equal what the server holds for its store.
 *
 * On PostgreSQL this fails without the seq lock of store/postgres.ts (checked by disabling it); on SQLite, writers
 * are serialised by the database itself.
 */
const STORES = ['S1', 'S2'] as const;
const DEVICES_PER_STORE_AND_INSTANCE = 2;
const SALES_PER_DEVICE = 25;

let a: TestServer;
let b: TestServer;

beforeAll(async () => {
  a = await startTestServer({ catalogSize: 60 });
  b = await startTestServer({ catalogSize: 60, shareDatabaseWith: a });
});
afterAll(async () => {
  await b?.close();
  await a?.close();
});

type Doc = Record<string, unknown> & { id: string };

/** A device pulling `sales` and `stock` page by page (limit 1..4) from its own checkpoints, into a replica. */
function startPuller(server: TestServer, token: string, seed: number, done: () => boolean) {
  const client = syncClient(server.url, token);
  const rnd = random(seed);
  const replica = { sales: new Map<string, Doc>(), stock: new Map<string, Doc>() };
  const checkpoints: Record<keyof typeof replica, unknown> = { sales: null, stock: null };
  let pages = 0;
  const pullOnce = async (collection: keyof typeof replica) => {
    const { status, body } = await client.pull(collection, { checkpoint: checkpoints[collection] as never, limit: rnd.int(1, 4) });
    if (status !== 200) throw new Error(`pull ${collection}: ${status} ${JSON.stringify(body)}`);
    for (const d of body.documents as Doc[]) replica[collection].set(d.id, d);
    checkpoints[collection] = body.checkpoint;
    pages++;
    return body.documents.length as number;
  };
  const running = (async () => {
    while (!done()) {
      const n = (await pullOnce('sales')) + (await pullOnce('stock'));
      if (n === 0) await new Promise((r) => setTimeout(r, 1));
    }
    // The writers are done: catch up to the end, as a device does on its next sync.
    while ((await pullOnce('sales')) + (await pullOnce('stock')) > 0);
  })();
  return { replica, running, pages: () => pages };
}

describe(`checkpoints under concurrent writers (${testBackend}, two instances)`, () => {
  it('every puller paging with tiny limits ends with exactly the server state of its store', async () => {
    const instances = [a, b];
    const devices: { server: TestServer; device: EnrollResponse }[] = [];
    for (const storeId of STORES) {
      for (const server of instances) {
        for (let i = 0; i < DEVICES_PER_STORE_AND_INSTANCE; i++) devices.push({ server, device: await server.enrollDevice(storeId) });
      }
    }
    let pushing = true;
    const pullers = devices.map(({ server, device }, i) => ({
      storeId: device.storeId,
      ...startPuller(server, device.token, 100 + i, () => !pushing),
    }));

    const started = Date.now();
    await Promise.all(
      devices.map(async ({ server, device }, d) => {
        const rnd = random(7 + d);
        const client = syncClient(server.url, device.token);
        for (let n = 0; n < SALES_PER_DEVICE; n++) {
          const items = Array.from({ length: rnd.int(1, 5) }, () => ({
            product: a.products[rnd.int(0, a.products.length - 1)]!,
            quantity: rnd.int(1, 2),
          }));
          // One sale per push: many small transactions, the worst case for out-of-order commits.
          const res = await client.push('sales', [pushRow(cashSale(device.store, device.deviceId, dedupe(items)))]);
          expect(res.status).toBe(200);
        }
      }),
    );
    pushing = false;
    await Promise.all(pullers.map((p) => p.running));
    const elapsed = Date.now() - started;

    for (const storeId of STORES) {
      const reader = syncClient(a.url, devices.find((d) => d.device.storeId === storeId)!.device.token);
      const server = {
        sales: byId((await reader.pullAll('sales', 1000)).documents as Doc[]),
        stock: byId((await reader.pullAll('stock', 1000)).documents as Doc[]),
      };
      expect(server.sales.size).toBe(DEVICES_PER_STORE_AND_INSTANCE * instances.length * SALES_PER_DEVICE);
      for (const p of pullers.filter((p) => p.storeId === storeId)) {
        const missing = [...server.sales.keys()].filter((id) => !p.replica.sales.has(id));
        expect(missing, `sales a puller of ${storeId} never saw (skipped checkpoints)`).toEqual([]);
        expect(stale(p.replica.stock, server.stock), `stock levels of ${storeId} that differ in a puller's replica`).toEqual([]);
        expect(stale(p.replica.sales, server.sales)).toEqual([]);
      }
      // And the server's levels are the sum of their movements: no lost update between concurrent sales.
      for (const doc of server.stock.values()) {
        const level = doc as unknown as StockLevel;
        const movements = await a.store.movementsFor(level.storeId, level.sku);
        expect(level.onHand, `level ${doc.id}`).toBe(movements.reduce((sum, m) => sum + m.quantity, 0));
      }
    }
    const pages = pullers.reduce((n, p) => n + p.pages(), 0);
    console.log(
      `checkpoint race (${testBackend}): ${devices.length * SALES_PER_DEVICE} pushes by ${devices.length} devices, ${pages} pages pulled by ${pullers.length} pullers, ${elapsed} ms`,
    );
  });
});

describe(`a seq taken early and committed late (${testBackend})`, () => {
  it('is not skipped by a pull that runs while its transaction is open', async () => {
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const doc = (id: string) => ({ collection: 'race', id, storeId: 'S3', body: { id } });
    let tookSeq!: () => void;
    const seqTaken = new Promise<void>((resolve) => (tookSeq = resolve));
    // A takes its seq, then stays open 300 ms.
    const txA = a.store.transaction(async (tx) => {
      await tx.putDocuments([doc('early')]);
      tookSeq();
      await sleep(300);
    });
    await seqTaken;
    // B, on the other instance (PostgreSQL; SQLite: one process, one writer), takes a higher seq and would commit first.
    const txB = (testBackend === 'postgres' ? b.store : a.store).transaction((tx) => tx.putDocuments([doc('late')]));
    await sleep(100);
    const first = await b.store.pull({ collection: 'race', storeId: 'S3', afterSeq: 0, limit: 10 });
    await Promise.all([txA, txB]);
    const checkpoint = first.documents.at(-1)?.seq ?? 0;
    const rest = await b.store.pull({ collection: 'race', storeId: 'S3', afterSeq: checkpoint, limit: 10 });
    expect([...first.documents, ...rest.documents].map((d) => d.id).sort()).toEqual(['early', 'late']);
  });
});

const byId = (docs: Doc[]) => new Map(docs.map((d) => [d.id, d]));
const stale = (replica: Map<string, Doc>, server: Map<string, Doc>) =>
  [...server].filter(([id, doc]) => JSON.stringify(replica.get(id)) !== JSON.stringify(doc)).map(([id]) => id);

/** One line per product: a sale names a SKU once. */
function dedupe<T extends { product: { sku: string } }>(items: T[]): T[] {
  return [...new Map(items.map((i) => [i.product.sku, i])).values()];
}
