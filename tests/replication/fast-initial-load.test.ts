import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { afterEach, describe, expect, it } from 'vitest';
import { completeCashSale, newId, systemClock, type CollectionName, type EnrollResponse, type Product } from '../../src/domain/index.js';
import { createVitrineDatabase, type VitrineDatabase } from '../../src/app/db/database.js';
import { startReplication, type VitrineReplication } from '../../src/app/db/replication.js';
import { readSnapshotRecord } from '../../src/app/db/snapshot.js';
import { demoAssociateId } from '../../sync-server/demo/staff.js';
import { startTestServer, type TestServer } from '../server/harness.js';
import { eventually, Network } from './till.js';

/*
 * The fast initial load (src/app/db/snapshot.ts, sync-server/routes/snapshot.ts): a fresh till loads its read-only
 * collections from the server's snapshot route, then RxDB's replication goes on from the snapshot's checkpoint. What
 * it must not break: later changes arrive live, the fact replication still detects conflicts, and a till killed in
 * the middle of the load resumes where it stopped, with every document once.
 */

const CATALOG_SIZE = 1_200;
/** Small pages, so the load has several and a till can be killed between two of them. */
const PAGE = 250;
const COLLECTIONS: CollectionName[] = ['products', 'stock', 'sales'];

let server: TestServer;
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

/** The device's requests, as sent (path and query). */
class RecordingNetwork extends Network {
  readonly requests: string[] = [];
  /** Set: snapshot answers of this collection stop after this many pages and stay open, like a device that dies. */
  stallSnapshotOf: { collection: string; afterPages: number } | null = null;

  constructor(baseUrl: string) {
    super(baseUrl);
    const send = this.fetch;
    this.fetch = async (input, init) => {
      this.requests.push(decodeURIComponent(input.replace(/^https?:\/\/[^/]+/, '')));
      const res = await send(input, init);
      const stall = this.stallSnapshotOf;
      if (!stall || !input.includes(`/sync/${stall.collection}/`) || !input.includes('/snapshot') || !res.body) return res;
      return new Response(stallAfterLines(res.body, stall.afterPages, init?.signal), { status: res.status, headers: res.headers });
    };
  }

  snapshotRequests(collection: string) {
    return this.requests.filter((r) => r.startsWith(`/sync/${collection}/`) && r.includes('/snapshot'));
  }

  pullRequests(collection: string) {
    return this.requests.filter((r) => r.startsWith(`/sync/${collection}/`) && r.includes('/pull?'));
  }
}

/** Passes the first `lines` lines of a body through, then neither ends nor errors until the request is aborted. */
function stallAfterLines(body: ReadableStream<Uint8Array>, lines: number, signal: AbortSignal | null | undefined): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  let seen = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (seen >= lines) {
        await new Promise((_, reject) => signal?.addEventListener('abort', () => reject(signal.reason), { once: true }));
        return;
      }
      const { value, done } = await reader.read();
      if (done) return controller.close();
      let cut = value.length;
      for (let i = 0; i < value.length; i++) {
        if (value[i] === 10 && ++seen >= lines) {
          cut = i + 1;
          break;
        }
      }
      controller.enqueue(value.subarray(0, cut));
    },
  });
}

interface Device {
  db: VitrineDatabase;
  replication: VitrineReplication;
}

let tills = 0;
async function openDevice(enrollment: EnrollResponse, network: Network, storage = getRxStorageMemory(), name = `fast${++tills}`): Promise<Device> {
  const db = await createVitrineDatabase({ storage, name, devMode: true, collections: COLLECTIONS });
  const replication = startReplication({
    db,
    baseUrl: 'http://server.invalid',
    token: enrollment.token,
    fetch: network.fetch,
    retryTime: 300,
    fastInitialLoad: true,
    snapshotPageSize: PAGE,
  });
  cleanups.push(async () => {
    await replication.cancel();
    if (!db.closed) await db.close();
  });
  return { db, replication };
}

const skusOf = async (db: VitrineDatabase) => (await db.products.find().exec()).map((p) => p.sku).sort();
const serverSkus = async () =>
  (await server.store.pull({ collection: 'products', storeId: '', afterSeq: 0, limit: 100_000 })).documents
    .filter((d) => !d.deleted)
    .map((d) => d.id)
    .sort();
const putProduct = (product: Product) =>
  server.store.transaction((tx) => tx.putDocuments([{ collection: 'products', id: product.sku, storeId: '', body: product }]));
const repriced = (product: Product, amount: number): Product => ({ ...product, price: { ...product.price, amount } });

describe('fast initial load', () => {
  it('loads a fresh till through the snapshot, and later server changes to those documents arrive live', async () => {
    server = await startTestServer({ catalogSize: CATALOG_SIZE });
    cleanups.push(() => server.close());
    const network = new RecordingNetwork(server.url);
    const { db, replication } = await openDevice(await server.enrollDevice('S1'), network);
    await replication.awaitInitialReplication();

    expect(await skusOf(db)).toEqual(await serverSkus());
    expect(await db.stock.count().exec()).toBe(CATALOG_SIZE);
    // The catalog came in one snapshot answer, and RxDB's pulls went on from its checkpoint, never from the start.
    expect(network.snapshotRequests('products')).toHaveLength(1);
    expect(network.snapshotRequests('sales')).toHaveLength(0);
    expect(network.pullRequests('products').length).toBeGreaterThan(0);
    expect(network.pullRequests('products').filter((r) => r.includes('checkpoint=null'))).toEqual([]);

    const product = server.products[7]!;
    await putProduct(repriced(product, product.price.amount + 1_234));
    await server.store.transaction((tx) =>
      tx.putDocuments([{ collection: 'products', id: server.products[8]!.sku, storeId: '', body: server.products[8], deleted: true }]),
    );
    await eventually(async () => {
      expect((await db.products.findOne(product.sku).exec())?.price.amount).toBe(product.price.amount + 1_234);
      expect(await db.products.findOne(server.products[8]!.sku).exec()).toBeNull();
    });
    expect(network.snapshotRequests('products')).toHaveLength(1);
  });

  it('still detects a conflict on a pushed sale after a fast load: the retried push adopts what the server recorded', async () => {
    server = await startTestServer({ catalogSize: CATALOG_SIZE });
    cleanups.push(() => server.close());
    const network = new RecordingNetwork(server.url);
    const enrollment = await server.enrollDevice('S1');
    const { db, replication } = await openDevice(enrollment, network);
    await replication.awaitInitialReplication();
    expect(network.snapshotRequests('products')).toHaveLength(1);

    const product = server.products[3]!;
    const levelBefore = (await db.stock.findOne(`S1:${product.sku}`).exec())!.onHand;
    // The server commits the sale but its answer is lost: the till pushes it again and gets the stored sale back as a
    // conflict, whose outcome it adopts; the stock moves once.
    network.losePushAnswers = 1;
    const sale = completeCashSale({
      store: enrollment.store,
      deviceId: enrollment.deviceId,
      associateId: demoAssociateId('S1'),
      lines: [{ sku: product.sku, name: product.name, quantity: 1, unitPrice: product.price.amount, taxClass: product.taxClass }],
      cashTendered: product.price.amount + 1_000,
      newId,
      clock: systemClock,
    });
    await db.sales.insert(sale);
    await eventually(async () => {
      expect((await db.sales.findOne(sale.id).exec())?.outcome?.status).toBe('accepted');
      expect((await db.stock.findOne(`S1:${product.sku}`).exec())!.onHand).toBe(levelBefore - 1);
    });
    expect(network.pushesSent).toBeGreaterThanOrEqual(2);
  });

  it('resumes a till killed in the middle of the fast load from its last page, with every document once', async () => {
    server = await startTestServer({ catalogSize: CATALOG_SIZE });
    cleanups.push(() => server.close());
    const enrollment = await server.enrollDevice('S1');
    const storage = getRxStorageMemory();
    const name = `killed${++tills}`;
    const dying = new RecordingNetwork(server.url);
    dying.stallSnapshotOf = { collection: 'products', afterPages: 2 };
    const first = await openDevice(enrollment, dying, storage, name);
    await eventually(async () => {
      const record = await readSnapshotRecord(first.db, 'products');
      expect(record?.checkpoint).not.toBeNull();
      expect(await first.db.products.count().exec()).toBe(2 * PAGE);
    });
    const saved = (await readSnapshotRecord(first.db, 'products'))!;
    expect(saved.handedOver).toBe(false);
    // Killed: nothing more is written, the open answer is cut.
    await first.replication.cancel();
    await first.db.close();
    dying.cut();

    // Meanwhile the catalog changes: a product already loaded, and a new one.
    const changed = server.products[5]!;
    await putProduct(repriced(changed, changed.price.amount + 500));
    const added = { ...server.products[9]!, sku: 'NEW-AFTER-KILL', barcode: '7890000000017' };
    await putProduct(added);

    const network = new RecordingNetwork(server.url);
    const second = await openDevice(enrollment, network, storage, name);
    await second.replication.awaitInitialReplication();
    expect(network.snapshotRequests('products')).toEqual([expect.stringContaining(`checkpoint=${JSON.stringify(saved.checkpoint)}`)]);
    expect(await skusOf(second.db)).toEqual(await serverSkus());
    expect((await second.db.products.findOne(changed.sku).exec())?.price.amount).toBe(changed.price.amount + 500);
    expect((await readSnapshotRecord(second.db, 'products'))?.handedOver).toBe(true);
  });
});
