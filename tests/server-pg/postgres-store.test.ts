import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { storeS1 } from '../../src/domain/testing/fixtures.js';
import { postgresMigrations } from '../../sync-server/store/migrations.js';
import { openPostgresStore } from '../../sync-server/store/postgres.js';
import type { SyncStore } from '../../sync-server/store/store.js';

/** The PostgreSQL store itself: migrations from several instances at once, transactions, pulls. */
const url = process.env.DATABASE_URL!;
const schemas: string[] = [];
const stores: SyncStore[] = [];
const freshSchema = () => {
  const s = `vitrine_test_${randomBytes(6).toString('hex')}`;
  schemas.push(s);
  return s;
};
const open = async (schema: string) => {
  const store = await openPostgresStore({ connectionString: url, schema, poolSize: 3 });
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

  it('rolls a failed transaction back whole and keeps the committed seq', async () => {
    const store = await open(freshSchema());
    await store.transaction((tx) => tx.putDocuments([doc('a')]));
    await expect(
      store.transaction(async (tx) => {
        await tx.putDocuments([doc('b')]);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await store.getDocument('stock', 'b')).toBeUndefined();
    expect(await store.latestSeq()).toBe(1);
  });

  it('hides uncommitted writes from reads outside the transaction; runs transactions one at a time', async () => {
    const store = await open(freshSchema());
    let seenOutside: unknown = 'not read';
    const order: string[] = [];
    const work = (name: string) =>
      store.transaction(async (tx) => {
        order.push(`${name}:start`);
        await tx.putDocuments([doc(name)]);
        seenOutside = await store.getDocument('stock', name);
        await new Promise((r) => setTimeout(r, 5));
        order.push(`${name}:end`);
      });
    await Promise.all([work('x'), work('y'), work('z')]);
    expect(seenOutside).toBeUndefined();
    for (let i = 0; i < order.length; i += 2) expect(order[i]!.split(':')[0]).toBe(order[i + 1]!.split(':')[0]);
  });

  it('pulls one partition in seq order with what remains; a rewrite moves a document to the end; movements once', async () => {
    const store = await open(freshSchema());
    await store.transaction(async (tx) => {
      await tx.upsertStore(storeS1);
      await tx.putDocuments([doc('a'), doc('b', 'S2'), doc('c'), doc('d')]);
    });
    expect(await store.transaction((tx) => tx.putDocuments([doc('a'), doc('a')]))).toEqual([5, 6]);
    const page = await store.pull({ collection: 'stock', storeId: 'S1', afterSeq: 0, limit: 2 });
    expect(page.documents.map((d) => d.id)).toEqual(['c', 'd']);
    expect(page.remaining).toBe(1);
    const next = await store.pull({ collection: 'stock', storeId: 'S1', afterSeq: page.documents[1]!.seq, limit: 2 });
    expect(next.documents.map((d) => [d.id, d.seq])).toEqual([['a', 6]]);
    expect(await store.getStore('S1')).toEqual(storeS1);
    const m = { id: 'sale-1:1', storeId: 'S1', sku: 'A-1', quantity: -1, reason: 'sale' as const, sourceId: 'sale-1', recordedAt: '2026-11-23T12:00:00.000Z' };
    expect(await store.transaction((tx) => tx.insertMovements([m, m]))).toEqual([true, false]);
    expect(await store.transaction((tx) => tx.insertMovements([m]))).toEqual([false]);
    expect(await store.movementsFor('S1', 'A-1')).toEqual([m]);
  });

  it('is ready once migrated, and revokes a device once (the first revocation time is kept)', async () => {
    const store = await open(freshSchema());
    await expect(store.ready!()).resolves.toBeUndefined();
    const device = { id: 'd1', storeId: 'S1', name: 'T', tokenHash: 'h1', enrolledAt: '2026-01-01T00:00:00.000Z', revokedAt: null };
    await store.transaction(async (tx) => {
      await tx.upsertStore(storeS1);
      await tx.insertDevice(device);
    });
    const first = await store.transaction((tx) => tx.revokeDevice!('d1', '2026-02-01T00:00:00.000Z'));
    const again = await store.transaction((tx) => tx.revokeDevice!('d1', '2026-03-01T00:00:00.000Z'));
    expect(first).toEqual({ ...device, revokedAt: '2026-02-01T00:00:00.000Z' });
    expect(again).toEqual(first);
    expect(await store.transaction((tx) => tx.revokeDevice!('nobody', '2026-03-01T00:00:00.000Z'))).toBeUndefined();
    expect((await store.findDeviceByTokenHash('h1'))?.revokedAt).toBe('2026-02-01T00:00:00.000Z');
    await store.close();
    await expect(store.ready!()).rejects.toThrow(/closed/);
  });

  it('tells listeners of other instances what committed, and nothing of a rollback', async () => {
    const schema = freshSchema();
    const [writer, reader] = [await open(schema), await open(schema)];
    const heard: unknown[] = [];
    const stop = await reader.listenForChanges!((changes) => heard.push(...changes));
    const own: unknown[] = [];
    const stopOwn = await writer.listenForChanges!((changes) => own.push(...changes));
    await writer.transaction(async (tx) => {
      await tx.putDocuments([doc('n', 'S2'), { collection: 'products', id: 'p', storeId: '', body: {} }]);
    });
    await writer.transaction(async (tx) => {
      await tx.putDocuments([doc('r', 'S3')]);
      throw new Error('rolled back');
    }).catch(() => undefined);
    const end = Date.now() + 1_000;
    while (heard.length < 2 && Date.now() < end) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 100));
    expect(heard).toEqual(expect.arrayContaining([{ collection: 'stock', storeId: 'S2' }, { collection: 'products', storeId: null }]));
    expect(heard).toHaveLength(2);
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
      const { rows } = await admin.query<{ n: number }>(
        `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE query = $1`,
        [`LISTEN "vitrine_changes_${schema}"`],
      );
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
});
