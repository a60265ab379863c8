import { map, type Observable } from 'rxjs';
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

export async function readSyncMeta(db: VitrineDatabase): Promise<SyncMeta> {
  const doc = await db.getLocal<SyncMeta>(KEY);
  return doc ? { ...empty, ...(doc.toJSON().data as SyncMeta) } : empty;
}

export async function writeSyncMeta(db: VitrineDatabase, meta: SyncMeta): Promise<void> {
  await db.upsertLocal<SyncMeta>(KEY, meta);
}

export function syncMeta$(db: VitrineDatabase): Observable<SyncMeta> {
  return localDocument$<SyncMeta>(db, KEY).pipe(map((doc) => (doc ? { ...empty, ...(doc.toJSON().data as SyncMeta) } : empty)));
}
