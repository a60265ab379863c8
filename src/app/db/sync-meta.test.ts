import { BehaviorSubject, type Subscription } from 'rxjs';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { afterEach, describe, expect, it } from 'vitest';
import { createVitrineDatabase, type VitrineDatabase } from './database.js';
import { persistSyncMeta, readSyncMeta, SYNC_META_EVERY_MS, type SyncMeta } from './sync-meta.js';

let db: VitrineDatabase | undefined;
let persisting: Subscription | undefined;
afterEach(async () => {
  persisting?.unsubscribe();
  await db?.remove();
  db = persisting = undefined;
});

let n = 0;
async function persisted(initial: SyncMeta = { lastSyncedAt: null, initialSyncDone: false }) {
  db = await createVitrineDatabase({ storage: getRxStorageMemory(), name: `syncmeta${++n}`, devMode: true, collections: ['stores'] });
  const snapshot$ = new BehaviorSubject<SyncMeta>(initial);
  let writes = 0;
  const upsert = db.upsertLocal.bind(db);
  db.upsertLocal = ((id: string, data: SyncMeta) => {
    writes++;
    return upsert(id, data);
  }) as typeof db.upsertLocal;
  persisting = persistSyncMeta(db, snapshot$, () => false);
  return { db, snapshot$, writes: () => writes };
}

/** Well inside the throttle's window: what is stored by then was written at once. */
const settle = () => new Promise((r) => setTimeout(r, 100));

describe('persistSyncMeta', () => {
  it('keeps the first successful sync at once, so a reload right after it still shows when the device last synced', async () => {
    const { db, snapshot$ } = await persisted();
    await settle();
    expect(await readSyncMeta(db)).toEqual({ lastSyncedAt: null, initialSyncDone: false });
    snapshot$.next({ lastSyncedAt: 1_000, initialSyncDone: false });
    await settle();
    expect(await readSyncMeta(db)).toEqual({ lastSyncedAt: 1_000, initialSyncDone: false });
  });

  it('keeps the end of the initial download at once, even right after another write', async () => {
    const { db, snapshot$ } = await persisted();
    snapshot$.next({ lastSyncedAt: 1_000, initialSyncDone: false });
    snapshot$.next({ lastSyncedAt: 1_010, initialSyncDone: true });
    await settle();
    expect(await readSyncMeta(db)).toEqual({ lastSyncedAt: 1_010, initialSyncDone: true });
  });

  it('writes a device catching up a few times, not once per page, and ends with its latest sync', async () => {
    const { db, snapshot$, writes } = await persisted();
    for (let page = 1; page <= 50; page++) snapshot$.next({ lastSyncedAt: 1_000 + page, initialSyncDone: false });
    await settle();
    expect(writes()).toBe(1);
    await new Promise((r) => setTimeout(r, SYNC_META_EVERY_MS + 200));
    expect(writes()).toBe(2);
    expect(await readSyncMeta(db)).toEqual({ lastSyncedAt: 1_050, initialSyncDone: false });
  });

  it('never undoes a completed initial download or an earlier sync time recorded by a previous session', async () => {
    const { db, snapshot$ } = await persisted();
    await db.upsertLocal<SyncMeta>('sync-meta', { lastSyncedAt: 5_000, initialSyncDone: true });
    snapshot$.next({ lastSyncedAt: 4_000, initialSyncDone: false });
    await new Promise((r) => setTimeout(r, SYNC_META_EVERY_MS + 200));
    expect(await readSyncMeta(db)).toEqual({ lastSyncedAt: 5_000, initialSyncDone: true });
  });
});
