import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { stockLevelId, type Store, type StockMovement } from '../../src/domain/index.js';
import type { Change } from '../feed/change-feed.js';
import { AsyncMutex } from './async-mutex.js';
import { coalescePulls } from './coalesce-pulls.js';
import { sqliteGuards } from './guards.js';
import { sqliteMigrations } from './migrations.js';
import type {
  DeviceRecord,
  DocumentWrite,
  EnrollmentCodeRecord,
  GuardRecord,
  GuardStore,
  PullPage,
  PullRange,
  StoreReads,
  StoredDocument,
  StoreSql,
  StoreTx,
  SyncStore,
  TxSql,
} from './store.js';
import { ChangeSet, CommitListeners, defaultRegistry, indexWrite, type CollectionRegistry } from './write-index.js';
import { type DeviceRow, toDevice } from './device-row.js';

type Db = Database.Database;

export const SQLITE_FILE_NAME = 'vitrine.db';

/**
 * Opens (creating if needed) DATA_DIR/vitrine.db in WAL mode and runs pending migrations.
 *
 * Two connections: writes go through `writer`, only inside `transaction`; reads outside a transaction go through
 * `reader`. WAL lets the reader see the last committed state while a write transaction is open, so a pull (or an
 * SSE subscriber) never observes a seq that a still-running transaction might roll back.
 */
export interface SqliteStoreOptions {
  /** The registry audiences and lookup keys are derived from (default: the app's collections). */
  registry?: CollectionRegistry;
}

export function openSqliteStore(dataDir: string, { registry = defaultRegistry }: SqliteStoreOptions = {}): SyncStore {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, SQLITE_FILE_NAME);
  const writer = new Database(path);
  writer.pragma('journal_mode = WAL');
  // FULL: a push answered 200 lets the till drop the sale from its queue, so the commit must survive a power cut
  // (NORMAL in WAL mode may lose the last transactions). One fsync per push is cheap at till rates.
  writer.pragma('synchronous = FULL');
  writer.pragma('foreign_keys = ON');
  writer.pragma('busy_timeout = 5000');
  // Seeding writes a WAL of ~200 MB; once checkpointed, shrink it back instead of keeping the file that size.
  writer.pragma('journal_size_limit = 67108864');
  migrate(writer);
  const reader = new Database(path, { readonly: true });
  reader.pragma('busy_timeout = 5000');
  return new SqliteStore(writer, reader, registry);
}

function migrate(db: Db): void {
  const applied = db.pragma('user_version', { simple: true }) as number;
  for (let i = applied; i < sqliteMigrations.length; i++) {
    db.transaction(() => {
      db.exec(sqliteMigrations[i]!);
      db.pragma(`user_version = ${i + 1}`);
    })();
  }
}

interface DocumentRow {
  collection: string;
  id: string;
  store_id: string;
  seq: number;
  body: string;
  deleted: number;
}

interface CodeRow {
  code_hash: string;
  store_id: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  device_id: string | null;
}

interface MovementRow {
  id: string;
  store_id: string;
  sku: string;
  quantity: number;
  reason: StockMovement['reason'];
  source_id: string;
  recorded_at: string;
}

const toDocument = (r: DocumentRow): StoredDocument => ({
  collection: r.collection,
  id: r.id,
  storeId: r.store_id,
  seq: r.seq,
  body: r.body,
  deleted: r.deleted === 1,
});

/** The read queries, prepared once per connection. */
class SqliteReads implements StoreReads {
  private readonly q;

  constructor(
    protected readonly db: Db,
    protected readonly registry: CollectionRegistry,
  ) {
    this.q = {
      store: db.prepare<[string], { body: string }>('SELECT body FROM stores WHERE id = ?'),
      stores: db.prepare<[], { body: string }>('SELECT body FROM stores ORDER BY id'),
      device: db.prepare<[string], DeviceRow>('SELECT * FROM devices WHERE token_hash = ?'),
      devices: db.prepare<[string], DeviceRow>('SELECT * FROM devices WHERE token_hash IN (SELECT value FROM json_each(?))'),
      document: db.prepare<[string, string], DocumentRow>('SELECT * FROM documents WHERE collection = ? AND id = ?'),
      documents: db.prepare<[string, string], DocumentRow>('SELECT * FROM documents WHERE collection = ? AND id IN (SELECT value FROM json_each(?))'),
      page: db.prepare<[string, string, number, number], DocumentRow>(
        'SELECT * FROM documents WHERE collection = ? AND store_id = ? AND seq > ? ORDER BY seq LIMIT ?',
      ),
      countAfter: db.prepare<[string, string, number], { n: number }>(
        'SELECT count(*) AS n FROM documents WHERE collection = ? AND store_id = ? AND seq > ?',
      ),
      // Home partition ∪ audience rows, each branch one index range scan bounded by the limit, merged by seq.
      audiencePage: db.prepare<[PullRange], DocumentRow>(
        `SELECT * FROM (
           SELECT * FROM (SELECT * FROM documents WHERE collection = @collection AND store_id = @storeId AND seq > @afterSeq
                          ORDER BY seq LIMIT @limit)
           UNION ALL
           SELECT * FROM (SELECT d.* FROM document_audience a JOIN documents d ON d.collection = a.collection AND d.id = a.id
                          WHERE a.collection = @collection AND a.store_id = @storeId AND a.seq > @afterSeq
                          ORDER BY a.seq LIMIT @limit)
         ) ORDER BY seq LIMIT @limit`,
      ),
      audienceCountAfter: db.prepare<[Omit<PullRange, 'limit'>], { n: number }>(
        `SELECT (SELECT count(*) FROM documents WHERE collection = @collection AND store_id = @storeId AND seq > @afterSeq)
              + (SELECT count(*) FROM document_audience WHERE collection = @collection AND store_id = @storeId AND seq > @afterSeq) AS n`,
      ),
      byKeys: db.prepare<[{ collection: string; keyName: string; values: string }], DocumentRow>(
        `SELECT d.* FROM documents d WHERE d.collection = @collection AND d.id IN (SELECT k.id FROM document_keys k
         WHERE k.collection = @collection AND k.key_name = @keyName AND k.key_value IN (SELECT value FROM json_each(@values))) ORDER BY d.seq`,
      ),
      latestSeq: db.prepare<[], { value: number }>("SELECT value FROM counters WHERE name = 'seq'"),
      movements: db.prepare<[string, string], MovementRow>('SELECT * FROM stock_movements WHERE store_id = ? AND sku = ? ORDER BY recorded_at, id'),
      code: db.prepare<[string], CodeRow>('SELECT * FROM enrollment_codes WHERE code_hash = ?'),
    };
  }

  async getStore(id: string): Promise<Store | undefined> {
    const row = this.q.store.get(id);
    return row ? (JSON.parse(row.body) as Store) : undefined;
  }

  async listStores(): Promise<Store[]> {
    return this.q.stores.all().map((r) => JSON.parse(r.body) as Store);
  }

  async findDeviceByTokenHash(tokenHash: string): Promise<DeviceRecord | undefined> {
    const r = this.q.device.get(tokenHash);
    return r ? toDevice(r) : undefined;
  }

  async findDevicesByTokenHashes(tokenHashes: readonly string[]): Promise<DeviceRecord[]> {
    if (tokenHashes.length === 0) return [];
    return this.q.devices.all(JSON.stringify(tokenHashes)).map(toDevice);
  }

  async getDocument(collection: string, id: string): Promise<StoredDocument | undefined> {
    const r = this.q.document.get(collection, id);
    return r ? toDocument(r) : undefined;
  }

  async getDocuments(collection: string, ids: readonly string[]): Promise<StoredDocument[]> {
    if (ids.length === 0) return [];
    return this.q.documents.all(collection, JSON.stringify(ids)).map(toDocument);
  }

  async getDocumentsOf(wanted: readonly { collection: string; ids: readonly string[] }[]): Promise<StoredDocument[]> {
    // In process: no round trips to save.
    return (await Promise.all(wanted.map(({ collection, ids }) => this.getDocuments(collection, ids)))).flat();
  }

  findByKey(collection: string, keyName: string, value: string): Promise<StoredDocument[]> {
    return this.findByKeys(collection, keyName, [value]);
  }

  async findByKeys(collection: string, keyName: string, values: readonly string[]): Promise<StoredDocument[]> {
    if (values.length === 0) return [];
    return this.q.byKeys.all({ collection, keyName, values: JSON.stringify(values) }).map(toDocument);
  }

  async pull(range: PullRange): Promise<PullPage> {
    const { collection, storeId, afterSeq, limit } = range;
    // Collections without storesOf (the catalog, stock, sales) keep the one-index fast path.
    const audience = storeId !== '' && this.registry[collection]?.storesOf !== undefined;
    const documents = (
      audience ? this.q.audiencePage.all({ collection, storeId, afterSeq, limit }) : this.q.page.all(collection, storeId, afterSeq, limit)
    ).map(toDocument);
    // Counting only when the page is full saves a scan on the common "caught up" pull.
    if (documents.length < limit) return { documents, remaining: 0 };
    const lastSeq = documents.at(-1)!.seq;
    const remaining = audience
      ? this.q.audienceCountAfter.get({ collection, storeId, afterSeq: lastSeq })!.n
      : this.q.countAfter.get(collection, storeId, lastSeq)!.n;
    return { documents, remaining };
  }

  async latestSeq(): Promise<number> {
    return this.q.latestSeq.get()!.value;
  }

  async movementsFor(storeId: string, sku: string): Promise<StockMovement[]> {
    return this.q.movements.all(storeId, sku).map((r) => ({
      id: r.id,
      storeId: r.store_id,
      sku: r.sku,
      quantity: r.quantity,
      reason: r.reason,
      sourceId: r.source_id,
      recordedAt: r.recorded_at,
    }));
  }

  async findEnrollmentCode(codeHash: string): Promise<EnrollmentCodeRecord | undefined> {
    const r = this.q.code.get(codeHash);
    if (!r) return undefined;
    return { codeHash: r.code_hash, storeId: r.store_id, createdAt: r.created_at, expiresAt: r.expires_at, usedAt: r.used_at, deviceId: r.device_id };
  }
}

/**
 * Writes, on the writer connection, only ever called between BEGIN IMMEDIATE and COMMIT. Records the documents it
 * wrote in `changes`, which the store hands to its commit listeners after COMMIT.
 */
class SqliteTx extends SqliteReads implements StoreTx {
  private readonly w;
  readonly sql: TxSql;
  readonly changes = new ChangeSet();

  constructor(db: Db, registry: CollectionRegistry) {
    super(db, registry);
    this.sql = { dialect: 'sqlite', db };
    this.w = {
      upsertStore: db.prepare('INSERT INTO stores (id, body) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET body = excluded.body'),
      // Seqs are taken from the counter inside the transaction; SQLite serialises writers, so commit order is seq order.
      reserveSeqs: db.prepare<[number], { value: number }>("UPDATE counters SET value = value + ? WHERE name = 'seq' RETURNING value"),
      putDocument: db.prepare(
        `INSERT INTO documents (collection, id, store_id, seq, body, deleted) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (collection, id) DO UPDATE SET store_id = excluded.store_id, seq = excluded.seq,
           body = excluded.body, deleted = excluded.deleted`,
      ),
      dropAudience: db.prepare('DELETE FROM document_audience WHERE collection = ? AND id = ?'),
      addAudience: db.prepare('INSERT INTO document_audience (collection, id, store_id, seq) VALUES (?, ?, ?, ?)'),
      dropKeys: db.prepare('DELETE FROM document_keys WHERE collection = ? AND id = ?'),
      addKey: db.prepare('INSERT INTO document_keys (collection, key_name, key_value, id) VALUES (?, ?, ?, ?)'),
      insertMovement: db.prepare(
        `INSERT INTO stock_movements (id, store_id, sku, quantity, reason, source_id, recorded_at)
         VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
      ),
      insertDevice: db.prepare('INSERT INTO devices (id, store_id, name, token_hash, enrolled_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?)'),
      insertCode: db.prepare(
        'INSERT INTO enrollment_codes (code_hash, store_id, created_at, expires_at, used_at, device_id) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      useCode: db.prepare('UPDATE enrollment_codes SET used_at = ?, device_id = ? WHERE code_hash = ? AND used_at IS NULL'),
      revokeDevice: db.prepare<[string, string], DeviceRow>('UPDATE devices SET revoked_at = coalesce(revoked_at, ?) WHERE id = ? RETURNING *'),
    };
  }

  async upsertStore(store: Store): Promise<void> {
    this.w.upsertStore.run(store.id, JSON.stringify(store));
  }

  async putDocuments(writes: readonly DocumentWrite[]): Promise<number[]> {
    if (writes.length === 0) return [];
    const last = this.w.reserveSeqs.get(writes.length)!.value;
    const first = last - writes.length + 1;
    return writes.map((d, i) => {
      const seq = first + i;
      this.w.putDocument.run(d.collection, d.id, d.storeId, seq, JSON.stringify(d.body), d.deleted ? 1 : 0);
      const { stores, extraStores, keys } = indexWrite(this.registry, d);
      this.changes.add(d.collection, stores);
      // In-process statements, no round trips: one per row costs what a batch would.
      if (extraStores) {
        this.w.dropAudience.run(d.collection, d.id);
        for (const storeId of extraStores) this.w.addAudience.run(d.collection, d.id, storeId, seq);
      }
      if (keys) {
        this.w.dropKeys.run(d.collection, d.id);
        for (const [name, value] of keys) this.w.addKey.run(d.collection, name, value, d.id);
      }
      return seq;
    });
  }

  async insertMovements(movements: readonly StockMovement[]): Promise<boolean[]> {
    return movements.map((m) => this.w.insertMovement.run(m.id, m.storeId, m.sku, m.quantity, m.reason, m.sourceId, m.recordedAt).changes === 1);
  }

  async recordMovements(movements: readonly StockMovement[]): Promise<{ inserted: boolean[]; levels: StoredDocument[] }> {
    // In process, no round trips to save: the levels are read first, so they are as stored before the movements.
    const levels = await this.getDocuments('stock', [...new Set(movements.map((m) => stockLevelId(m.storeId, m.sku)))]);
    return { inserted: await this.insertMovements(movements), levels };
  }

  async insertDevice(d: DeviceRecord): Promise<void> {
    this.w.insertDevice.run(d.id, d.storeId, d.name, d.tokenHash, d.enrolledAt, d.revokedAt);
  }

  async insertEnrollmentCode(c: EnrollmentCodeRecord): Promise<void> {
    this.w.insertCode.run(c.codeHash, c.storeId, c.createdAt, c.expiresAt, c.usedAt, c.deviceId);
  }

  async markEnrollmentCodeUsed(codeHash: string, deviceId: string, usedAt: string): Promise<void> {
    const { changes } = this.w.useCode.run(usedAt, deviceId, codeHash);
    // Guards the single use even if a caller forgot to check: the whole enrollment then rolls back.
    if (changes !== 1) throw new Error('enrollment code already used');
  }

  noteChange(change: Change): void {
    this.changes.add(change.collection, [change.storeId]);
  }

  async revokeDevice(deviceId: string, revokedAt: string): Promise<DeviceRecord | undefined> {
    const r = this.w.revokeDevice.get(revokedAt, deviceId);
    return r ? toDevice(r) : undefined;
  }
}

class SqliteStore extends SqliteReads implements SyncStore {
  private readonly mutex = new AsyncMutex();
  private readonly tx: SqliteTx;
  /** SSE subscribers woken by one commit pull the same range: one query serves them all (see coalesce-pulls.ts). */
  private readonly pulls = coalescePulls((range) => SqliteReads.prototype.pull.call(this, range));

  private readonly guards: GuardStore;
  readonly sql: StoreSql;
  private readonly committed = new CommitListeners();

  constructor(
    private readonly writer: Db,
    private readonly reader: Db,
    registry: CollectionRegistry,
  ) {
    super(reader, registry);
    this.sql = { dialect: 'sqlite', reader };
    this.tx = new SqliteTx(writer, registry);
    this.guards = sqliteGuards(writer, reader, this.mutex);
  }

  readGuard<T>(key: string, now: number): Promise<T | undefined> {
    return this.guards.readGuard(key, now);
  }

  updateGuard<T>(key: string, now: number, update: (current: T | undefined) => GuardRecord<T> | undefined): Promise<T | undefined> {
    return this.guards.updateGuard(key, now, update);
  }

  sweepGuards(now: number): Promise<number> {
    return this.guards.sweepGuards(now);
  }

  override pull(range: PullRange): Promise<PullPage> {
    return this.pulls(range);
  }

  transaction<T>(work: (tx: StoreTx) => Promise<T>): Promise<T> {
    return this.mutex.run(async () => {
      this.writer.exec('BEGIN IMMEDIATE');
      try {
        const result = await work(this.tx);
        this.writer.exec('COMMIT');
        this.committed.tell(this.tx.changes.take());
        return result;
      } catch (error) {
        this.tx.changes.take();
        if (this.writer.inTransaction) this.writer.exec('ROLLBACK');
        throw error;
      }
    });
  }

  onCommitted(listener: (changes: readonly Change[]) => void): () => void {
    return this.committed.add(listener);
  }

  async ready(): Promise<void> {
    if (!this.reader.open) throw new Error('the database is closed');
    // A trivial query on the reader (the connection pulls use), then the schema version the writer migrated to.
    const version = this.reader.pragma('user_version', { simple: true }) as number;
    if (version < sqliteMigrations.length) throw new Error(`migrations pending: ${version} of ${sqliteMigrations.length} applied`);
  }

  async close(): Promise<void> {
    // Waits for a running transaction, so closing never cuts one in half.
    await this.mutex.run(async () => {
      this.reader.close();
      this.writer.close();
    });
  }
}
