import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storeS1 } from '../../src/domain/testing/fixtures.js';
import { openSqliteStore } from './sqlite.js';
import type { SyncStore } from './store.js';

/** What only the SQLite file does; the store's contract on both backends is tests/server/store-contract.test.ts. */
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

describe('sqlite store', () => {
  it('keeps data across reopen and does not re-run migrations', async () => {
    await store.transaction(async (tx) => {
      await tx.upsertStore(storeS1);
      await tx.putDocuments([{ collection: 'stock', id: 'a', storeId: 'S1', body: { id: 'a' } }]);
    });
    await store.close();
    store = openSqliteStore(dir);
    expect(await store.getStore('S1')).toEqual(storeS1);
    expect(await store.latestSeq()).toBe(1);
  });
});
