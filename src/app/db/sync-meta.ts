import { concatMap, distinctUntilChanged, filter, map, merge, share, throttleTime, type Observable, type Subscription } from 'rxjs';
import type { VitrineDatabase } from './database.js';
import { localDocument$ } from './local-document.js';

/**
 * Replication facts worth keeping across reloads and sharing with non-leader tabs (RxDB local document):
 * when the device last caught up with the server, and whether the initial download ever completed.
 */
export interface SyncMeta {
  lastSyncedAt: number | null;
  initialSyncDone: boolean;
}
const KEY = 'sync-meta';
const empty: SyncMeta = { lastSyncedAt: null, initialSyncDone: false };

/** A successful sync happens many times a second while a device catches up: its time is written at most this often. */
export const SYNC_META_EVERY_MS = 2_000;

export async function readSyncMeta(db: VitrineDatabase): Promise<SyncMeta> {
  const doc = await db.getLocal<SyncMeta>(KEY);
  return doc ? { ...empty, ...(doc.toJSON().data as SyncMeta) } : empty;
}

/** Never moves back: a session that has not read the stored record yet cannot undo an earlier initial download. */
async function recordSyncMeta(db: VitrineDatabase, meta: SyncMeta): Promise<void> {
  const stored = await readSyncMeta(db);
  await db.upsertLocal<SyncMeta>(KEY, {
    lastSyncedAt: Math.max(stored.lastSyncedAt ?? 0, meta.lastSyncedAt ?? 0) || null,
    initialSyncDone: stored.initialSyncDone || meta.initialSyncDone,
  });
}

/**
 * Keeps the replication's sync facts on the device. The first successful sync and the end of the initial download
 * are written at once, since a reload right after must still show them; later sync times at most every
 * SYNC_META_EVERY_MS, the latest at the end of each window. One write at a time, in order.
 */
export function persistSyncMeta(db: VitrineDatabase, snapshot$: Observable<SyncMeta>, isCancelled: () => boolean): Subscription {
  const synced$ = snapshot$.pipe(
    map(({ lastSyncedAt, initialSyncDone }) => ({ lastSyncedAt, initialSyncDone })),
    filter((meta) => meta.lastSyncedAt !== null),
    distinctUntilChanged(sameMeta),
    share(),
  );
  const milestones$ = synced$.pipe(distinctUntilChanged((a, b) => a.initialSyncDone === b.initialSyncDone));
  const routine$ = synced$.pipe(throttleTime(SYNC_META_EVERY_MS, undefined, { leading: true, trailing: true }));
  return merge(milestones$, routine$)
    .pipe(
      distinctUntilChanged(sameMeta),
      concatMap((meta) => (isCancelled() || db.closed ? Promise.resolve() : recordSyncMeta(db, meta).catch(() => undefined))),
    )
    .subscribe();
}

const sameMeta = (a: SyncMeta, b: SyncMeta) => a.lastSyncedAt === b.lastSyncedAt && a.initialSyncDone === b.initialSyncDone;

export function syncMeta$(db: VitrineDatabase): Observable<SyncMeta> {
  return localDocument$<SyncMeta>(db, KEY).pipe(map((doc) => (doc ? { ...empty, ...(doc.toJSON().data as SyncMeta) } : empty)));
}
