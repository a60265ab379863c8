import { afterEach, describe, expect, it } from 'vitest';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { completeCashSale, type Product, type Sale } from '../../domain/index.js';
import { fixedClock, product, sequentialIds, storeS1 } from '../../domain/testing/fixtures.js';
import { createVitrineDatabase, type VitrineDatabase } from './database.js';
import { readQuarantine } from './quarantine.js';
import { startReplication, type VitrineReplication } from './replication.js';
import type { FetchLike } from './http.js';

/**
 * An in-memory stand-in for the sync server's wire protocol, enough to drive the client: paged pulls with `remaining`,
 * pushes answered with conflicts (or 400 with row-indexed field errors), an idle multiplexed SSE stream, and 426 on demand.
 */
function fakeServer(products: Product[], opts: { outdated?: boolean; silentStream?: boolean } = {}) {
  const sales = new Map<string, Sale>();
  const pushes: number[] = [];
  const streams = new Set<ReadableStreamDefaultController<Uint8Array>>();
  const announce = () => {
    for (const c of streams) c.enqueue(new TextEncoder().encode('event: sales\ndata: "RESYNC"\n\n'));
  };
  const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  const fetch: FetchLike = async (input, init) => {
    const url = new URL(input);
    const [, , collection, , op] = url.pathname.split('/');
    if (opts.outdated) return json(426, { error: { code: 'SCHEMA_VERSION_UNSUPPORTED', message: 'update', fieldErrors: [] } });
    if (url.pathname === '/sync/stream') {
      const body = new ReadableStream({
        start(controller: ReadableStreamDefaultController<Uint8Array>) {
          streams.add(controller);
          init?.signal?.addEventListener('abort', () => {
            streams.delete(controller);
            controller.error(new Error('aborted'));
          });
        },
      });
      return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
    }
    if (op === 'pull') {
      const seq = (JSON.parse(url.searchParams.get('checkpoint') ?? 'null') as { seq: number } | null)?.seq ?? 0;
      const limit = Number(url.searchParams.get('limit'));
      const all =
        collection === 'products'
          ? products.map((p, i) => ({ seq: i + 1, doc: p }))
          : collection === 'sales'
            ? [...sales.values()].map((s, i) => ({ seq: i + 1, doc: s }))
            : [];
      const after = all.filter((x) => x.seq > seq);
      const page = after.slice(0, limit);
      return json(200, {
        documents: page.map((x) => ({ ...x.doc, _deleted: false })),
        checkpoint: page.length ? { seq: page.at(-1)!.seq } : null,
        remaining: after.length - page.length,
      });
    }
    if (op === 'push') {
      const rows = JSON.parse(String(init?.body)) as { newDocumentState: Sale }[];
      pushes.push(rows.length);
      const bad = rows.map((r, i) => (r.newDocumentState.associateId === 'BAD' ? i : -1)).filter((i) => i >= 0);
      if (bad.length) {
        return json(400, {
          error: {
            code: 'VALIDATION_FAILED',
            message: 'invalid push',
            fieldErrors: bad.map((i) => ({ path: `${i}.newDocumentState.associateId`, message: 'unknown associate' })),
          },
        });
      }
      for (const r of rows) {
        const { _deleted, ...doc } = r.newDocumentState as Sale & { _deleted?: boolean };
        if (!sales.has(doc.id))
          sales.set(doc.id, { ...doc, outcome: { status: 'accepted', code: null, message: null, decidedAt: '2026-11-23T16:06:00.000Z' } });
      }
      if (!opts.silentStream) setTimeout(announce, 5); // the real server's change feed tells SSE subscribers about the commit
      // Like the real server, every pushed sale is answered as decided when the device's copy differs.
      const answer = rows
        .map((r) => sales.get((r.newDocumentState as Sale).id)!)
        .filter((d, i) => JSON.stringify(d) !== JSON.stringify(rows[i]!.newDocumentState));
      return json(
        200,
        answer.map((d) => ({ ...d, _deleted: false })),
      );
    }
    return json(404, { error: { code: 'NOT_FOUND', message: 'no', fieldErrors: [] } });
  };
  /** A change on the server told to the devices, as the change feed does: the collection pulls from its checkpoint. */
  const streamResync = (collection: string) => {
    for (const c of streams) c.enqueue(new TextEncoder().encode(`event: ${collection}\ndata: "RESYNC"\n\n`));
  };
  return { fetch, sales, pushes, streamResync };
}

const catalog = Array.from({ length: 25 }, (_, i) => {
  const body = `7890000${String(i).padStart(5, '0')}`;
  const check = (10 - ([...body].reduce((a, d, j) => a + Number(d) * (j % 2 === 0 ? 1 : 3), 0) % 10)) % 10;
  return product({ sku: `SKU-${i}`, barcode: body + check, name: `Produto ${i}`, searchName: `produto ${i}` });
});

const ids = sequentialIds('sale');
const sale = (associateId = 'A-1'): Sale =>
  completeCashSale({
    store: storeS1,
    deviceId: 'dev-1',
    associateId,
    lines: [{ sku: 'SKU-1', name: 'Produto 1', quantity: 1, unitPrice: 12990, taxClass: 'standard' }],
    cashTendered: 13000,
    newId: ids,
    clock: fixedClock(),
  });

let db: VitrineDatabase | undefined;
let replication: VitrineReplication | undefined;
let n = 0;
afterEach(async () => {
  await replication?.cancel();
  await db?.remove();
  db = replication = undefined;
});
const open = async () => (db = await createVitrineDatabase({ storage: getRxStorageMemory(), name: `repl${++n}`, devMode: true }));
const waitFor = async (pred: () => boolean | Promise<boolean>, ms = 5_000) => {
  const end = Date.now() + ms;
  while (!(await pred())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('startReplication', () => {
  it('pulls in pages, reports initial-sync progress from `remaining`, and pushes sales that come back with an outcome', async () => {
    const server = fakeServer(catalog);
    const d = await open();
    const progress: (number | null)[] = [];
    replication = startReplication({
      db: d,
      baseUrl: 'http://sync.test/',
      token: 't'.repeat(24),
      fetch: server.fetch,
      batchSizes: { products: 10 },
      retryTime: 100,
    });
    replication.snapshot$.subscribe((s) => progress.push(s.initialProgress));
    await replication.awaitInitialReplication();
    expect(await d.products.count().exec()).toBe(25);
    expect(replication.snapshot.initialSyncDone).toBe(true);
    expect(progress.filter((p) => p !== null && p > 0 && p < 1).length).toBeGreaterThan(0);
    expect(progress.at(-1)).toBe(1);

    const s = sale();
    await d.sales.insert(s);
    await waitFor(async () => !!(await d.sales.findOne(s.id).exec())?.outcome);
    expect(server.sales.has(s.id)).toBe(true);
  });

  it("leaves RxDB's upstream idle for a read-only collection: pulling the catalog costs no push-side work, which would hold back the stream", async () => {
    const products = [...catalog];
    const server = fakeServer(products);
    const d = await open();
    replication = startReplication({ db: d, baseUrl: 'http://sync.test/', token: 't'.repeat(24), fetch: server.fetch, batchSizes: { products: 10 } });
    await replication.awaitInitialReplication();
    expect(await d.products.count().exec()).toBe(25);
    // A product added on the server afterwards arrives through the stream.
    products.push(product({ sku: 'SKU-NEW', barcode: '7891234567895', name: 'Produto novo', searchName: 'produto novo' }));
    server.streamResync('products');
    await waitFor(async () => !!(await d.products.findOne('SKU-NEW').exec()));
    // The upstream would walk the 25 pulled products and keep `active.up` set meanwhile, which holds back every event
    // of the stream (scripts/patches/rxdb+17.6.0.patch): a tablet back online waited for it to walk 100,000 products.
    const internal = replication.states.products!.internalReplicationState!;
    expect(internal.stats.up).toMatchObject({ upstreamInitialSync: 0, forkChangeStreamEmit: 0, persistToMaster: 0 });
    expect(internal.events.active.up.getValue()).toBe(false);
    // A collection that pushes keeps its upstream.
    const s = sale();
    await d.sales.insert(s);
    await waitFor(async () => !!(await d.sales.findOne(s.id).exec())?.outcome);
    expect(replication.states.sales!.internalReplicationState!.stats.up.persistToMaster).toBeGreaterThan(0);
  });

  it("takes a sale's outcome from the push answer, with no stream event, and never sends the decided sale back", async () => {
    const server = fakeServer(catalog, { silentStream: true });
    const d = await open();
    replication = startReplication({
      db: d,
      baseUrl: 'http://sync.test',
      token: 't'.repeat(24),
      fetch: server.fetch,
      retryTime: 100,
      collections: ['sales'],
    });
    await replication.awaitInitialReplication();
    const s = sale();
    await d.sales.insert(s);
    await waitFor(async () => (await d.sales.findOne(s.id).exec())?.outcome?.status === 'accepted');
    await new Promise((r) => setTimeout(r, 300));
    expect(server.pushes).toEqual([1]);
  });

  it('sets aside a sale the server refuses with 400 and still pushes the others', async () => {
    const server = fakeServer(catalog);
    const d = await open();
    const [good1, bad, good2] = [sale(), sale('BAD'), sale()];
    await d.sales.bulkInsert([good1, bad, good2]);
    replication = startReplication({ db: d, baseUrl: 'http://sync.test', token: 't'.repeat(24), fetch: server.fetch, retryTime: 100 });
    await waitFor(() => server.sales.size === 2);
    expect([...server.sales.keys()].sort()).toEqual([good1.id, good2.id].sort());
    const quarantine = await readQuarantine(d);
    expect(Object.keys(quarantine.sales ?? {})).toEqual([bad.id]);
    expect(quarantine.sales![bad.id]!.fieldErrors).toEqual([{ path: 'associateId', message: 'unknown associate' }]);
    // A later sale is not blocked behind the quarantined one.
    const later = sale();
    await d.sales.insert(later);
    await waitFor(() => server.sales.has(later.id));
  });

  it('stops and reports an outdated app on 426', async () => {
    const server = fakeServer(catalog, { outdated: true });
    const d = await open();
    replication = startReplication({ db: d, baseUrl: 'http://sync.test', token: 't'.repeat(24), fetch: server.fetch, retryTime: 100 });
    await waitFor(() => replication!.snapshot.outdated);
    await waitFor(() => Object.values(replication!.states).every((s) => s!.isStopped()));
  });
});
