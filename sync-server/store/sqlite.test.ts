import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storeS1 } from '../../src/domain/testing/fixtures.js';
import { openSqliteStore } from './sqlite.js';
import type { SyncStore } from './store.js';

let dir: string;
let store: SyncStore;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vitrine-sqlite-'));
  store = openSqliteStore(dir);
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const doc = (id: string, storeId = 'S1') => ({ collection: 'stock', id, storeId, body: { id } });

describe('sqlite store', () => {
  it('rolls a failed transaction back whole, including the seq counter', async () => {
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

  it('runs concurrent transactions one after the other, never interleaved', async () => {
    const order: string[] = [];
    const work = (name: string) =>
      store.transaction(async (tx) => {
        order.push(`${name}:start`);
        await new Promise((r) => setTimeout(r, 5));
        await tx.putDocuments([doc(name)]);
        order.push(`${name}:end`);
      });
    await Promise.all([work('x'), work('y'), work('z')]);
    expect(order).toEqual(['x:start', 'x:end', 'y:start', 'y:end', 'z:start', 'z:end']);
  });

  it('hides uncommitted writes from reads outside the transaction', async () => {
    let seenInside: unknown;
    let seenOutside: unknown = 'not read';
    await store.transaction(async (tx) => {
      await tx.putDocuments([doc('c')]);
      seenInside = await tx.getDocument('stock', 'c');
      seenOutside = await store.getDocument('stock', 'c');
    });
    expect(seenInside).toBeDefined();
    expect(seenOutside).toBeUndefined();
    expect(await store.getDocument('stock', 'c')).toBeDefined();
  });

  it('pulls one partition in seq order, with the count of what remains; a rewrite moves a document to the end', async () => {
    await store.transaction((tx) => tx.putDocuments([doc('a'), doc('b', 'S2'), doc('c'), doc('d')]));
    await store.transaction((tx) => tx.putDocuments([doc('a')]));
    const page = await store.pull({ collection: 'stock', storeId: 'S1', afterSeq: 0, limit: 2 });
    expect(page.documents.map((d) => d.id)).toEqual(['c', 'd']);
    expect(page.remaining).toBe(1);
    const next = await store.pull({ collection: 'stock', storeId: 'S1', afterSeq: page.documents[1]!.seq, limit: 2 });
    expect(next.documents.map((d) => [d.id, d.seq])).toEqual([['a', 5]]);
    expect(next.remaining).toBe(0);
  });

  it('keeps data across reopen and does not re-run migrations', async () => {
    await store.transaction(async (tx) => {
      await tx.upsertStore(storeS1);
      await tx.putDocuments([doc('a')]);
    });
    await store.close();
    store = openSqliteStore(dir);
    expect(await store.getStore('S1')).toEqual(storeS1);
    expect(await store.latestSeq()).toBe(1);
  });

  it('records a movement id once', async () => {
    const m = { id: 'sale-1:1', storeId: 'S1', sku: 'A-1', quantity: -1, reason: 'sale' as const, sourceId: 'sale-1', recordedAt: '2026-11-23T12:00:00.000Z' };
    expect(await store.transaction((tx) => tx.insertMovements([m, m]))).toEqual([true, false]);
    expect(await store.movementsFor('S1', 'A-1')).toEqual([m]);
  });
});
