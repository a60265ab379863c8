import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { postgresMigrations } from '../../sync-server/store/migrations.js';
import { openPostgresStore } from '../../sync-server/store/postgres.js';
import type { SyncStore } from '../../sync-server/store/store.js';
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
});
