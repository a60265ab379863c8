import type { Database as SqliteDb } from 'better-sqlite3';
import type pg from 'pg';
import type { Device, PriceRecord, ReplacedStore, Store, StockMovement } from '../../src/domain/index.js';
import type { Change } from '../feed/change-feed.js';

/**
 * The storage port of the sync server. Every method is async even though SQLite answers synchronously, so a
 * PostgreSQL store (issue 3) can implement the same interface and the routes and policies stay unchanged.
 *
 * Reads outside a transaction see committed data only. Writes happen inside `transaction`, which runs its callback
 * with exclusive write access and commits everything or nothing.
 */
export interface SyncStore extends StoreReads, GuardStore {
  /** See `StoreSql`: the connections under the store, for server modules that keep tables of their own. */
  readonly sql: StoreSql;
  /**
   * Runs `work` with exclusive write access and commits everything or nothing. The transaction records which
   * documents it wrote (collection, and every store that sees each one); after COMMIT, never before and never for a
   * rollback, the store tells its commit listeners, so no caller lists its changes by hand.
   */
  transaction<T>(work: (tx: StoreTx) => Promise<T>): Promise<T>;
  /**
   * Hears every commit of this process that wrote documents, after COMMIT (the app wires its change feed here).
   * The same listener added twice is held once. Answers a function that stops listening.
   */
  onCommitted(listener: (changes: readonly Change[]) => void): () => void;
  /**
   * Changes committed by other server instances sharing the database (PostgreSQL LISTEN), so their SSE subscribers
   * hear about them too. Absent when the database has one server (SQLite). Answers a function that stops listening.
   */
  listenForChanges?(listener: (changes: Change[]) => void): Promise<() => Promise<void>>;
  /**
   * Readiness for GET /ready: resolves when the database answers a trivial query and every migration has run;
   * rejects with an Error whose message says why not. Optional: without it, /ready runs `latestSeq()` instead.
   */
  ready?(): Promise<void>;
  close(): Promise<void>;
}

/** A guard's value and when it lapses (epoch ms); see guards.ts. */
export interface GuardRecord<T> {
  value: T;
  expiresAt: number;
}

/**
 * Small records shared by every server instance on the database, for rate limits and PIN lockouts. Keys carry their
 * kind (`rate:enrollPerIp:10.0.0.7`). Values are JSON. Times are the server's epoch ms.
 */
export interface GuardStore {
  /** The key's value, or undefined when there is none or it lapsed at or before `now`. */
  readGuard<T>(key: string, now: number): Promise<T | undefined>;
  /**
   * Replaces the key's value with `update(current)` atomically across instances (undefined deletes it); answers the
   * new value. `update` must be pure: it runs inside the lock.
   */
  updateGuard<T>(key: string, now: number, update: (current: T | undefined) => GuardRecord<T> | undefined): Promise<T | undefined>;
  /** Deletes the guards that lapsed at or before `now`; answers how many. */
  sweepGuards(now: number): Promise<number>;
}

/** One replicated document as stored: `body` is the entity's JSON text, without `_deleted`. */
export interface StoredDocument {
  collection: string;
  id: string;
  /** The home store; '' for documents every store sees (the catalog). */
  storeId: string;
  seq: number;
  body: string;
  deleted: boolean;
}

export interface PullRange {
  collection: string;
  /** '' for shared collections, the device's store id otherwise. */
  storeId: string;
  afterSeq: number;
  limit: number;
}

export interface PullPage {
  documents: StoredDocument[];
  /** Documents of the same range after the last one returned. */
  remaining: number;
}

export interface DeviceRecord extends Device {
  tokenHash: string;
}

export interface EnrollmentCodeRecord {
  codeHash: string;
  storeId: string;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
  deviceId: string | null;
}

/** Reads available both on the store (committed data) and inside a transaction (sees the transaction's writes). */
export interface StoreReads {
  getStore(id: string): Promise<Store | undefined>;
  listStores(): Promise<Store[]>;
  findDeviceByTokenHash(tokenHash: string): Promise<DeviceRecord | undefined>;
  /** The devices of these token hashes with one query (a hash no device has is absent from the answer), in no order. */
  findDevicesByTokenHashes(tokenHashes: readonly string[]): Promise<DeviceRecord[]>;
  getDocument(collection: string, id: string): Promise<StoredDocument | undefined>;
  getDocuments(collection: string, ids: readonly string[]): Promise<StoredDocument[]>;
  /** `getDocuments` of several collections with one query (a push's catalog read: its products, staff, promotions). */
  getDocumentsOf(wanted: readonly { collection: string; ids: readonly string[] }[]): Promise<StoredDocument[]>;
  /**
   * The live documents of a collection whose registry `lookupKeys[keyName]` derived `value` when they were last
   * written, in seq order (an order by number, a customer by email). Values are compared exactly as derived: the
   * registry function normalises. Inside a transaction it sees the transaction's own writes.
   */
  findByKey(collection: string, keyName: string, value: string): Promise<StoredDocument[]>;
  /** `findByKey` for several values with one query (a fact batch loads what all its facts name at once), each document once. */
  findByKeys(collection: string, keyName: string, values: readonly string[]): Promise<StoredDocument[]>;
  /**
   * A partition's documents after a seq, in seq order: those whose home store is `storeId` and, for collections
   * with `storesOf`, those whose audience names it.
   */
  pull(range: PullRange): Promise<PullPage>;
  /**
   * Optional: a `CatalogQuery` answered by one statement, so from one snapshot in one round trip (PostgreSQL, where
   * a chain's peak is bound by the queries each push costs). Without it, facts/load.ts reads the same with four.
   */
  readCatalog?(query: CatalogQuery): Promise<CatalogRead>;
  /** Highest seq ever assigned (0 on an empty database): where a new change stream starts. */
  latestSeq(): Promise<number>;
  movementsFor(storeId: string, sku: string): Promise<StockMovement[]>;
  findEnrollmentCode(codeHash: string): Promise<EnrollmentCodeRecord | undefined>;
}

/** What a push reads of the catalog and its store's settings before its transaction (facts/load.ts `prefetchCatalog`). */
export interface CatalogQuery {
  storeId: string;
  documents: readonly { collection: string; ids: readonly string[] }[];
  /** These SKUs' prices, from the one in force at `since` on. */
  prices?: { skus: readonly string[]; since: string };
  /** The store's settings replaced after this instant. */
  replacedSince?: string;
}

export interface CatalogRead {
  store: Store | undefined;
  /** The documents found (deleted ones included), in no order. */
  documents: StoredDocument[];
  /** Oldest first per SKU, as `priceHistories` answers them; empty when not asked. */
  prices: PriceRecord[];
  /** Newest first, as `replacedStores` answers them; empty when not asked. */
  replaced: ReplacedStore[];
}

export interface DocumentWrite {
  collection: string;
  id: string;
  storeId: string;
  body: unknown;
  deleted?: boolean;
}

export interface StoreTx extends StoreReads {
  /** See `TxSql`: the transaction's own connection, for modules that write their rows in the caller's transaction. */
  readonly sql: TxSql;
  upsertStore(store: Store): Promise<void>;
  /**
   * Inserts or replaces documents, each with a fresh seq from the one counter; answers the seqs in order. `storeId`
   * is the home store ('' for shared collections); the registry's `storesOf` and `lookupKeys` of the body are kept
   * in step in the same transaction (a rewrite replaces the document's audience and keys).
   */
  putDocuments(writes: readonly DocumentWrite[]): Promise<number[]>;
  /** Appends movements; answers, per movement, false when its id was already recorded (re-applying is a no-op). */
  insertMovements(movements: readonly StockMovement[]): Promise<boolean[]>;
  /**
   * `insertMovements`, and the stock levels of the (store, SKU) pairs those movements name as stored before them,
   * in one round trip: the ledger's write path (ledger/apply-movements.ts), which runs inside the seq lock.
   */
  recordMovements(movements: readonly StockMovement[]): Promise<{ inserted: boolean[]; levels: StoredDocument[] }>;
  insertDevice(device: DeviceRecord): Promise<void>;
  insertEnrollmentCode(code: EnrollmentCodeRecord): Promise<void>;
  markEnrollmentCodeUsed(codeHash: string, deviceId: string, usedAt: string): Promise<void>;
  /**
   * Sets `revokedAt` on the device unless it is already revoked (the first revocation time is kept); answers the
   * device as stored afterwards, or undefined when no device has that id.
   */
  revokeDevice(deviceId: string, revokedAt: string): Promise<DeviceRecord | undefined>;
  /**
   * Records a change that is not a document write (rows of a module's own table, e.g. the outbox), so the commit
   * listeners hear of it after COMMIT like any document change.
   */
  noteChange(change: Change): void;
}

/**
 * Modules with tables of their own (integrations, idempotency keys, the outbox: sync-server/integrations, outbox)
 * keep their SQL for each dialect beside them, as guards.ts does, instead of growing this interface by a method per
 * query. Inside a transaction they get its connection (SQLite: the writer between BEGIN IMMEDIATE and COMMIT;
 * PostgreSQL: the client holding the seq lock), so their rows commit or roll back with the caller's.
 */
export type TxSql = { dialect: 'sqlite'; db: SqliteDb } | { dialect: 'postgres'; db: Pick<pg.ClientBase, 'query'> };

/**
 * Outside a transaction: SQLite's read-only connection (writes go through `transaction`, under the write mutex);
 * PostgreSQL's pool, for reads and for short writes that must not queue behind the seq lock (the delivery worker's
 * claims, which lock outbox rows only).
 */
export type StoreSql = { dialect: 'sqlite'; reader: SqliteDb } | { dialect: 'postgres'; pool: pg.Pool };
