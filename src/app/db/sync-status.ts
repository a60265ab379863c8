import { BehaviorSubject, combineLatest, distinctUntilChanged, map, of, type Observable } from 'rxjs';
import type { FactCollectionName, Outcome, Sale } from '../../domain/index.js';
import type { VitrineDatabase } from './database.js';
import { withoutQuarantined, rejectedFactCount$, unsyncedFacts$, type FactRef } from './pending.js';
import { quarantine$, quarantined, type Quarantine } from './quarantine.js';
import { syncMeta$, type SyncMeta } from './sync-meta.js';
import type { ReplicationSnapshot, VitrineReplication } from './replication.js';

/** What the SyncBar shows: always derivable from the local database plus the replication's last answers. */
export interface SyncStatus {
  state: 'online' | 'offline';
  /** Local facts of every fact collection with no server outcome yet (quarantined ones excluded: never sent again). */
  pending: number;
  /** Facts the server rejected, plus those set aside as malformed. */
  rejected: number;
  lastSyncedAt: number | null;
  /** 0..1 during the initial sync, null when unknown (no replication in this tab yet). */
  initialProgress: number | null;
  initialSyncDone: boolean;
  /** What the initial sync is loading now, for the progress bar's words: the catalogue, then stock, then the rest. */
  loading?: 'products' | 'stock' | 'store' | null;
  isLeader: boolean;
  outdated: boolean;
  unauthorized: boolean;
  lastError: string | null;
}

export type FactSyncState = 'pending' | 'accepted' | 'rejected';
export type SaleSyncState = FactSyncState;

/** One fact's state as staff see it. */
export function factSyncState(collection: FactCollectionName, fact: { id: string; outcome?: Outcome }, quarantine: Quarantine = {}): FactSyncState {
  if (fact.outcome) return fact.outcome.status;
  return quarantined(quarantine, collection, fact.id) ? 'rejected' : 'pending';
}

export const saleSyncState = (sale: Pick<Sale, 'id' | 'outcome'>, quarantine: Quarantine = {}): SaleSyncState =>
  factSyncState('sales', sale, quarantine);

export interface SyncInputs {
  browserOnline: boolean;
  unsynced: FactRef[];
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
  const pending = withoutQuarantined(i.unsynced, i.quarantine).length;
  const quarantinedUnsynced = i.unsynced.length - pending;
  return {
    state: i.browserOnline && !failing && !r?.outdated ? 'online' : 'offline',
    pending,
    rejected: i.rejectedByServer + quarantinedUnsynced,
    lastSyncedAt: Math.max(r?.lastSyncedAt ?? 0, i.meta?.lastSyncedAt ?? 0) || null,
    initialProgress: r?.initialProgress ?? null,
    initialSyncDone: (r?.initialSyncDone ?? false) || (i.meta?.initialSyncDone ?? false),
    loading: loadingNow(r),
    isLeader: r?.isLeader ?? false,
    outdated: r?.outdated ?? false,
    unauthorized: r?.unauthorized ?? false,
    lastError: r?.lastError ?? null,
  };
}

function loadingNow(r: ReplicationSnapshot | null): SyncStatus['loading'] {
  if (!r || r.initialSyncDone) return null;
  const waiting = (name: string) => r.progress[name] !== undefined && !r.progress[name]!.persisted;
  if (waiting('products')) return 'products';
  if (waiting('stock')) return 'stock';
  return Object.keys(r.progress).some(waiting) ? 'store' : null;
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
  /** Count only this device's rejected facts (the store's other tills' facts replicate too). */
  deviceId?: string;
}): Observable<SyncStatus> {
  const { db } = options;
  return combineLatest({
    browserOnline: options.online$ ?? browserOnline$(),
    unsynced: unsyncedFacts$(db),
    rejectedByServer: rejectedFactCount$(db, options.deviceId),
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
