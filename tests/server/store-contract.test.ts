import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { storeS1 } from '../../src/domain/testing/fixtures.js';
import type { Change } from '../../sync-server/feed/change-feed.js';
import { openStore } from '../../sync-server/store/open-store.js';
import type { DocumentWrite, SyncStore } from '../../sync-server/store/store.js';
import { testBackend, testDatabase } from './harness.js';
import { registryWithNotes as registry, type Note } from './notes-collection.js';

/**
 * The contract of the SyncStore, one suite for both backends: the `server` project runs it on SQLite, `server-pg`
 * on PostgreSQL. Backend-specific behaviour (reopening a SQLite file, concurrent migrations and LISTEN on
 * PostgreSQL) is tested beside each backend.
 */

interface Opened {
  store: SyncStore;
  dataDir: string;
  schema: string | undefined;
}
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A fresh store on the test backend, or another instance on the database of `share` (PostgreSQL). */
async function open(share?: Opened): Promise<Opened> {
  const database = testDatabase(share?.schema);
  const dataDir = share?.dataDir ?? mkdtempSync(join(tmpdir(), 'vitrine-contract-'));
  const store = await openStore({ databaseUrl: database.databaseUrl, dataDir, schema: database.databaseSchema, poolSize: 3, registry });
  let closed = false;
  const close = store.close.bind(store);
  store.close = async () => {
    if (closed) return;
    closed = true;
    await close();
  };
  cleanups.push(async () => {
    await store.close();
    if (!share) {
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
  return { store, dataDir, schema: database.databaseSchema };
}

const stock = (id: string, storeId = 'S1'): DocumentWrite => ({ collection: 'stock', id, storeId, body: { id } });
const note = (id: string, storeId: string, alsoIn: string[], more: Partial<Note> = {}): DocumentWrite => ({
  collection: 'notes',
  id,
  storeId,
  body: { id, storeId, alsoIn, number: `N-${id}`, email: `${id}@example.com`, ...more } satisfies Note,
});
const ids = (docs: readonly { id: string }[]) => docs.map((d) => d.id);
const pullAll = async (store: SyncStore, collection: string, storeId: string) =>
  (await store.pull({ collection, storeId, afterSeq: 0, limit: 1_000 })).documents;

describe(`the store contract (${testBackend})`, () => {
  describe('transactions', () => {
    it('rolls a failed transaction back whole: documents, movements and the committed seq', async () => {
      const { store } = await open();
      await store.transaction((tx) => tx.putDocuments([stock('a')]));
      const movement = {
        id: 'sale-1:1',
        storeId: 'S1',
        sku: 'A-1',
        quantity: -1,
        reason: 'sale' as const,
        sourceId: 'sale-1',
        recordedAt: '2026-11-23T12:00:00.000Z',
      };
      await expect(
        store.transaction(async (tx) => {
          await tx.putDocuments([stock('b')]);
          await tx.insertMovements([movement]);
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await store.getDocument('stock', 'b')).toBeUndefined();
      expect(await store.movementsFor('S1', 'A-1')).toEqual([]);
      expect(await store.latestSeq()).toBe(1);
    });

    it('runs concurrent transactions one after the other, never interleaved', async () => {
      const { store } = await open();
      const order: string[] = [];
      const work = (name: string) =>
        store.transaction(async (tx) => {
          order.push(`${name}:start`);
          await new Promise((r) => setTimeout(r, 5));
          await tx.putDocuments([stock(name)]);
          order.push(`${name}:end`);
        });
      await Promise.all([work('x'), work('y'), work('z')]);
      expect(order).toHaveLength(6);
      for (let i = 0; i < order.length; i += 2) expect(order[i + 1]).toBe(order[i]!.replace(':start', ':end'));
    });

    it('hides uncommitted writes from reads outside the transaction, while the transaction reads its own', async () => {
      const { store } = await open();
      let seenInside: unknown;
      let seenOutside: unknown = 'not read';
      await store.transaction(async (tx) => {
        await tx.putDocuments([stock('c')]);
        seenInside = await tx.getDocument('stock', 'c');
        seenOutside = await store.getDocument('stock', 'c');
      });
      expect(seenInside).toBeDefined();
      expect(seenOutside).toBeUndefined();
      expect(await store.getDocument('stock', 'c')).toBeDefined();
    });

    it('gives committed documents seqs that always form a prefix: no pull ever sees seq n+1 before n', async () => {
      const first = await open();
      // SQLite has one server process per file by design; PostgreSQL instances share the seq lock across processes.
      const writers = testBackend === 'postgres' ? [first.store, (await open(first)).store] : [first.store];
      const snapshots: number[][] = [];
      let writing = true;
      const watch = (async () => {
        while (writing) {
          snapshots.push((await pullAll(first.store, 'stock', 'S1')).map((d) => d.seq));
          await new Promise((r) => setTimeout(r, 1));
        }
      })();
      await Promise.all(
        Array.from({ length: 24 }, (_, i) =>
          writers[i % writers.length]!.transaction(async (tx) => {
            await tx.putDocuments([stock(`p${i}`)]);
            await new Promise((r) => setTimeout(r, (i * 7) % 4));
          }),
        ),
      );
      writing = false;
      await watch;
      const final = (await pullAll(first.store, 'stock', 'S1')).map((d) => d.seq);
      expect(final).toHaveLength(24);
      expect(snapshots.length).toBeGreaterThan(3);
      for (const seen of snapshots) {
        const max = seen.at(-1) ?? 0;
        expect(seen).toEqual(final.filter((s) => s <= max));
      }
    });
  });

  describe('documents and pulls', () => {
    it('pulls one partition in seq order with what remains; a rewrite moves a document to the end', async () => {
      const { store } = await open();
      await store.transaction(async (tx) => {
        await tx.upsertStore(storeS1);
        await tx.putDocuments([stock('a'), stock('b', 'S2'), stock('c'), stock('d')]);
      });
      // The same document twice in one batch: two seqs, the last write wins.
      expect(await store.transaction((tx) => tx.putDocuments([stock('a'), stock('a')]))).toEqual([5, 6]);
      const page = await store.pull({ collection: 'stock', storeId: 'S1', afterSeq: 0, limit: 2 });
      expect(ids(page.documents)).toEqual(['c', 'd']);
      expect(page.remaining).toBe(1);
      const next = await store.pull({ collection: 'stock', storeId: 'S1', afterSeq: page.documents[1]!.seq, limit: 2 });
      expect(next.documents.map((d) => [d.id, d.seq])).toEqual([['a', 6]]);
      expect(next.remaining).toBe(0);
      expect(await store.getStore('S1')).toEqual(storeS1);
    });

    it('records a movement id once, in one call and across calls', async () => {
      const { store } = await open();
      const m = {
        id: 'sale-1:1',
        storeId: 'S1',
        sku: 'A-1',
        quantity: -1,
        reason: 'sale' as const,
        sourceId: 'sale-1',
        recordedAt: '2026-11-23T12:00:00.000Z',
      };
      expect(await store.transaction((tx) => tx.insertMovements([m, m]))).toEqual([true, false]);
      expect(await store.transaction((tx) => tx.insertMovements([m]))).toEqual([false]);
      expect(await store.movementsFor('S1', 'A-1')).toEqual([m]);
    });

    it('reads documents of several collections with one call, only the ids asked of each', async () => {
      const { store } = await open();
      await store.transaction((tx) =>
        tx.putDocuments([
          stock('S1:A'),
          stock('S1:B'),
          note('n1', 'S1', []),
          { collection: 'stock', id: 'gone', storeId: 'S1', body: {}, deleted: true },
        ]),
      );
      const found = await store.getDocumentsOf([
        { collection: 'stock', ids: ['S1:A', 'gone', 'missing'] },
        { collection: 'notes', ids: ['n1', 'S1:B'] },
        { collection: 'stock', ids: [] },
      ]);
      expect(found.map((d) => [d.collection, d.id, d.deleted]).sort()).toEqual([
        ['notes', 'n1', false],
        ['stock', 'S1:A', false],
        ['stock', 'gone', true],
      ]);
      expect(await store.getDocumentsOf([])).toEqual([]);
    });

    it('records movements and reads the levels they name as stored before them, each movement id once', async () => {
      const { store } = await open();
      const level = (sku: string, onHand: number): DocumentWrite => ({
        collection: 'stock',
        id: `S1:${sku}`,
        storeId: 'S1',
        body: { id: `S1:${sku}`, storeId: 'S1', sku, onHand },
      });
      await store.transaction((tx) => tx.putDocuments([level('A-1', 5), level('B-2', 7)]));
      const sale = (id: string, sku: string) => ({
        id,
        storeId: 'S1',
        sku,
        quantity: -1,
        reason: 'sale' as const,
        sourceId: 'sale-1',
        recordedAt: '2026-11-23T12:00:00.000Z',
      });
      const first = await store.transaction((tx) => tx.recordMovements([sale('m1', 'A-1'), sale('m1', 'A-1'), sale('m2', 'C-3')]));
      expect(first.inserted).toEqual([true, false, true]);
      // A-1 is stocked, C-3 has no level yet, B-2 is not named.
      expect(first.levels.map((d) => [d.id, JSON.parse(d.body).onHand])).toEqual([['S1:A-1', 5]]);
      const again = await store.transaction((tx) => tx.recordMovements([sale('m1', 'A-1')]));
      expect(again.inserted).toEqual([false]);
      expect(await store.movementsFor('S1', 'A-1')).toEqual([sale('m1', 'A-1')]);
    });

    it('revokes a device once (the first revocation time is kept); is ready once migrated, not after close', async () => {
      const { store } = await open();
      await expect(store.ready!()).resolves.toBeUndefined();
      const device = { id: 'd1', storeId: 'S1', name: 'T', tokenHash: 'h1', enrolledAt: '2026-01-01T00:00:00.000Z', revokedAt: null };
      await store.transaction(async (tx) => {
        await tx.upsertStore(storeS1);
        await tx.insertDevice(device);
      });
      const first = await store.transaction((tx) => tx.revokeDevice('d1', '2026-02-01T00:00:00.000Z'));
      const again = await store.transaction((tx) => tx.revokeDevice('d1', '2026-03-01T00:00:00.000Z'));
      expect(first).toEqual({ ...device, revokedAt: '2026-02-01T00:00:00.000Z' });
      expect(again).toEqual(first);
      expect(await store.transaction((tx) => tx.revokeDevice('nobody', '2026-03-01T00:00:00.000Z'))).toBeUndefined();
      expect((await store.findDeviceByTokenHash('h1'))?.revokedAt).toBe('2026-02-01T00:00:00.000Z');
      // The revocation watch's batch lookup: every known hash once, unknown ones absent.
      expect(await store.findDevicesByTokenHashes(['h1', 'unknown', 'h1'])).toEqual([first]);
      expect(await store.findDevicesByTokenHashes([])).toEqual([]);
      await store.close();
      await expect(store.ready!()).rejects.toThrow(/closed/);
    });
  });

  describe('changes notify themselves', () => {
    it('tells commit listeners after COMMIT, with every store that sees each document, and never for a rollback', async () => {
      const { store } = await open();
      const heard: Change[][] = [];
      let readableWhenTold: unknown;
      store.onCommitted((changes) => heard.push([...changes]));
      store.onCommitted(() => {
        throw new Error('a broken listener');
      });
      store.onCommitted(() => void store.getDocument('stock', 'a').then((d) => (readableWhenTold = d?.id)));
      await store.transaction(async (tx) => {
        await tx.putDocuments([stock('a'), stock('b'), stock('c', 'S2'), { collection: 'products', id: 'p', storeId: '', body: {} }]);
        await tx.putDocuments([note('n1', 'S1', ['S3', 'S1'])]);
        expect(heard).toEqual([]);
      });
      expect(heard).toHaveLength(1);
      expect(heard[0]).toHaveLength(5);
      expect(heard[0]).toEqual(
        expect.arrayContaining([
          { collection: 'stock', storeId: 'S1' },
          { collection: 'stock', storeId: 'S2' },
          { collection: 'products', storeId: null },
          { collection: 'notes', storeId: 'S1' },
          { collection: 'notes', storeId: 'S3' },
        ]),
      );
      await expect.poll(() => readableWhenTold).toBe('a');

      await store
        .transaction(async (tx) => {
          await tx.putDocuments([stock('r', 'S3')]);
          throw new Error('rolled back');
        })
        .catch(() => undefined);
      await store.transaction((tx) => tx.upsertStore(storeS1));
      // The rolled-back write is never told, nor carried into the next transaction; a transaction writing no
      // document tells nothing.
      await store.transaction((tx) => tx.putDocuments([stock('after', 'S2')]));
      expect(heard.slice(1)).toEqual([[{ collection: 'stock', storeId: 'S2' }]]);
    });

    it('holds the same listener once and stops telling it when asked', async () => {
      const { store } = await open();
      let told = 0;
      const listener = () => void told++;
      const stop = store.onCommitted(listener);
      store.onCommitted(listener);
      await store.transaction((tx) => tx.putDocuments([stock('a')]));
      expect(told).toBe(1);
      stop();
      await store.transaction((tx) => tx.putDocuments([stock('b')]));
      expect(told).toBe(1);
    });
  });

  describe('documents visible to several stores', () => {
    it('lets every store of the audience pull the document in seq order with its own, and no other store', async () => {
      const { store } = await open();
      await store.transaction((tx) => tx.putDocuments([note('s1-own', 'S1', []), note('shared', 'S1', ['S2']), note('s2-own', 'S2', [])]));
      await store.transaction((tx) => tx.putDocuments([note('s2-later', 'S2', [])]));
      expect(ids(await pullAll(store, 'notes', 'S1'))).toEqual(['s1-own', 'shared']);
      expect(ids(await pullAll(store, 'notes', 'S2'))).toEqual(['shared', 's2-own', 's2-later']);
      expect(await pullAll(store, 'notes', 'S3')).toEqual([]);
      // The document keeps its home store; the audience only widens who pulls it.
      expect((await pullAll(store, 'notes', 'S2'))[0]).toMatchObject({ id: 'shared', storeId: 'S1' });
    });

    it('pages through home and audience documents without skipping or repeating, counting what remains', async () => {
      const { store } = await open();
      await store.transaction((tx) =>
        tx.putDocuments([note('a', 'S2', []), note('b', 'S1', ['S2']), note('c', 'S2', []), note('d', 'S3', ['S2']), note('e', 'S1', ['S2'])]),
      );
      const seen: string[] = [];
      const remaining: number[] = [];
      for (let afterSeq = 0; ; ) {
        const page = await store.pull({ collection: 'notes', storeId: 'S2', afterSeq, limit: 2 });
        if (page.documents.length === 0) break;
        seen.push(...ids(page.documents));
        remaining.push(page.remaining);
        afterSeq = page.documents.at(-1)!.seq;
      }
      expect(seen).toEqual(['a', 'b', 'c', 'd', 'e']);
      expect(remaining).toEqual([3, 1, 0]);
    });

    it('replaces the audience on a rewrite: the store that left stops seeing it, the new one sees it once', async () => {
      const { store } = await open();
      await store.transaction((tx) => tx.putDocuments([note('moving', 'S1', ['S2'])]));
      const heard: Change[] = [];
      store.onCommitted((changes) => heard.push(...changes));
      await store.transaction((tx) => tx.putDocuments([note('moving', 'S1', ['S3', 'S3'])]));
      expect(await pullAll(store, 'notes', 'S2')).toEqual([]);
      expect(ids(await pullAll(store, 'notes', 'S3'))).toEqual(['moving']);
      expect(ids(await pullAll(store, 'notes', 'S1'))).toEqual(['moving']);
      expect(heard).toEqual(
        expect.arrayContaining([
          { collection: 'notes', storeId: 'S1' },
          { collection: 'notes', storeId: 'S3' },
        ]),
      );
      // A tombstone reaches the whole audience, so every device that holds the document drops it.
      await store.transaction((tx) => tx.putDocuments([{ ...note('moving', 'S1', ['S3']), deleted: true }]));
      expect((await pullAll(store, 'notes', 'S3')).map((d) => [d.id, d.deleted])).toEqual([['moving', true]]);
    });
  });

  describe('lookup keys', () => {
    it('finds documents by a declared key, follows rewrites and deletes, and forgets rolled-back writes', async () => {
      const { store } = await open();
      await store.transaction((tx) =>
        tx.putDocuments([
          note('o1', 'S1', []),
          note('o2', 'S2', [], { email: 'shared@example.com' }),
          note('o3', 'S1', [], { email: 'shared@example.com' }),
        ]),
      );
      expect(ids(await store.findByKey('notes', 'number', 'N-o1'))).toEqual(['o1']);
      expect(ids(await store.findByKey('notes', 'email', 'shared@example.com'))).toEqual(['o2', 'o3']);
      expect(await store.findByKey('notes', 'number', 'N-nobody')).toEqual([]);
      expect(await store.findByKey('notes', 'email', 'N-o1')).toEqual([]);

      await store.transaction((tx) => tx.putDocuments([note('o1', 'S1', [], { number: 'N-renumbered' })]));
      expect(await store.findByKey('notes', 'number', 'N-o1')).toEqual([]);
      expect(ids(await store.findByKey('notes', 'number', 'N-renumbered'))).toEqual(['o1']);

      await store.transaction((tx) => tx.putDocuments([{ ...note('o3', 'S1', [], { email: 'shared@example.com' }), deleted: true }]));
      expect(ids(await store.findByKey('notes', 'email', 'shared@example.com'))).toEqual(['o2']);

      await store
        .transaction(async (tx) => {
          await tx.putDocuments([note('o2', 'S2', [], { email: 'changed@example.com' })]);
          throw new Error('rolled back');
        })
        .catch(() => undefined);
      expect(ids(await store.findByKey('notes', 'email', 'shared@example.com'))).toEqual(['o2']);
      expect(await store.findByKey('notes', 'email', 'changed@example.com')).toEqual([]);
    });

    it('finds documents by several values of a key with one call, each document once, in seq order', async () => {
      const { store } = await open();
      await store.transaction((tx) =>
        tx.putDocuments([note('o1', 'S1', []), note('o2', 'S2', [], { email: 'o1@example.com' }), note('o3', 'S1', [])]),
      );
      const found = await store.findByKeys('notes', 'email', ['o1@example.com', 'o3@example.com', 'o1@example.com', 'nobody@example.com']);
      expect(ids(found)).toEqual(['o1', 'o2', 'o3']);
      expect(await store.findByKeys('notes', 'email', [])).toEqual([]);
      expect(await store.transaction((tx) => tx.findByKeys('notes', 'number', ['N-o2']))).toMatchObject([{ id: 'o2', storeId: 'S2' }]);
    });

    it('inside a transaction, sees its own writes while others see only what committed', async () => {
      const { store } = await open();
      let inside: string[] = [];
      let outside: string[] = ['not read'];
      await store.transaction(async (tx) => {
        await tx.putDocuments([note('new', 'S1', [])]);
        inside = ids(await tx.findByKey('notes', 'number', 'N-new'));
        outside = ids(await store.findByKey('notes', 'number', 'N-new'));
      });
      expect(inside).toEqual(['new']);
      expect(outside).toEqual([]);
      expect(ids(await store.findByKey('notes', 'number', 'N-new'))).toEqual(['new']);
    });
  });
});
