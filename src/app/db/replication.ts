import { BehaviorSubject, Subject, type Observable } from 'rxjs';
import { replicateRxCollection, type RxReplicationState } from 'rxdb/plugins/replication';
import type { RxReplicationPullStreamItem, RxReplicationWriteToMasterRow } from 'rxdb';
import {
  collections,
  isFactCollection,
  type Checkpoint,
  type CollectionName,
  type FactCollectionName,
  type PullResponse,
} from '../../domain/index.js';
import { openCollectionNames, type VitrineDatabase } from './database.js';
import { defaultFetch, type FetchLike, type HttpError, toHttpError, trimBase } from './http.js';
import { sseCollections } from './sse.js';
import { quarantined, quarantineFacts, readQuarantine, type QuarantineEntries } from './quarantine.js';
import { persistSyncMeta, readSyncMeta } from './sync-meta.js';
import { fastLoad, fastLoadable, fastLoadPlan, handOver, snapshotCheckpoint } from './snapshot.js';

/**
 * One loop replicates every collection, and RxDB's generics cannot name "the document type of this collection" across
 * it; documents stay untyped here (the server validates every push, the zod schemas every stored document).
 */
// biome-ignore lint/suspicious/noExplicitAny: RxDB's replication generics at the one place all collections share
type ReplicatedDocument = any;

/*
 * One RxDB replication per registry collection, over the server's rxdb-server style endpoints:
 *
 *   pull    GET  /sync/{c}/{v}/pull?checkpoint={"seq":n}&limit=n   → {documents, checkpoint, remaining}
 *   push    POST /sync/{c}/{v}/push  [{assumedMasterState,newDocumentState}] → conflicting master docs
 *   stream  GET  /sync/stream?collections={c}:{v},… (SSE, one for all)  event: {c}  data: {documents, checkpoint} | "RESYNC"
 *
 *   start ──► (wait for leadership: one tab replicates) ──► initial pulls (progress from `remaining`)
 *         (read-only collections of a fresh device: the fast initial load first, snapshot.ts, then pulls from its
 *          checkpoint)
 *         ──► live: SSE batches + pushes of local sales ──► error: retry after retryTime, SSE reconnects → RESYNC
 *         ──► 426 anywhere: state.outdated = true, every replication cancelled (the app must be updated)
 */

export interface StartReplicationOptions {
  db: VitrineDatabase;
  /** Origin of the sync server; the page origin in the PWA. */
  baseUrl: string;
  token: string;
  /** Injected so Node tests can replicate against a live server; defaults to the global fetch. */
  fetch?: FetchLike;
  live?: boolean;
  retryTime?: number;
  /** Only the leader tab replicates (so two tabs never push the same sale twice). Ignored when !db.multiInstance. */
  waitForLeadership?: boolean;
  batchSizes?: Partial<Record<CollectionName, number>>;
  pushBatchSize?: number;
  /**
   * Loads a fresh device's read-only collections through the snapshot route first (snapshot.ts). Off by default
   * until its browser test passes: in Chromium the initial sync did not finish (tests/e2e/fast-initial-load.test.ts).
   */
  fastInitialLoad?: boolean;
  /** Documents per page of the fast initial load's snapshots (tests; the server's default otherwise). */
  snapshotPageSize?: number;
  /** Which collections to replicate; by default every registry collection the database opened. */
  collections?: CollectionName[];
}

export interface CollectionProgress {
  received: number;
  remaining: number | null;
  /** RxDB has written the initial pull to local storage (not merely received it). */
  persisted: boolean;
}

export interface ReplicationSnapshot {
  /** The server answered 426: this app version is no longer served. Replication is stopped. */
  outdated: boolean;
  /** 401: the device token is no longer valid (revoked device). */
  unauthorized: boolean;
  lastError: string | null;
  lastErrorAt: number | null;
  /** Epoch ms of the last pull that caught up (remaining 0) or push that succeeded. */
  lastSyncedAt: number | null;
  progress: Record<string, CollectionProgress>;
  /** 0..1 across all collections, from the pulls' `remaining`; null before the first answer. */
  initialProgress: number | null;
  initialSyncDone: boolean;
  isLeader: boolean;
  active: boolean;
}

export interface VitrineReplication {
  states: Partial<Record<CollectionName, RxReplicationState<ReplicatedDocument, Checkpoint>>>;
  snapshot$: BehaviorSubject<ReplicationSnapshot>;
  readonly snapshot: ReplicationSnapshot;
  errors$: Observable<unknown>;
  awaitInitialReplication(): Promise<void>;
  awaitInSync(): Promise<void>;
  reSync(): void;
  cancel(): Promise<void>;
}

const CATALOG_HEAD_START_MS = 30_000;
/** Pull page sizes: the big authoritative collections in pages of 5,000 (initial sync of 100,000 products). */
const DEFAULT_BATCH: Partial<Record<CollectionName, number>> = { products: 5000, stock: 5000, sales: 200 };
const DEFAULT_PULL_BATCH = 500;

export function startReplication(options: StartReplicationOptions): VitrineReplication {
  const { db, token } = options;
  const base = trimBase(options.baseUrl);
  const doFetch = options.fetch ?? defaultFetch;
  const live = options.live ?? true;
  const retryTime = options.retryTime ?? 5_000;
  const headers = { Authorization: `Bearer ${token}` };
  const open = openCollectionNames(db);
  const names = options.collections ? options.collections.filter((n) => open.includes(n)) : open;

  const snapshot$ = new BehaviorSubject<ReplicationSnapshot>({
    outdated: false,
    unauthorized: false,
    lastError: null,
    lastErrorAt: null,
    lastSyncedAt: null,
    progress: Object.fromEntries(names.map((n) => [n, { received: 0, remaining: null, persisted: false }])),
    initialProgress: null,
    initialSyncDone: false,
    isLeader: !db.multiInstance,
    active: false,
  });
  const errors$ = new Subject<unknown>();
  const patch = (p: Partial<ReplicationSnapshot>) => snapshot$.next({ ...snapshot$.value, ...p });
  const states: Partial<Record<CollectionName, RxReplicationState<ReplicatedDocument, Checkpoint>>> = {};
  let cancelled = false;
  /** Aborted first thing on cancel: the sync stream closes at once, not after RxDB's cancel waits out a retry. */
  const closing = new AbortController();
  const activeBy = new Map<CollectionName, boolean>();

  const succeeded = () => patch({ lastSyncedAt: Date.now(), lastError: null, lastErrorAt: null, unauthorized: false });
  const failed = (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    patch({ lastError: message, lastErrorAt: Date.now() });
    errors$.next(error);
  };
  const fatal = (error: HttpError) => {
    if (error.status === 426) {
      patch({ outdated: true, lastError: error.message, lastErrorAt: Date.now() });
      setTimeout(() => void cancel(), 0);
    } else if (error.status === 401) {
      patch({ unauthorized: true, lastError: error.message, lastErrorAt: Date.now() });
    }
  };
  const check = async (res: Response) => {
    if (res.ok) return;
    const error = await toHttpError(res);
    if (error.status === 426 || error.status === 401) fatal(error);
    throw error;
  };

  // Progress counts pages received; "done" waits until RxDB has persisted every collection's initial pull, so the
  // app never claims to be ready offline while documents are still only in memory.
  const progressOf = (progress: Record<string, CollectionProgress>) => {
    const entries = Object.values(progress);
    if (entries.every((e) => e.persisted)) return { initialProgress: 1, initialSyncDone: true };
    const answered = entries.filter((e) => e.remaining !== null);
    const got = answered.reduce((a, e) => a + e.received, 0);
    const total = answered.reduce((a, e) => a + e.received + (e.remaining ?? 0), 0);
    const share = total === 0 ? 0 : got / total;
    return { initialProgress: Math.min(0.99, share * (answered.length / entries.length)), initialSyncDone: false };
  };

  const recordPull = (name: CollectionName, received: number, remaining: number) => {
    const before = snapshot$.value.progress[name]!;
    const progress = { ...snapshot$.value.progress, [name]: { ...before, received: before.received + received, remaining } };
    patch(snapshot$.value.initialSyncDone ? { progress } : { progress, ...progressOf(progress) });
    if (remaining === 0) succeeded();
  };

  const recordPersisted = (name: CollectionName) => {
    const progress = { ...snapshot$.value.progress, [name]: { ...snapshot$.value.progress[name]!, persisted: true } };
    patch(snapshot$.value.initialSyncDone ? { progress } : { progress, ...progressOf(progress) });
  };

  // The catalog comes first: a fresh till cannot sell without it, and pulling stock at the same time halves the
  // IndexedDB write rate each gets. The rest start once the catalog is in, or after CATALOG_HEAD_START_MS at most so a
  // failing catalog pull never holds back the sales waiting to be pushed.
  const deferred = (name: CollectionName) => name !== 'products' && names.includes('products');
  const fast = (name: CollectionName) => (options.fastInitialLoad ?? false) && fastLoadable(name);

  // One stream for every collection: a browser opens at most 6 HTTP/1.1 connections per origin, and a stream per
  // collection would leave none for the pulls and pushes.
  const streamOf = live
    ? sseCollections({
        url: `${base}/sync/stream?collections=${names.map((n) => `${n}:${collections[n].version}`).join(',')}`,
        headers,
        fetch: doFetch,
        retryMs: retryTime,
        onFatal: fatal,
        onError: failed,
        closed: closing.signal,
      })
    : undefined;

  for (const name of names) {
    const spec = collections[name];
    const url = `${base}/sync/${spec.name}/${spec.version}`;

    const pullHandler = async (given: Checkpoint | undefined, batchSize: number) => {
      // RxDB has no checkpoint of its own on its first pull after a fast load: it goes on from where that ended.
      const checkpoint = given ?? (await snapshotCheckpoint(db, name));
      const query = `checkpoint=${encodeURIComponent(JSON.stringify(checkpoint ?? null))}&limit=${batchSize}`;
      const res = await doFetch(`${url}/pull?${query}`, { headers, cache: 'no-store' });
      await check(res);
      const body = (await res.json()) as PullResponse<ReplicatedDocument>;
      recordPull(name, body.documents.length, body.remaining ?? 0);
      return { documents: body.documents, checkpoint: body.checkpoint ?? checkpoint };
    };

    const postRows = async (rows: RxReplicationWriteToMasterRow<ReplicatedDocument>[]) => {
      const res = await doFetch(`${url}/push`, {
        method: 'POST',
        headers: { ...headers, 'Content-Type': 'application/json' },
        body: JSON.stringify(rows),
      });
      if (res.status === 400) return { ok: false as const, error: await toHttpError(res) };
      await check(res);
      return { ok: true as const, conflicts: (await res.json()) as ReplicatedDocument[] };
    };

    const entryOf = (e: HttpError, rowPrefix: string | null) => ({
      code: e.code,
      message: e.message,
      fieldErrors: e.fieldErrors
        .filter((f) => rowPrefix === null || f.path === rowPrefix || f.path.startsWith(`${rowPrefix}.`))
        .map((f) => ({
          ...f,
          path:
            rowPrefix === null
              ? f.path
              : f.path
                  .slice(rowPrefix.length)
                  .replace(/^\./, '')
                  .replace(/^newDocumentState\.?/, ''),
        })),
      at: new Date().toISOString(),
    });

    const setAside = (entries: QuarantineEntries) => quarantineFacts(db, name as FactCollectionName, entries);

    /**
     * Pushes rows; a 400 sets the offending rows aside (field-error paths start with the row index, else one by one).
     * The server answers every pushed fact as it decided it (RxDB conflict semantics), so its outcome comes home with
     * the answer: RxDB's downstream sets aside a pulled or streamed document while the device's own write of it is
     * unacknowledged, and the stream alone would leave such a fact "pending sync" for good.
     */
    const pushHandler = async (rows: RxReplicationWriteToMasterRow<ReplicatedDocument>[]) => {
      const already = await readQuarantine(db);
      let pending = rows.filter((r) => !quarantined(already, name as FactCollectionName, r.newDocumentState[spec.primaryKey]));
      if (pending.length === 0) return [];
      const first = await postRows(pending);
      if (first.ok) {
        succeeded();
        return first.conflicts;
      }
      const bad = new Set<number>();
      for (const f of first.error.fieldErrors) {
        const m = /^(\d+)(\.|$)/.exec(f.path);
        if (m && Number(m[1]) < pending.length) bad.add(Number(m[1]));
      }
      const conflicts: ReplicatedDocument[] = [];
      if (bad.size > 0) {
        const badRows: QuarantineEntries = {};
        pending.forEach((r, i) => {
          if (bad.has(i)) badRows[r.newDocumentState[spec.primaryKey]] = entryOf(first.error, String(i));
        });
        pending = pending.filter((_, i) => !bad.has(i));
        await setAside(badRows);
        if (pending.length === 0) return [];
        const second = await postRows(pending);
        if (second.ok) {
          succeeded();
          return second.conflicts;
        }
      }
      // Could not tell which row: one at a time.
      const oneByOne: QuarantineEntries = {};
      for (const row of pending) {
        const result = await postRows([row]);
        if (result.ok) conflicts.push(...result.conflicts);
        else oneByOne[row.newDocumentState[spec.primaryKey]] = entryOf(result.error, '0');
      }
      if (Object.keys(oneByOne).length) await setAside(oneByOne);
      succeeded();
      return conflicts;
    };

    const stream$ = streamOf?.(name);

    const state = replicateRxCollection<ReplicatedDocument, Checkpoint>({
      replicationIdentifier: `vitrine-${spec.name}-${spec.version}-${base}`,
      collection: db.collections[name],
      deletedField: '_deleted',
      live,
      retryTime,
      waitForLeadership: options.waitForLeadership ?? true,
      toggleOnDocumentVisible: false,
      autoStart: !deferred(name) && !fast(name),
      pull: {
        handler: pullHandler,
        batchSize: options.batchSizes?.[name] ?? DEFAULT_BATCH[name] ?? DEFAULT_PULL_BATCH,
        ...(stream$ ? { stream$: stream$ as Observable<RxReplicationPullStreamItem<ReplicatedDocument, Checkpoint>> } : {}),
      },
      ...(isFactCollection(spec) ? { push: { handler: pushHandler, batchSize: options.pushBatchSize ?? 50 } } : {}),
    });
    state.error$.subscribe((e) => failed(e));
    state.active$.subscribe((isActive) => {
      activeBy.set(name, isActive);
      const active = [...activeBy.values()].some(Boolean);
      if (active !== snapshot$.value.active) patch({ active });
    });
    states[name] = state;
    void state.awaitInitialReplication().then(() => !cancelled && recordPersisted(name));
  }

  // Seed from the last session (no progress bar on a catch-up), then persist what later sessions and other tabs show.
  void readSyncMeta(db)
    .then((meta) => {
      if (cancelled) return;
      const v = snapshot$.value;
      patch({
        initialSyncDone: v.initialSyncDone || meta.initialSyncDone,
        initialProgress: v.initialSyncDone || meta.initialSyncDone ? 1 : v.initialProgress,
        lastSyncedAt: v.lastSyncedAt ?? meta.lastSyncedAt,
      });
    })
    .catch(() => undefined);
  const metaSub = persistSyncMeta(db, snapshot$, () => cancelled);

  /**
   * A read-only collection's replication starts once its fast initial load (if it needs one) is done. Only the tab
   * that leads replicates, so only it loads: a second tab opened meanwhile waits, and takes over from the saved
   * checkpoint if the first one closes.
   */
  const begin = async (name: CollectionName) => {
    const state = states[name];
    if (!state || cancelled) return;
    if (!fast(name)) return state.start();
    try {
      if (db.multiInstance && (options.waitForLeadership ?? true)) await db.waitForLeadership();
      const plan = cancelled ? null : await fastLoadPlan(db, name);
      if (plan) {
        const spec = collections[name];
        await fastLoad({
          db,
          name,
          url: `${base}/sync/${spec.name}/${spec.version}`,
          headers,
          fetch: doFetch,
          from: plan.from,
          ...(options.snapshotPageSize ? { pageSize: options.snapshotPageSize } : {}),
          onPage: (received, remaining) => !cancelled && recordPull(name, received, remaining),
          onRefused: async (res) => {
            await check(res);
            throw new Error(`snapshot of ${name}: HTTP ${res.status}`);
          },
          isCancelled: () => cancelled,
        });
      }
    } catch (error) {
      // The pulls go on from the last page persisted (an older server without snapshots: from the start).
      failed(error);
    }
    if (cancelled) return;
    await handOver(db, name).catch(failed);
    if (!cancelled) await state.start();
  };

  let headStartTimer: ReturnType<typeof setTimeout> | undefined;
  for (const name of names) if (!deferred(name) && fast(name)) void begin(name);
  const catalog = states.products;
  if (catalog) {
    const headStart = new Promise((resolve) => (headStartTimer = setTimeout(resolve, CATALOG_HEAD_START_MS)));
    void Promise.race([catalog.awaitInitialReplication(), headStart]).then(async () => {
      clearTimeout(headStartTimer);
      // The rest in parallel: each is a few large bulk writes now, not a long pull loop.
      await Promise.all(names.filter((name) => !cancelled && deferred(name)).map(begin));
    });
  }

  if (db.multiInstance && (options.waitForLeadership ?? true)) {
    void db.waitForLeadership().then(() => !cancelled && patch({ isLeader: true }));
  } else {
    patch({ isLeader: true });
  }

  async function cancel() {
    if (cancelled) return;
    cancelled = true;
    closing.abort();
    clearTimeout(headStartTimer);
    metaSub.unsubscribe();
    await Promise.all(Object.values(states).map((s) => s?.cancel()));
  }

  return {
    states,
    snapshot$,
    get snapshot() {
      return snapshot$.value;
    },
    errors$: errors$.asObservable(),
    awaitInitialReplication: async () => {
      await Promise.all(Object.values(states).map((s) => s?.awaitInitialReplication()));
    },
    awaitInSync: async () => {
      await Promise.all(Object.values(states).map((s) => s?.awaitInSync()));
    },
    reSync: () => {
      for (const s of Object.values(states)) s?.reSync();
    },
    cancel,
  };
}
