import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storeS1 } from '../../src/domain/testing/fixtures.js';
import { openSqliteStore, SQLITE_FILE_NAME } from './sqlite.js';
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

  it('gives the sales stored before migration 13 their customer lookup key, so their customer finds them', async () => {
    const sale = (id: string, customerId: string | null) => ({
      collection: 'sales',
      id,
      storeId: 'S1',
      body: { id, receiptNumber: `S1-01-${id}`, customerId },
    });
    await store.transaction(async (tx) => {
      await tx.upsertStore(storeS1);
      await tx.putDocuments([sale('000001', 'cust-1'), sale('000002', null)]);
    });
    await store.close();
    // As a database written before the key existed: no customer keys, migrated up to 12.
    const raw = new Database(join(dir, SQLITE_FILE_NAME));
    raw.prepare("DELETE FROM document_keys WHERE collection = 'sales' AND key_name = 'customer'").run();
    raw.pragma('user_version = 12');
    raw.close();
    store = openSqliteStore(dir);
    expect((await store.findByKey('sales', 'customer', 'cust-1')).map((d) => d.id)).toEqual(['000001']);
  });
});
