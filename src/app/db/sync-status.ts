import { BehaviorSubject, combineLatest, distinctUntilChanged, map, of, type Observable } from 'rxjs';
import type { Sale } from '../../domain/index.js';
import type { VitrineDatabase } from './database.js';
import { quarantine$, type Quarantine } from './quarantine.js';
import { syncMeta$, type SyncMeta } from './sync-meta.js';
import type { ReplicationSnapshot, VitrineReplication } from './replication.js';

/** What the SyncBar shows: always derivable from the local database plus the replication's last answers. */
export interface SyncStatus {
  state: 'online' | 'offline';
  /** Local sales with no server outcome yet (quarantined ones excluded: they will not be sent again). */
  pending: number;
  /** Sales the server rejected, plus those set aside as malformed. */
  rejected: number;
  lastSyncedAt: number | null;
  /** 0..1 during the initial sync, null when unknown (no replication in this tab yet). */
  initialProgress: number | null;
  initialSyncDone: boolean;
  isLeader: boolean;
  outdated: boolean;
  unauthorized: boolean;
  lastError: string | null;
}

export type SaleSyncState = 'pending' | 'accepted' | 'rejected';

/** One sale's state as staff see it. */
export function saleSyncState(sale: Pick<Sale, 'id' | 'outcome'>, quarantine: Quarantine = {}): SaleSyncState {
  if (sale.outcome) return sale.outcome.status;
  return quarantine[sale.id] ? 'rejected' : 'pending';
}

export interface SyncInputs {
  browserOnline: boolean;
  unsynced: string[];
  rejectedByServer: number;
  quarantine: Quarantine;
  replication: ReplicationSnapshot | null;
  /** Persisted by the leader tab: shown by other tabs and after a reload before the first answer. */
  meta?: SyncMeta;
}

/** Pure: online unless the browser says offline or the last replication attempt failed after the last success. */
export function computeSyncStatus(i: SyncInputs): SyncStatus {
  const r = i.replication;
  const failing = !!r && r.lastErrorAt !== null && (r.lastSyncedAt === null || r.lastErrorAt > r.lastSyncedAt);
  const quarantinedUnsynced = i.unsynced.filter((id) => i.quarantine[id]).length;
  return {
    state: i.browserOnline && !failing && !r?.outdated ? 'online' : 'offline',
    pending: i.unsynced.length - quarantinedUnsynced,
    rejected: i.rejectedByServer + quarantinedUnsynced,
    lastSyncedAt: Math.max(r?.lastSyncedAt ?? 0, i.meta?.lastSyncedAt ?? 0) || null,
    initialProgress: r?.initialProgress ?? null,
    initialSyncDone: (r?.initialSyncDone ?? false) || (i.meta?.initialSyncDone ?? false),
    isLeader: r?.isLeader ?? false,
    outdated: r?.outdated ?? false,
    unauthorized: r?.unauthorized ?? false,
    lastError: r?.lastError ?? null,
  };
}

/** navigator.onLine as an observable; always online where there is no navigator (Node). */
export function browserOnline$(): Observable<boolean> {
  if (typeof window === 'undefined' || typeof navigator === 'undefined') return of(true);
  const subject = new BehaviorSubject<boolean>(navigator.onLine);
  window.addEventListener('online', () => subject.next(true));
  window.addEventListener('offline', () => subject.next(false));
  return subject;
}

export function syncStatus$(options: {
  db: VitrineDatabase;
  replication$?: Observable<ReplicationSnapshot | null>;
  online$?: Observable<boolean>;
  /** Count only this device's rejected sales (the store's other tills' sales replicate too). */
  deviceId?: string;
}): Observable<SyncStatus> {
  const { db } = options;
  const mine = options.deviceId ? { deviceId: options.deviceId } : {};
  const unsynced$ = db.sales.find({ selector: { outcome: { $exists: false } } }).$.pipe(map((docs) => docs.map((d) => d.id)));
  const rejected$ = db.sales.find({ selector: { ...mine, 'outcome.status': 'rejected' } }).$.pipe(map((docs) => docs.length));
  return combineLatest({
    browserOnline: options.online$ ?? browserOnline$(),
    unsynced: unsynced$,
    rejectedByServer: rejected$,
    quarantine: quarantine$(db),
    replication: options.replication$ ?? of(null),
    meta: syncMeta$(db),
  }).pipe(
    map(computeSyncStatus),
    distinctUntilChanged((a, b) => JSON.stringify(a) === JSON.stringify(b)),
  );
}

export const replicationSnapshot$ = (replication: VitrineReplication | null): Observable<ReplicationSnapshot | null> =>
  replication ? replication.snapshot$ : of(null);
