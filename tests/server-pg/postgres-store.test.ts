import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { product, storeS1 } from '../../src/domain/testing/fixtures.js';
import { priceHistories, recordPrices } from '../../sync-server/catalog/price-history.js';
import { recordReplacedStore, replacedStores } from '../../sync-server/catalog/store-history.js';
import { postgresMigrations } from '../../sync-server/store/migrations.js';
import { MAX_GROUP, openPostgresStore } from '../../sync-server/store/postgres.js';
import type { StoreTx, SyncStore } from '../../sync-server/store/store.js';
import { registryWithNotes } from '../server/notes-collection.js';

/**
 * What only PostgreSQL does: migrations from several instances at once, NOTIFY / LISTEN between instances. The
 * store's contract on both backends is tests/server/store-contract.test.ts.
 */
const url = process.env.DATABASE_URL!;
const schemas: string[] = [];
const stores: SyncStore[] = [];
const freshSchema = () => {
  const s = `vitrine_test_${randomBytes(6).toString('hex')}`;
  schemas.push(s);
  return s;
};
const open = async (schema: string) => {
  const store = await openPostgresStore({ connectionString: url, schema, poolSize: 3, registry: registryWithNotes });
  stores.push(store);
  return store;
};

afterAll(async () => {
  await Promise.all(stores.map((s) => s.close()));
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  for (const s of schemas) await client.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
  await client.end();
});

const doc = (id: string, storeId = 'S1') => ({ collection: 'stock', id, storeId, body: { id } });

describe('postgres store', () => {
  it('runs migrations once when several instances start at the same time', async () => {
    const schema = freshSchema();
    const opened = await Promise.all(Array.from({ length: 4 }, () => open(schema)));
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ version: number }>(`SELECT version FROM "${schema}".schema_migrations ORDER BY version`);
      expect(rows.map((r) => r.version)).toEqual(postgresMigrations.map((_, i) => i + 1));
    } finally {
      await client.end();
    }
    // Every instance works on the one schema.
    await opened[0]!.transaction((tx) => tx.putDocuments([doc('m')]));
    expect((await opened[3]!.getDocument('stock', 'm'))?.seq).toBe(1);
    // And opening again later re-runs nothing.
    await open(schema);
  });

  it('tells listeners of other instances what committed, audience stores included, and nothing of a rollback', async () => {
    const schema = freshSchema();
    const [writer, reader] = [await open(schema), await open(schema)];
    const heard: unknown[] = [];
    const stop = await reader.listenForChanges!((changes) => heard.push(...changes));
    const own: unknown[] = [];
    const stopOwn = await writer.listenForChanges!((changes) => own.push(...changes));
    await writer.transaction(async (tx) => {
      await tx.putDocuments([doc('n', 'S2'), { collection: 'products', id: 'p', storeId: '', body: {} }]);
      await tx.putDocuments([
        { collection: 'notes', id: 'o', storeId: 'S1', body: { id: 'o', storeId: 'S1', alsoIn: ['S3'], number: '1', email: 'e' } },
      ]);
    });
    await writer
      .transaction(async (tx) => {
        await tx.putDocuments([doc('r', 'S3')]);
        throw new Error('rolled back');
      })
      .catch(() => undefined);
    const end = Date.now() + 1_000;
    while (heard.length < 4 && Date.now() < end) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 100));
    expect(heard).toEqual(
      expect.arrayContaining([
        { collection: 'stock', storeId: 'S2' },
        { collection: 'products', storeId: null },
        { collection: 'notes', storeId: 'S1' },
        { collection: 'notes', storeId: 'S3' },
      ]),
    );
    expect(heard).toHaveLength(4);
    // The writing instance notifies its own subscribers itself, after commit: its listener ignores its echo.
    expect(own).toEqual([]);
    await stop();
    await stopOwn();
  });

  it('listens again after its connection is cut, and tells subscribers to look again', async () => {
    const schema = freshSchema();
    const [writer, reader] = [await open(schema), await open(schema)];
    const heard: { collection: string; storeId: string | null }[] = [];
    const stop = await reader.listenForChanges!((changes) => heard.push(...changes));
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      const { rows } = await admin.query<{ n: number }>(`SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE query = $1`, [
        `LISTEN "vitrine_changes_${schema}"`,
      ]);
      expect(rows[0]!.n).toBe(1);
    } finally {
      await admin.end();
    }
    const waitFor = async (check: () => boolean) => {
      const end = Date.now() + 5_000;
      while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
      return check();
    };
    // Back within about a second: every collection, every store ("look again").
    expect(await waitFor(() => heard.some((c) => c.collection === 'sales' && c.storeId === null))).toBe(true);
    await writer.transaction((tx) => tx.putDocuments([doc('after', 'S1')]));
    expect(await waitFor(() => heard.some((c) => c.collection === 'stock' && c.storeId === 'S1'))).toBe(true);
    await stop();
  });

  it('tells the other instances each store a large transaction touched, in several notifications, never "every store"', async () => {
    const schema = freshSchema();
    const [writer, reader] = [await open(schema), await open(schema)];
    const heard: { collection: string; storeId: string | null }[] = [];
    const stop = await reader.listenForChanges!((changes) => heard.push(...changes));
    const stores = Array.from({ length: 600 }, (_, i) => `STORE-${String(i).padStart(4, '0')}`);
    await writer.transaction((tx) => tx.putDocuments(stores.map((storeId) => doc(`many-${storeId}`, storeId))));
    const end = Date.now() + 2_000;
    while (heard.length < stores.length && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
    expect(heard.filter((c) => c.storeId === null)).toEqual([]);
    expect(heard.map((c) => c.storeId).sort()).toEqual(stores);
    await stop();
  });

  it('answers the pulls of one tick, run as one query, exactly as each pull alone', async () => {
    const schema = freshSchema();
    const store = await open(schema);
    await store.transaction(async (tx) => {
      await tx.putDocuments(Array.from({ length: 7 }, (_, i) => doc(`s1-${i}`, 'S1')));
      await tx.putDocuments(Array.from({ length: 3 }, (_, i) => doc(`s2-${i}`, 'S2')));
      await tx.putDocuments([{ collection: 'products', id: 'p1', storeId: '', body: { id: 'p1' } }]);
      await tx.putDocuments([
        { collection: 'notes', id: 'o1', storeId: 'S2', body: { id: 'o1', storeId: 'S2', alsoIn: ['S1'], number: '1', email: 'e' } },
      ]);
    });
    const ranges = [
      { collection: 'stock', storeId: 'S1', afterSeq: 2, limit: 3 },
      { collection: 'stock', storeId: 'S2', afterSeq: 0, limit: 100 },
      { collection: 'products', storeId: '', afterSeq: 0, limit: 100 },
      { collection: 'notes', storeId: 'S1', afterSeq: 0, limit: 100 },
      { collection: 'stock', storeId: 'S3', afterSeq: 0, limit: 100 },
    ];
    const together = await Promise.all(ranges.map((r) => store.pull(r)));
    const alone: unknown[] = [];
    for (const r of ranges) alone.push(await store.pull(r));
    expect(together).toEqual(alone);
    expect(together.map((p) => [p.documents.map((d) => d.id), p.remaining])).toEqual([
      [['s1-2', 's1-3', 's1-4'], 2],
      [['s2-0', 's2-1', 's2-2'], 0],
      [['p1'], 0],
      [['o1'], 0],
      [[], 0],
    ]);
  });

  it("reads a push's catalog in one statement exactly as the four reads it replaces", async () => {
    const store = await open(freshSchema());
    const at = (minute: number) => `2026-11-27T10:${String(minute).padStart(2, '0')}:00.000Z`;
    const [a, b, c] = ['SKU-A', 'SKU-B', 'SKU-C'].map((sku) => product({ sku }));
    await store.transaction(async (tx) => {
      await tx.upsertStore(storeS1);
      await tx.upsertStore({ ...storeS1, id: 'S2', name: 'Other' });
      await tx.putDocuments([a!, b!].map((p) => ({ collection: 'products', id: p.sku, storeId: '', body: p })));
      await tx.putDocuments([{ collection: 'products', id: 'GONE', storeId: '', body: { sku: 'GONE' }, deleted: true }]);
      await tx.putDocuments([{ collection: 'staff', id: 'S1:0042', storeId: 'S1', body: { id: 'S1:0042' } }]);
      // Three prices of A (the first out of the window, one before it in force), one of B, one of C in the future.
      await recordPrices(tx.sql, [a!], at(1), 'seed');
      await recordPrices(tx.sql, [{ ...a!, price: { ...a!.price, amount: 1 } }], at(5), 'catalog');
      await recordPrices(tx.sql, [{ ...a!, price: { ...a!.price, amount: 2 } }], at(20), 'catalog');
      await recordPrices(tx.sql, [b!], at(2), 'seed');
      await recordPrices(tx.sql, [c!], at(40), 'seed');
      await recordReplacedStore(tx.sql, { ...storeS1, name: 'Old' }, at(3));
      await recordReplacedStore(tx.sql, { ...storeS1, name: 'Older' }, at(12));
      await recordReplacedStore(tx.sql, { ...storeS1, name: 'Oldest' }, at(30));
      await recordReplacedStore(tx.sql, { ...storeS1, id: 'S2', name: 'Not S1' }, at(31));
    });
    const query = {
      storeId: 'S1',
      documents: [
        { collection: 'products', ids: ['SKU-A', 'SKU-B', 'GONE', 'NONE'] },
        { collection: 'staff', ids: ['S1:0042'] },
      ],
      prices: { skus: ['SKU-A', 'SKU-B', 'SKU-C', 'SKU-NONE'], since: at(10) },
      replacedSince: at(10),
    };
    const one = await store.readCatalog!(query);
    const byId = (docs: { collection: string; id: string }[]) => [...docs].sort((x, y) => (x.collection + x.id < y.collection + y.id ? -1 : 1));
    expect(byId(one.documents)).toEqual(byId(await store.getDocumentsOf(query.documents)));
    expect(one.documents.map((d) => d.id).sort()).toEqual(['GONE', 'S1:0042', 'SKU-A', 'SKU-B']);
    expect(one.store).toEqual(await store.getStore('S1'));
    expect(one.prices).toEqual(await priceHistories(store.sql, query.prices.skus, query.prices.since));
    expect(one.prices.map((p) => `${p.sku}@${p.validFrom.slice(14, 16)}`)).toEqual(['SKU-A@05', 'SKU-A@20', 'SKU-B@02', 'SKU-C@40']);
    expect(one.replaced).toEqual(await replacedStores(store.sql, 'S1', query.replacedSince));
    expect(one.replaced.map((r) => r.store.name)).toEqual(['Oldest', 'Older']);

    // Parts not asked for read nothing; an unknown store is absent.
    const bare = await store.readCatalog!({ storeId: 'S9', documents: [] });
    expect(bare).toEqual({ store: undefined, documents: [], prices: [], replaced: [] });
  });

  describe('group commit', () => {
    /** The database transaction a write runs in (writes of one group share it). */
    const txid = async (tx: StoreTx) => {
      if (tx.sql.dialect !== 'postgres') throw new Error('postgres only');
      const { rows } = await tx.sql.db.query<{ id: string }>('SELECT txid_current()::text AS id');
      return rows[0]!.id;
    };
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

    it('commits writes queued together in one transaction, each on the state the ones before it left, a failing one rolled back alone', async () => {
      const schema = freshSchema();
      const [writer, reader] = [await open(schema), await open(schema)];
      const heard: unknown[] = [];
      const stop = await reader.listenForChanges!((changes) => heard.push(...changes));
      const told: unknown[][] = [];
      writer.onCommitted((changes) => told.push([...changes]));

      // The first write runs alone; the four queued behind it form the next group.
      const first = writer.transaction(async (tx) => {
        await sleep(50);
        await tx.putDocuments([doc('first', 'S0')]);
        return txid(tx);
      });
      const a = writer.transaction(async (tx) => {
        await tx.putDocuments([doc('a', 'S1')]);
        return txid(tx);
      });
      const thrown = writer.transaction(async (tx) => {
        expect((await tx.getDocument('stock', 'a'))?.id).toBe('a'); // sees the write before it
        await tx.putDocuments([doc('b', 'S2')]);
        throw new Error('refused after writing');
      });
      const broken = writer.transaction(async (tx) => {
        await tx.putDocuments([doc('b2', 'S2')]);
        if (tx.sql.dialect === 'postgres') await tx.sql.db.query('SELECT * FROM no_such_table'); // aborts the transaction
      });
      const c = writer.transaction(async (tx) => {
        expect(await tx.getDocument('stock', 'b')).toBeUndefined();
        expect(await tx.getDocument('stock', 'b2')).toBeUndefined();
        await tx.putDocuments([doc('c', 'S3')]);
        return txid(tx);
      });
      await expect(thrown).rejects.toThrow('refused after writing');
      await expect(broken).rejects.toThrow(/no_such_table/);
      const [firstTx, aTx, cTx] = await Promise.all([first, a, c]);
      expect(aTx).toBe(cTx);
      expect(firstTx).not.toBe(aTx);

      const seqOf = async (id: string) => (await writer.getDocument('stock', id))?.seq;
      // In commit order (a rolled-back write leaves a gap, as a rolled-back transaction does: sequences are not undone).
      const seqs = [await seqOf('first'), await seqOf('a'), await seqOf('c')] as number[];
      expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
      expect(await seqOf('b')).toBeUndefined();
      expect(await seqOf('b2')).toBeUndefined();
      // This process's listeners and the other instances hear of the group once, without the rolled-back writes.
      expect(told).toEqual([
        [{ collection: 'stock', storeId: 'S0' }],
        [
          { collection: 'stock', storeId: 'S1' },
          { collection: 'stock', storeId: 'S3' },
        ],
      ]);
      const end = Date.now() + 1_000;
      while (heard.length < 3 && Date.now() < end) await sleep(5);
      await sleep(100);
      expect(heard).toEqual([
        { collection: 'stock', storeId: 'S0' },
        { collection: 'stock', storeId: 'S1' },
        { collection: 'stock', storeId: 'S3' },
      ]);
      await stop();
    });

    it('rejects every write of a group whose transaction a write left aborted, and keeps none of them', async () => {
      // A write that swallows its own SQL error returns normally, yet the transaction is aborted: the savepoint after
      // it fails (sent without waiting, before the next write's queries). Undoing back to the savepoint before it would
      // silently lose that write and the ones before it; the group must fail whole.
      const schema = freshSchema();
      const writer = await open(schema);
      const blocker = writer.transaction(() => sleep(50));
      const before = writer.transaction((tx) => tx.putDocuments([doc('kept-before')]));
      const swallowing = writer.transaction(async (tx) => {
        await tx.putDocuments([doc('swallowing')]);
        if (tx.sql.dialect === 'postgres') await tx.sql.db.query('SELECT * FROM no_such_table').catch(() => undefined);
      });
      const after = writer.transaction((tx) => tx.putDocuments([doc('kept-after')]));
      await blocker;
      const outcomes = await Promise.allSettled([before, swallowing, after]);
      expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected']);
      for (const id of ['kept-before', 'swallowing', 'kept-after']) expect(await writer.getDocument('stock', id)).toBeUndefined();
      // The writer's connection is usable again.
      await writer.transaction((tx) => tx.putDocuments([doc('next')]));
      expect((await writer.getDocument('stock', 'next'))?.id).toBe('next');
    });

    it(`puts at most ${MAX_GROUP} writes in a group, and answers each write only once its group has committed`, async () => {
      const schema = freshSchema();
      const writer = await open(schema);
      const blocker = writer.transaction(() => sleep(50));
      const count = MAX_GROUP + 8;
      const committedWhenAnswered: boolean[] = [];
      const writes = Array.from({ length: count }, (_, i) =>
        writer
          .transaction(async (tx) => {
            await tx.putDocuments([doc(`w${i}`)]);
            return txid(tx);
          })
          // The last write of the group is committed when any write of it is answered.
          .then(async (id) => {
            committedWhenAnswered.push((await writer.getDocument('stock', `w${Math.min(count, MAX_GROUP) - 1}`)) !== undefined);
            return id;
          }),
      );
      await blocker;
      const ids = await Promise.all(writes);
      const sizes = [...new Set(ids)].map((id) => ids.filter((x) => x === id).length);
      expect(sizes).toEqual([MAX_GROUP, count - MAX_GROUP]);
      expect(committedWhenAnswered.every(Boolean)).toBe(true);
    });
  });
});
