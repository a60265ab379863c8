import { createHash, randomUUID } from 'node:crypto';
import pg from 'pg';
import { collectionNames, stockLevelId, type Store, type StockMovement } from '../../src/domain/index.js';
import type { Change } from '../feed/change-feed.js';
import { postgresGuards } from './guards.js';
import { coalescePulls } from './coalesce-pulls.js';
import { GroupCommitQueue, type QueuedWrite } from './group-commit.js';
import { postgresMigrations } from './migrations.js';
import { type PriceRow, pricesInForceSince, toRecord as toPriceRecord } from '../catalog/price-history.js';
import { toReplacedStore } from '../catalog/store-history.js';
import type {
  CatalogQuery,
  CatalogRead,
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

/**
 * The SyncStore on PostgreSQL (DATABASE_URL=postgres://…), for several server instances on one database.
 *
 * Checkpoints that never skip. A pull answers rows with `seq > checkpoint`; if seqs could commit out of order (tx A
 * takes seq 10, tx B takes 11 and commits, a puller reads 11 and moves its checkpoint past 10, then A commits) the
 * puller would never see 10. We make seq order equal commit order: every write transaction first takes one
 * transaction-level advisory lock (`pg_advisory_xact_lock`) and only then draws seqs from `documents_seq`. The lock
 * is released after the commit has become visible, so the committed rows always form a seq prefix and any snapshot
 * a pull reads is "everything up to some seq". We take it at BEGIN rather than at the first seq because it also
 * keeps the policies' check-then-write (is this sale already recorded? read the level, write level + 1) exactly as
 * race-free as on SQLite, with one code path for both stores, and because a lock taken before any row lock cannot
 * deadlock with one. The cost is that writes are serialised across instances, as they are on SQLite; a push is a
 * few milliseconds, yet a chain's peak (hundreds of pushes a second over several instances) queues behind it: within
 * a process, transactions queue in memory for the one connection they run on, beside the pool (they would wait for
 * the lock anyway, and this way waiting writers never hold the pool's connections while pulls starve, nor wait behind
 * pulls for one), and those that queued while one ran commit together, one database transaction per group with a
 * savepoint per write (group-commit.ts), so the lock, the COMMIT's WAL flush and the hand-over between instances are
 * paid per group, not per push. Reads (pulls, SSE catch-ups) never take the lock; a push reads the catalog before
 * its transaction (facts/load.ts `prefetchCatalog`), everything it checks-then-writes inside.
 * (The alternative, serving pulls only below the oldest in-flight seq, allows parallel writers but needs a table
 * of in-flight seqs and still leaves the policies' read-modify-write races to solve.)
 *
 * Several instances: each transaction that wrote documents sends `NOTIFY <channel>` with the (collection, store)
 * pairs it changed (every store that sees a document, audience included); it is delivered only on commit. Each process keeps one dedicated LISTEN connection
 * (`listenForChanges`) and feeds what other instances committed into its in-process change feed.
 */
export interface PostgresStoreOptions {
  connectionString: string;
  /** Use (and create) this schema instead of the connection's default; tests give each server its own. */
  schema?: string;
  /** Connections in the pool for reads (default 10); transactions have one more of their own. */
  poolSize?: number;
  /** The registry audiences and lookup keys are derived from (default: the app's collections). */
  registry?: CollectionRegistry;
}

/**
 * Writes per group commit at most. Each write of a group is a subtransaction, and a backend caches 64 subtransaction
 * ids: beyond that, every other session's snapshots get slower until the group commits.
 */
export const MAX_GROUP = 32;

/** Change notifications of the default schema go on this channel (other schemas: `vitrine_changes_<schema>`). */
export const CHANGE_CHANNEL = 'vitrine_changes';

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Channel names, like identifiers, must fit in 63 bytes: a long schema name is replaced by its hash. */
function changeChannel(schema: string): string {
  if (schema === 'public') return CHANGE_CHANNEL;
  const channel = `${CHANGE_CHANNEL}_${schema}`;
  return Buffer.byteLength(channel) <= 63 ? channel : `${CHANGE_CHANNEL}_${createHash('sha256').update(schema).digest('hex').slice(0, 32)}`;
}

export async function openPostgresStore(options: PostgresStoreOptions): Promise<SyncStore> {
  const { connectionString, schema, poolSize = 10, registry = defaultRegistry } = options;
  const clientConfig: pg.ClientConfig = { connectionString, ...(schema ? { options: `-c search_path=${quoteIdent(schema)}` } : {}) };
  // Connections stay open once made (pg closes idle ones after 10 s by default): a rush after a quiet spell would
  // otherwise open them all again at its start, and its first seconds queued behind the new backends (chain bench).
  const pool = new pg.Pool({ ...clientConfig, max: poolSize, idleTimeoutMillis: 0 });
  // An idle client's connection dropping (server restart) must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  try {
    const current = await migrate(pool, schema);
    const { rows } = await pool.query<{ k: string }>('SELECT hashtextextended($1, 0)::text AS k', [`vitrine.seq.${current}`]);
    // Transactions run one group at a time (group-commit.ts) on a connection of their own: a write never waits for a
    // pooled connection behind the pulls of thousands of streams while the seq lock it is about to take sits idle.
    const writer = new pg.Pool({ ...clientConfig, max: 1, idleTimeoutMillis: 0 });
    writer.on('error', () => undefined);
    return new PostgresStore(pool, writer, clientConfig, current, registry, rows[0]!.k);
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
}

/** Applies pending migrations under a session advisory lock: instances starting together run them once, in turn. */
async function migrate(pool: pg.Pool, schema: string | undefined): Promise<string> {
  const client = await pool.connect();
  try {
    // Keyed by schema, so servers on different schemas (tests) do not wait for each other.
    const target = schema ?? (await client.query<{ s: string | null }>('SELECT current_schema() AS s')).rows[0]!.s ?? '';
    const lockKey = `vitrine.migrate.${target}`;
    await client.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [lockKey]);
    try {
      // Under the lock: concurrent CREATE … IF NOT EXISTS can still collide in the catalog.
      if (schema) await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
      await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())');
      const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
      const applied = new Set(rows.map((r) => r.version));
      for (const [i, sql] of postgresMigrations.entries()) {
        const version = i + 1;
        if (applied.has(version)) continue;
        await client.query('BEGIN');
        try {
          await client.query(sql);
          await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [version]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK');
          throw error;
        }
      }
      return (await client.query<{ s: string }>('SELECT current_schema() AS s')).rows[0]!.s;
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [lockKey]);
    }
  } finally {
    client.release();
  }
}

type Queryable = Pick<pg.PoolClient, 'query'>;

interface DocumentRow {
  collection: string;
  id: string;
  store_id: string;
  seq: string;
  body: string;
  deleted: boolean;
}

const toDocument = (r: DocumentRow): StoredDocument => ({
  collection: r.collection,
  id: r.id,
  storeId: r.store_id,
  seq: Number(r.seq),
  body: r.body,
  deleted: r.deleted,
});

/**
 * facts/load.ts's four catalog reads (the store, the documents, the price histories, the replaced settings; see
 * `priceHistories` and `replacedStores`) as one statement: one snapshot, one round trip, one query's CPU on a busy
 * database and instance. A part not asked for matches no row: no SKUs, or a NULL instant.
 */
const READ_CATALOG = `
  SELECT 'store' AS part, NULL::text AS collection, s.id, NULL::text AS store_id, NULL::bigint AS seq, s.body,
         false AS deleted, NULL::text AS currency, NULL::bigint AS amount, NULL::text AS tax_class, NULL::text AS at,
         NULL::text AS source, NULL::bigint AS ord
    FROM stores s WHERE s.id = $1
  UNION ALL
  SELECT 'document', d.collection, d.id, d.store_id, d.seq, d.body, d.deleted, NULL, NULL, NULL, NULL, NULL, NULL
    FROM documents d JOIN unnest($2::text[], $3::text[]) AS w(collection, id) ON d.collection = w.collection AND d.id = w.id
  UNION ALL
  SELECT 'price', NULL, p.sku, NULL, NULL, NULL, false, p.currency, p.amount, p.tax_class, p.valid_from, p.source, p.id
    FROM price_history p WHERE ${pricesInForceSince('SELECT unnest($4::text[])', '$5::text')}
  UNION ALL
  SELECT 'replaced', NULL, NULL, NULL, NULL, h.settings, false, NULL, NULL, NULL, h.replaced_at, NULL, h.id
    FROM store_history h WHERE h.store_id = $1 AND h.replaced_at > $6::text`;

interface CatalogRow {
  part: 'store' | 'document' | 'price' | 'replaced';
  collection: string | null;
  id: string | null;
  store_id: string | null;
  seq: string | null;
  body: string | null;
  deleted: boolean;
  currency: string | null;
  amount: string | null;
  tax_class: string | null;
  at: string | null;
  source: string | null;
  ord: string | null;
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

class PgReads implements StoreReads {
  constructor(
    protected readonly db: Queryable,
    protected readonly registry: CollectionRegistry,
  ) {}

  async getStore(id: string): Promise<Store | undefined> {
    const { rows } = await this.db.query<{ body: string }>('SELECT body FROM stores WHERE id = $1', [id]);
    return rows[0] ? (JSON.parse(rows[0].body) as Store) : undefined;
  }

  async listStores(): Promise<Store[]> {
    const { rows } = await this.db.query<{ body: string }>('SELECT body FROM stores ORDER BY id');
    return rows.map((r) => JSON.parse(r.body) as Store);
  }

  async findDeviceByTokenHash(tokenHash: string): Promise<DeviceRecord | undefined> {
    const { rows } = await this.db.query<DeviceRow>('SELECT * FROM devices WHERE token_hash = $1', [tokenHash]);
    return rows[0] ? toDevice(rows[0]) : undefined;
  }

  async findDevicesByTokenHashes(tokenHashes: readonly string[]): Promise<DeviceRecord[]> {
    if (tokenHashes.length === 0) return [];
    const { rows } = await this.db.query<DeviceRow>('SELECT * FROM devices WHERE token_hash = ANY($1::text[])', [tokenHashes]);
    return rows.map(toDevice);
  }

  async getDocument(collection: string, id: string): Promise<StoredDocument | undefined> {
    const { rows } = await this.db.query<DocumentRow>('SELECT * FROM documents WHERE collection = $1 AND id = $2', [collection, id]);
    return rows[0] ? toDocument(rows[0]) : undefined;
  }

  async getDocuments(collection: string, ids: readonly string[]): Promise<StoredDocument[]> {
    if (ids.length === 0) return [];
    const { rows } = await this.db.query<DocumentRow>('SELECT * FROM documents WHERE collection = $1 AND id = ANY($2::text[])', [collection, ids]);
    return rows.map(toDocument);
  }

  async getDocumentsOf(wanted: readonly { collection: string; ids: readonly string[] }[]): Promise<StoredDocument[]> {
    const pairs = wanted.flatMap(({ collection, ids }) => ids.map((id) => [collection, id] as const));
    if (pairs.length === 0) return [];
    const { rows } = await this.db.query<DocumentRow>(
      'SELECT d.* FROM documents d JOIN unnest($1::text[], $2::text[]) AS w(collection, id) ON d.collection = w.collection AND d.id = w.id',
      [pairs.map(([collection]) => collection), pairs.map(([, id]) => id)],
    );
    return rows.map(toDocument);
  }

  findByKey(collection: string, keyName: string, value: string): Promise<StoredDocument[]> {
    return this.findByKeys(collection, keyName, [value]);
  }

  async readCatalog({ storeId, documents, prices, replacedSince }: CatalogQuery): Promise<CatalogRead> {
    const pairs = documents.flatMap(({ collection, ids }) => ids.map((id) => [collection, id] as const));
    const { rows } = await this.db.query<CatalogRow>(READ_CATALOG, [
      storeId,
      pairs.map(([collection]) => collection),
      pairs.map(([, id]) => id),
      prices?.skus ?? [],
      prices?.since ?? '',
      replacedSince ?? null,
    ]);
    const read: CatalogRead = { store: undefined, documents: [], prices: [], replaced: [] };
    const priceRows: CatalogRow[] = [];
    const replacedRows: CatalogRow[] = [];
    for (const row of rows) {
      if (row.part === 'store') read.store = JSON.parse(row.body!) as Store;
      else if (row.part === 'document') read.documents.push(toDocument(row as DocumentRow));
      else if (row.part === 'price') priceRows.push(row);
      else replacedRows.push(row);
    }
    // The orders priceHistories and replacedStores answer in (one statement's UNION keeps no branch's ORDER BY).
    priceRows.sort((a, b) => compare(a.id!, b.id!) || compare(a.at!, b.at!) || Number(a.ord) - Number(b.ord));
    replacedRows.sort((a, b) => compare(b.at!, a.at!) || Number(b.ord) - Number(a.ord));
    read.prices = priceRows.map((r) =>
      toPriceRecord({
        sku: r.id!,
        currency: r.currency!,
        amount: r.amount!,
        tax_class: r.tax_class as PriceRow['tax_class'],
        valid_from: r.at!,
        source: r.source!,
      }),
    );
    read.replaced = replacedRows.map((r) => toReplacedStore({ settings: r.body!, replaced_at: r.at! }));
    return read;
  }

  async findByKeys(collection: string, keyName: string, values: readonly string[]): Promise<StoredDocument[]> {
    if (values.length === 0) return [];
    const { rows } = await this.db.query<DocumentRow>(
      `SELECT d.* FROM documents d WHERE d.collection = $1 AND d.id IN (SELECT k.id FROM document_keys k
       WHERE k.collection = $1 AND k.key_name = $2 AND k.key_value = ANY($3::text[])) ORDER BY d.seq`,
      [collection, keyName, values],
    );
    return rows.map(toDocument);
  }

  async pull(range: PullRange): Promise<PullPage> {
    // Safe without any lock: committed rows always form a seq prefix (see the file comment). Collections without
    // storesOf (the catalog, stock, sales) keep the one-index fast path; the others add the audience rows naming
    // the store, each branch one index range scan bounded by the limit, merged by seq.
    const { collection, storeId, afterSeq, limit } = range;
    const audience = this.hasAudience(range);
    const { rows } = await this.db.query<DocumentRow>(
      audience
        ? `(SELECT * FROM documents WHERE collection = $1 AND store_id = $2 AND seq > $3 ORDER BY seq LIMIT $4)
           UNION ALL
           (SELECT d.* FROM document_audience a JOIN documents d ON d.collection = a.collection AND d.id = a.id
            WHERE a.collection = $1 AND a.store_id = $2 AND a.seq > $3 ORDER BY a.seq LIMIT $4)
           ORDER BY seq LIMIT $4`
        : 'SELECT * FROM documents WHERE collection = $1 AND store_id = $2 AND seq > $3 ORDER BY seq LIMIT $4',
      [collection, storeId, afterSeq, limit],
    );
    return this.page(range, rows.map(toDocument), audience);
  }

  /** A store's pull of a collection with `storesOf` also reads the audience rows naming that store. */
  private hasAudience({ collection, storeId }: PullRange): boolean {
    return storeId !== '' && this.registry[collection]?.storesOf !== undefined;
  }

  /**
   * Several pulls in one query (coalesce-pulls.ts): the ranges of collections without `storesOf` each read by one
   * index range scan, bounded by its limit, beside the others; the others pull one by one, as above.
   */
  async pullMany(ranges: readonly PullRange[]): Promise<PullPage[]> {
    const plain = ranges.flatMap((r, i) => (this.hasAudience(r) ? [] : [i]));
    const { rows } =
      plain.length === 0
        ? { rows: [] }
        : await this.db.query<DocumentRow & { i: string }>({
            name: 'vitrine_pull_many',
            text: PULL_MANY,
            values: [
              plain.map((i) => ranges[i]!.collection),
              plain.map((i) => ranges[i]!.storeId),
              plain.map((i) => ranges[i]!.afterSeq),
              plain.map((i) => ranges[i]!.limit),
            ],
          });
    const found = plain.map(() => [] as StoredDocument[]);
    for (const row of rows) found[Number(row.i) - 1]!.push(toDocument(row));
    const pages = new Map(plain.map((i, k) => [i, this.page(ranges[i]!, found[k]!, false)]));
    return Promise.all(ranges.map((r, i) => pages.get(i) ?? PgReads.prototype.pull.call(this, r)));
  }

  /** A pull's page: its documents, and how many follow when it is full. */
  private async page(range: PullRange, documents: StoredDocument[], audience: boolean): Promise<PullPage> {
    const last = documents.at(-1);
    if (documents.length < range.limit) return { documents, remaining: 0 };
    const count = await this.db.query<{ n: number }>(
      audience
        ? `SELECT (SELECT count(*) FROM documents WHERE collection = $1 AND store_id = $2 AND seq > $3)
                + (SELECT count(*) FROM document_audience WHERE collection = $1 AND store_id = $2 AND seq > $3) AS n`
        : 'SELECT count(*) AS n FROM documents WHERE collection = $1 AND store_id = $2 AND seq > $3',
      [range.collection, range.storeId, last!.seq],
    );
    return { documents, remaining: Number(count.rows[0]!.n) };
  }

  async latestSeq(): Promise<number> {
    // The highest committed seq (not the sequence's last value, which may belong to a transaction still running).
    const { rows } = await this.db.query<{ s: string }>('SELECT coalesce(max(seq), 0) AS s FROM documents');
    return Number(rows[0]!.s);
  }

  async movementsFor(storeId: string, sku: string): Promise<StockMovement[]> {
    const { rows } = await this.db.query('SELECT * FROM stock_movements WHERE store_id = $1 AND sku = $2 ORDER BY recorded_at, id', [storeId, sku]);
    return rows.map((r) => ({
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
    const { rows } = await this.db.query('SELECT * FROM enrollment_codes WHERE code_hash = $1', [codeHash]);
    const r = rows[0];
    if (!r) return undefined;
    return { codeHash: r.code_hash, storeId: r.store_id, createdAt: r.created_at, expiresAt: r.expires_at, usedAt: r.used_at, deviceId: r.device_id };
  }
}

/**
 * putDocuments in one statement (one round trip inside the seq lock, where round trips are what pushes queue
 * behind): the documents with fresh seqs, then, for the collections with `storesOf` and `lookupKeys`, their audience
 * rows (with the new seq) and lookup keys brought in step. Stale rows are deleted and the wanted ones upserted, two
 * disjoint sets, so the sub-statements never touch the same row. $1–$5: the documents; $6–$8: audience rows
 * (collection, id, store); $9–$10: the documents whose audience is kept; $11–$14: key rows (collection, name, value,
 * id); $15–$16: the documents whose keys are kept.
 */
const PUT_DOCUMENTS = `
  WITH written AS (
    INSERT INTO documents (collection, id, store_id, seq, body, deleted)
    SELECT d.collection, d.id, d.store_id, nextval('documents_seq'), d.body, d.deleted
    FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::boolean[]) AS d(collection, id, store_id, body, deleted)
    ON CONFLICT (collection, id) DO UPDATE SET store_id = excluded.store_id, seq = excluded.seq,
      body = excluded.body, deleted = excluded.deleted
    RETURNING collection, id, seq
  ),
  audience AS (SELECT * FROM unnest($6::text[], $7::text[], $8::text[]) AS a(collection, id, store_id)),
  stale_audience AS (
    DELETE FROM document_audience x USING unnest($9::text[], $10::text[]) AS d(collection, id)
    WHERE x.collection = d.collection AND x.id = d.id
      AND NOT EXISTS (SELECT 1 FROM audience a WHERE a.collection = x.collection AND a.id = x.id AND a.store_id = x.store_id)
  ),
  new_audience AS (
    INSERT INTO document_audience (collection, id, store_id, seq)
    SELECT a.collection, a.id, a.store_id, w.seq FROM audience a JOIN written w ON w.collection = a.collection AND w.id = a.id
    ON CONFLICT (collection, id, store_id) DO UPDATE SET seq = excluded.seq
  ),
  lookup AS (SELECT * FROM unnest($11::text[], $12::text[], $13::text[], $14::text[]) AS k(collection, key_name, key_value, id)),
  stale_keys AS (
    DELETE FROM document_keys x USING unnest($15::text[], $16::text[]) AS d(collection, id)
    WHERE x.collection = d.collection AND x.id = d.id
      AND NOT EXISTS (SELECT 1 FROM lookup k
                      WHERE k.collection = x.collection AND k.key_name = x.key_name AND k.key_value = x.key_value AND k.id = x.id)
  ),
  new_keys AS (INSERT INTO document_keys (collection, key_name, key_value, id) SELECT * FROM lookup ON CONFLICT DO NOTHING)
  SELECT collection, id, seq FROM written`;

/** PgReads.pullMany: $1–$4 the ranges (collection, store, after seq, limit); `i` numbers them from 1. */
const PULL_MANY = `
  SELECT r.i, d.*
  FROM unnest($1::text[], $2::text[], $3::bigint[], $4::int[]) WITH ORDINALITY AS r(collection, store_id, after_seq, lim, i)
  CROSS JOIN LATERAL (
    SELECT * FROM documents x WHERE x.collection = r.collection AND x.store_id = r.store_id AND x.seq > r.after_seq
    ORDER BY x.seq LIMIT r.lim
  ) d
  ORDER BY r.i, d.seq`;

/** recordMovements: $1–$7 the movements, $8 the stock level ids to read. */
const RECORD_MOVEMENTS = `
  WITH inserted AS (
    INSERT INTO stock_movements (id, store_id, sku, quantity, reason, source_id, recorded_at)
    SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::text[], $6::text[], $7::text[])
    ON CONFLICT (id) DO NOTHING RETURNING id
  )
  SELECT collection, id, store_id, seq, body, deleted, NULL::text AS inserted_id
  FROM documents WHERE collection = 'stock' AND id = ANY($8::text[])
  UNION ALL
  SELECT NULL, NULL, NULL, NULL, NULL, NULL, id FROM inserted`;

/**
 * Writes on the transaction's connection, after BEGIN and the seq lock. Records the documents it wrote in
 * `changes`, for NOTIFY and, after COMMIT, the store's commit listeners.
 */
class PgTx extends PgReads implements StoreTx {
  readonly changes = new ChangeSet();
  readonly sql: TxSql = { dialect: 'postgres', db: this.db };

  async upsertStore(store: Store): Promise<void> {
    await this.db.query('INSERT INTO stores (id, body) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET body = excluded.body', [
      store.id,
      JSON.stringify(store),
    ]);
  }

  async putDocuments(writes: readonly DocumentWrite[]): Promise<number[]> {
    if (writes.length === 0) return [];
    const documentKeys = writes.map((d) => `${d.collection}\u0000${d.id}`);
    // One statement cannot update a row twice: a batch naming a document twice goes one write at a time.
    if (new Set(documentKeys).size < documentKeys.length) {
      const seqs: number[] = [];
      for (const d of writes) seqs.push(...(await this.putDocuments([d])));
      return seqs;
    }
    // Seqs come from the sequence under the seq lock taken at BEGIN: nobody else draws one until we commit.
    const audience: { d: DocumentWrite; storeId: string }[] = [];
    const audienceOf: DocumentWrite[] = [];
    const lookup: { d: DocumentWrite; name: string; value: string }[] = [];
    const keyedOf: DocumentWrite[] = [];
    for (const d of writes) {
      const index = indexWrite(this.registry, d);
      this.changes.add(d.collection, index.stores);
      if (index.extraStores) {
        audienceOf.push(d);
        for (const storeId of index.extraStores) audience.push({ d, storeId });
      }
      if (index.keys) {
        keyedOf.push(d);
        for (const [name, value] of index.keys) lookup.push({ d, name, value });
      }
    }
    const { rows } = await this.db.query<{ collection: string; id: string; seq: string }>({
      name: 'vitrine_put_documents',
      text: PUT_DOCUMENTS,
      values: [
        writes.map((d) => d.collection),
        writes.map((d) => d.id),
        writes.map((d) => d.storeId),
        writes.map((d) => JSON.stringify(d.body)),
        writes.map((d) => d.deleted === true),
        audience.map((a) => a.d.collection),
        audience.map((a) => a.d.id),
        audience.map((a) => a.storeId),
        audienceOf.map((d) => d.collection),
        audienceOf.map((d) => d.id),
        lookup.map((k) => k.d.collection),
        lookup.map((k) => k.name),
        lookup.map((k) => k.value),
        lookup.map((k) => k.d.id),
        keyedOf.map((d) => d.collection),
        keyedOf.map((d) => d.id),
      ],
    });
    const seqOf = new Map(rows.map((r) => [`${r.collection}\u0000${r.id}`, Number(r.seq)]));
    return documentKeys.map((k) => seqOf.get(k)!);
  }

  async insertMovements(movements: readonly StockMovement[]): Promise<boolean[]> {
    return (await this.recordMovements(movements, false)).inserted;
  }

  /**
   * One statement: the movements inserted (their ids returned) and, in the same snapshot, taken before the insert, the
   * stock levels they name (the rows of the second branch, told apart by a null `inserted_id`).
   */
  async recordMovements(movements: readonly StockMovement[], withLevels = true): Promise<{ inserted: boolean[]; levels: StoredDocument[] }> {
    if (movements.length === 0) return { inserted: [], levels: [] };
    const levelIds = withLevels ? [...new Set(movements.map((m) => stockLevelId(m.storeId, m.sku)))] : [];
    const { rows } = await this.db.query<DocumentRow & { inserted_id: string | null }>({
      name: 'vitrine_record_movements',
      text: RECORD_MOVEMENTS,
      values: [
        movements.map((m) => m.id),
        movements.map((m) => m.storeId),
        movements.map((m) => m.sku),
        movements.map((m) => m.quantity),
        movements.map((m) => m.reason),
        movements.map((m) => m.sourceId),
        movements.map((m) => m.recordedAt),
        levelIds,
      ],
    });
    // The same id twice in one call counts once, as on SQLite: the first occurrence is the inserted one.
    const inserted = new Set(rows.flatMap((r) => (r.inserted_id === null ? [] : [r.inserted_id])));
    return {
      inserted: movements.map((m) => inserted.delete(m.id)),
      levels: rows.filter((r) => r.inserted_id === null).map(toDocument),
    };
  }

  async insertDevice(d: DeviceRecord): Promise<void> {
    await this.db.query('INSERT INTO devices (id, store_id, name, token_hash, enrolled_at, revoked_at) VALUES ($1, $2, $3, $4, $5, $6)', [
      d.id,
      d.storeId,
      d.name,
      d.tokenHash,
      d.enrolledAt,
      d.revokedAt,
    ]);
  }

  async insertEnrollmentCode(c: EnrollmentCodeRecord): Promise<void> {
    await this.db.query(
      'INSERT INTO enrollment_codes (code_hash, store_id, created_at, expires_at, used_at, device_id) VALUES ($1, $2, $3, $4, $5, $6)',
      [c.codeHash, c.storeId, c.createdAt, c.expiresAt, c.usedAt, c.deviceId],
    );
  }

  async markEnrollmentCodeUsed(codeHash: string, deviceId: string, usedAt: string): Promise<void> {
    const { rowCount } = await this.db.query('UPDATE enrollment_codes SET used_at = $1, device_id = $2 WHERE code_hash = $3 AND used_at IS NULL', [
      usedAt,
      deviceId,
      codeHash,
    ]);
    if (rowCount !== 1) throw new Error('enrollment code already used');
  }

  noteChange(change: Change): void {
    this.changes.add(change.collection, [change.storeId]);
  }

  async revokeDevice(deviceId: string, revokedAt: string): Promise<DeviceRecord | undefined> {
    const { rows } = await this.db.query<DeviceRow>('UPDATE devices SET revoked_at = coalesce(revoked_at, $1) WHERE id = $2 RETURNING *', [
      revokedAt,
      deviceId,
    ]);
    return rows[0] ? toDevice(rows[0]) : undefined;
  }
}

interface NotifyPayload {
  /** The instance that wrote: it already told its own subscribers, after its commit. */
  from: string;
  /** [collection, storeId ('' = every store)] */
  changes: [string, string][];
}

class PostgresStore extends PgReads implements SyncStore {
  private readonly instanceId = randomUUID();
  /** Transactions queued while one runs commit together (group-commit.ts); at most this many per group. */
  private readonly writes = new GroupCommitQueue<StoreTx>(MAX_GROUP, (group) => this.runGroup(group));
  private readonly channel: string;
  /** `BEGIN` and the seq lock in one round trip (a simple query of two statements; the key is a bigint literal). */
  private readonly beginLocked: string;
  private readonly running = new Set<Promise<unknown>>();
  private readonly stopListeners = new Set<() => Promise<void>>();
  private readonly committed = new CommitListeners();
  private closed = false;
  private readonly guards: GuardStore;
  /** SSE subscribers woken by one commit pull at once: one query serves the tick's ranges (see coalesce-pulls.ts). */
  private readonly pulls = coalescePulls(
    (range) => PgReads.prototype.pull.call(this, range),
    (ranges) => PgReads.prototype.pullMany.call(this, ranges),
  );
  readonly sql: StoreSql;

  constructor(
    private readonly pool: pg.Pool,
    private readonly writer: pg.Pool,
    private readonly clientConfig: pg.ClientConfig,
    schema: string,
    registry: CollectionRegistry,
    seqLockKey: string,
  ) {
    super(pool, registry);
    this.sql = { dialect: 'postgres', pool };
    this.channel = changeChannel(schema);
    if (!/^-?\d+$/.test(seqLockKey)) throw new Error(`unexpected seq lock key ${seqLockKey}`);
    this.beginLocked = `BEGIN; SELECT pg_advisory_xact_lock(${seqLockKey})`;
    this.guards = postgresGuards(pool);
  }

  readGuard<T>(key: string, now: number): Promise<T | undefined> {
    return this.guards.readGuard(key, now);
  }

  updateGuard<T>(key: string, now: number, update: (current: T | undefined) => GuardRecord<T> | undefined): Promise<T | undefined> {
    if (this.closed) return Promise.reject(new Error('store is closed'));
    return this.guards.updateGuard(key, now, update);
  }

  sweepGuards(now: number): Promise<number> {
    return this.guards.sweepGuards(now);
  }

  override pull(range: PullRange): Promise<PullPage> {
    return this.pulls(range);
  }

  transaction<T>(work: (tx: StoreTx) => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('store is closed'));
    const run = this.writes.add(work);
    this.running.add(run);
    void run.catch(() => undefined).finally(() => this.running.delete(run));
    return run;
  }

  /**
   * One database transaction for a group of queued writes, under the seq lock from BEGIN to COMMIT (file comment):
   * each write runs on the state the writes before it left, exactly as serial transactions would, so the seq order
   * and the policies' check-then-write stay as they were. In a group of several, each write has a savepoint: one that
   * throws is rolled back alone and rejected, and the others commit. One NOTIFY carries the group's changes.
   */
  private async runGroup(group: QueuedWrite<StoreTx>[]): Promise<void> {
    const client = await this.writer.connect();
    const grouped = group.length > 1;
    const done: { write: QueuedWrite<StoreTx>; result: unknown }[] = [];
    const changes = new ChangeSet();
    const savepoints: Promise<unknown>[] = [];
    let broken: Error | undefined;
    try {
      await client.query(grouped ? `${this.beginLocked}; SAVEPOINT write` : this.beginLocked);
      for (const [i, write] of group.entries()) {
        const tx = new PgTx(client, this.registry);
        let result: unknown;
        try {
          result = await write.work(tx);
        } catch (error) {
          if (!grouped) throw error;
          // Its writes undone, the savepoint kept for the next write; a failure here fails the whole group.
          await client.query('ROLLBACK TO SAVEPOINT write');
          write.reject(error);
          continue;
        }
        for (const change of tx.changes.take()) changes.add(change.collection, [change.storeId]);
        done.push({ write, result });
        // Kept, and a fresh savepoint for the next write: not awaited, the next write's first query queues behind it
        // on the connection and is sent the moment it is done, without a turn of this busy event loop in between.
        if (grouped && i < group.length - 1) {
          const savepoint = client.query('RELEASE SAVEPOINT write; SAVEPOINT write');
          savepoint.catch(() => undefined);
          savepoints.push(savepoint);
        }
      }
      // A savepoint that failed leaves the writes after it on an aborted transaction: the whole group is rolled back.
      await Promise.all(savepoints);
      const changed = changes.take();
      // NOTIFY is queued now and delivered only if and when the transaction commits: sent with COMMIT, one round trip.
      const channel = client.escapeLiteral(this.channel);
      const notify = this.notifyPayloads(changed).map((payload) => `pg_notify(${channel}, ${client.escapeLiteral(payload)})`);
      await client.query(notify.length > 0 ? `SELECT ${notify.join(', ')}; COMMIT` : 'COMMIT');
      for (const { write, result } of done) write.resolve(result);
      this.committed.tell(changed);
    } catch (error) {
      await client.query('ROLLBACK').catch((e: Error) => (broken = e));
      for (const write of group) write.reject(error);
    } finally {
      client.release(broken);
    }
  }

  /**
   * A NOTIFY payload must stay under 8000 bytes: a group touching many stores sends several notifications rather than
   * one saying "every store", which would wake every stream of the chain on every instance.
   */
  private notifyPayloads(changed: readonly Change[]): string[] {
    const envelope = Buffer.byteLength(JSON.stringify({ from: this.instanceId, changes: [] } satisfies NotifyPayload));
    const chunks: [string, string][][] = [];
    let chunk: [string, string][] = [];
    let bytes = envelope;
    for (const { collection, storeId } of changed) {
      const pair: [string, string] = [collection, storeId ?? ''];
      const size = Buffer.byteLength(JSON.stringify(pair)) + 1;
      if (chunk.length > 0 && bytes + size > 7_000) {
        chunks.push(chunk);
        chunk = [];
        bytes = envelope;
      }
      chunk.push(pair);
      bytes += size;
    }
    if (chunk.length > 0) chunks.push(chunk);
    return chunks.map((changes) => JSON.stringify({ from: this.instanceId, changes } satisfies NotifyPayload));
  }

  onCommitted(listener: (changes: readonly Change[]) => void): () => void {
    return this.committed.add(listener);
  }

  async listenForChanges(listener: (changes: Change[]) => void): Promise<() => Promise<void>> {
    let client: pg.Client | undefined;
    let stopped = false;
    let retry: NodeJS.Timeout | undefined;
    const tell = (changes: Change[]) => {
      try {
        listener(changes);
      } catch {
        /* the change feed reports its own subscribers' errors */
      }
    };

    // Lost connection (database restart, network): retry every second; notifications sent meanwhile are lost, so
    // once back, every subscriber is told to look again (it pulls from its own checkpoint; nothing is missed).
    const scheduleReconnect = () => {
      if (stopped || retry) return;
      retry = setTimeout(() => {
        retry = undefined;
        connect()
          .then(() => tell(collectionNames.map((collection) => ({ collection, storeId: null }))))
          .catch(scheduleReconnect);
      }, 1_000);
    };

    const connect = async (): Promise<void> => {
      const c = new pg.Client(this.clientConfig);
      c.on('notification', (n) => {
        if (n.channel !== this.channel || !n.payload) return;
        let payload: NotifyPayload;
        try {
          payload = JSON.parse(n.payload) as NotifyPayload;
        } catch {
          return;
        }
        if (payload.from === this.instanceId) return;
        tell(payload.changes.map(([collection, storeId]) => ({ collection, storeId: storeId === '' ? null : storeId })));
      });
      const lost = () => {
        if (client !== c) return;
        client = undefined;
        void c.end().catch(() => undefined);
        scheduleReconnect();
      };
      c.on('error', lost);
      c.on('end', lost);
      try {
        await c.connect();
        await c.query(`LISTEN ${quoteIdent(this.channel)}`);
      } catch (error) {
        void c.end().catch(() => undefined);
        throw error;
      }
      if (stopped) return void (await c.end().catch(() => undefined));
      client = c;
    };

    await connect();
    const stop = async () => {
      stopped = true;
      clearTimeout(retry);
      this.stopListeners.delete(stop);
      const c = client;
      client = undefined;
      await c?.end().catch(() => undefined);
    };
    this.stopListeners.add(stop);
    return stop;
  }

  async ready(): Promise<void> {
    if (this.closed) throw new Error('the database is closed');
    const { rows } = await this.pool.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations');
    const version = rows[0]!.v ?? 0;
    if (version < postgresMigrations.length) throw new Error(`migrations pending: ${version} of ${postgresMigrations.length} applied`);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.stopListeners].map((stop) => stop()));
    // Let running transactions finish, as the SQLite store does, then close the connections.
    await Promise.allSettled([...this.running]);
    await Promise.all([this.pool.end(), this.writer.end()]);
  }
}
