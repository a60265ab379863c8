import type { BulkWriteRow, RxCollection, RxDocumentData, RxStorageWriteErrorConflict } from 'rxdb';
import { collections, isFactCollection, type Checkpoint, type CollectionName, type PullResponse } from '../../domain/index.js';
import type { VitrineDatabase } from './database.js';
import type { FetchLike } from './http.js';

/*
 * The fast initial load of a fresh device (issue 12). RxDB's pull loop writes a page, then asks for the next, and
 * checks every pulled document against the local one; a fresh device has none. Instead, each read-only
 * (authoritative) collection comes in one streamed answer of the server's snapshot route (the pull route's pages,
 * gzip, newline-delimited), each page written to the collection's storage in one bulk write while the next page is
 * read, its checkpoint persisted right after. The replication then starts from the last checkpoint
 * (`snapshotCheckpoint`), so later changes arrive live as on any device.
 *
 *   fresh (collection empty, no record) ─► load from null ─► page written ─► checkpoint saved ─► … ─► handed over
 *   killed mid-load (record, not handed over) ─► load again from the saved checkpoint (writes are upserts: a page
 *       written but not yet recorded is written again, never twice)
 *   snapshot refused or failed ─► handed over at the saved checkpoint: RxDB's pulls go on from there
 *   handed over, or a device that synced before this existed (documents, no record) ─► no fast load
 *
 * Fact collections (pushed by devices) replicate as before: RxDB must record what it pulled of them to tell a
 * conflict from a local write, and a fast load would bypass that. Pull-only replications record nothing per
 * document (RxDB's `skipStoringPullMeta`), so a document written here is one RxDB's later pulls update in place.
 */

export interface SnapshotRecord {
  checkpoint: Checkpoint | null;
  /** The replication took over from `checkpoint`: never load this collection's snapshot again. */
  handedOver: boolean;
}

const recordKey = (name: CollectionName) => `snapshot-${name}-${collections[name].version}`;

export const fastLoadable = (name: CollectionName) => !isFactCollection(collections[name]);

export async function readSnapshotRecord(db: VitrineDatabase, name: CollectionName): Promise<SnapshotRecord | null> {
  const doc = await db.getLocal<SnapshotRecord>(recordKey(name));
  return doc ? (doc.toJSON().data as SnapshotRecord) : null;
}

const writeRecord = (db: VitrineDatabase, name: CollectionName, record: SnapshotRecord) => db.upsertLocal<SnapshotRecord>(recordKey(name), record);

/** Where a fast load stands: to start, to resume from a checkpoint, or nothing to do. */
export async function fastLoadPlan(db: VitrineDatabase, name: CollectionName): Promise<{ from: Checkpoint | null } | null> {
  if (!fastLoadable(name)) return null;
  const record = await readSnapshotRecord(db, name);
  if (record) return record.handedOver ? null : { from: record.checkpoint };
  // No record: a fresh device, or one that synced before snapshots existed (its replication has its own checkpoint).
  const collection = untyped(db, name);
  const any = await collection.storageInstance.count(collection.find({ limit: 1 }).getPreparedQuery());
  return any.count === 0 ? { from: null } : null;
}

/** The checkpoint RxDB's first pull starts from when it has none of its own: where the fast load ended. */
export async function snapshotCheckpoint(db: VitrineDatabase, name: CollectionName): Promise<Checkpoint | undefined> {
  if (!fastLoadable(name)) return undefined;
  return (await readSnapshotRecord(db, name))?.checkpoint ?? undefined;
}

/** Records that the replication takes over: later starts never fast-load this collection again. */
export async function handOver(db: VitrineDatabase, name: CollectionName): Promise<Checkpoint | undefined> {
  const record = await readSnapshotRecord(db, name);
  await writeRecord(db, name, { checkpoint: record?.checkpoint ?? null, handedOver: true });
  return record?.checkpoint ?? undefined;
}

export interface FastLoadOptions {
  db: VitrineDatabase;
  name: CollectionName;
  /** `${base}/sync/${name}/${version}` */
  url: string;
  headers: Record<string, string>;
  fetch: FetchLike;
  from: Checkpoint | null;
  /** Documents per page of the snapshot (the server's default, 10,000, when absent). */
  pageSize?: number;
  /** Each page once persisted: documents in it and documents still to come. */
  onPage?: (received: number, remaining: number) => void;
  /** A non-2xx answer (the caller decides what is fatal). */
  onRefused?: (res: Response) => Promise<never>;
  isCancelled?: () => boolean;
}

/** Loads the collection's snapshot from `from`; resolves with the last persisted checkpoint. */
export async function fastLoad(options: FastLoadOptions): Promise<Checkpoint | null> {
  const { db, name, from } = options;
  const params = [
    ...(from ? [`checkpoint=${encodeURIComponent(JSON.stringify(from))}`] : []),
    ...(options.pageSize ? [`page=${options.pageSize}`] : []),
  ];
  const res = await options.fetch(`${options.url}/snapshot${params.length ? `?${params.join('&')}` : ''}`, {
    headers: options.headers,
    cache: 'no-store',
  });
  if (!res.ok || !res.body) {
    if (options.onRefused) await options.onRefused(res);
    throw new Error(`snapshot of ${name}: HTTP ${res.status}`);
  }
  await writeRecord(db, name, { checkpoint: from, handedOver: false });
  let checkpoint = from;
  // Each page's checkpoint is recorded once the page and every page before it are persisted, in order.
  let recorded: Promise<void> = Promise.resolve();
  const inFlight: Promise<void>[] = [];
  try {
    for await (const line of lines(res.body)) {
      // Parsed while earlier pages are being written: the page's JSON and their IndexedDB writes overlap.
      const page = JSON.parse(line) as PullResponse<Record<string, unknown>>;
      if (inFlight.length >= WRITES_IN_FLIGHT) await inFlight.shift();
      if (options.isCancelled?.()) break;
      const written = writePage(db, name, page.documents);
      recorded = Promise.all([recorded, written]).then(async () => {
        if (page.checkpoint) checkpoint = page.checkpoint;
        await writeRecord(db, name, { checkpoint, handedOver: false });
        options.onPage?.(page.documents.length, page.remaining ?? 0);
      });
      inFlight.push(recorded);
    }
    await recorded;
  } finally {
    // A failed write fails every later record too: the first failure is thrown, the rest are not left unhandled.
    for (const pending of inFlight) pending.catch(() => undefined);
  }
  return checkpoint;
}

/**
 * Pages being written at once. IndexedDB runs one write transaction of a store at a time; with a second page queued
 * behind it, the second's reads are issued while the first commits, where the page would otherwise sit idle (commits
 * were about 40 % of a fresh tablet's load in a profile). Its writes still wait for that commit: RxDB's storage
 * reads a page's documents before writing them, in the same transaction (ARCHITECTURE, "fast initial load").
 */
const WRITES_IN_FLIGHT = 2;

/**
 * One bulk write of a page through the collection's storage instance (RxDB's own write path: revisions, change
 * events for open queries and the search index), as inserts; a document already there (a resumed load, or written
 * twice in one snapshot because it changed while streaming) is written again over what is stored.
 */
async function writePage(db: VitrineDatabase, name: CollectionName, documents: Record<string, unknown>[]): Promise<void> {
  if (documents.length === 0) return;
  const storage = untyped(db, name).storageInstance;
  const rows: BulkWriteRow<Doc>[] = documents.map((doc) => ({ document: toStored(doc) }));
  const first = await storage.bulkWrite(rows, 'vitrine-snapshot');
  const taken = first.error.filter((e): e is RxStorageWriteErrorConflict<Doc> => e.status === 409 && 'documentInDb' in e && !!e.documentInDb);
  const failed = first.error.filter((e) => !taken.includes(e as RxStorageWriteErrorConflict<Doc>));
  if (failed.length > 0) throw new Error(`snapshot of ${name}: ${failed.length} documents not written (${failed[0]!.status})`);
  if (taken.length === 0) return;
  const byId = new Map(documents.map((doc) => [String(doc[collections[name].primaryKey]), doc]));
  const again = await storage.bulkWrite(
    taken.map((e) => ({ previous: e.documentInDb, document: toStored(byId.get(e.documentId)!) })),
    'vitrine-snapshot',
  );
  if (again.error.length > 0) throw new Error(`snapshot of ${name}: ${again.error.length} documents not written (${again.error[0]!.status})`);
}

type Doc = Record<string, unknown>;
/** Documents of any registry collection: RxDB's generics cannot name "this collection's document type" here. */
const untyped = (db: VitrineDatabase, name: CollectionName) => db[name] as unknown as RxCollection<Doc>;

// `_rev` and `_meta` are set by RxDB's storage wrapper, as for any write.
const toStored = (doc: Doc): RxDocumentData<Doc> => ({ ...doc, _deleted: doc._deleted === true, _attachments: {}, _rev: '', _meta: { lwt: 0 } });

/**
 * The body's lines as they arrive (the browser has already gunzipped it). A page is megabytes in many chunks: only
 * each new chunk is searched for the line's end, and a line is joined once.
 */
async function* lines(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let parts: string[] = [];
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    let chunk = decoder.decode(value, { stream: true });
    let end = chunk.indexOf('\n');
    while (end >= 0) {
      parts.push(chunk.slice(0, end));
      const line = parts.join('');
      parts = [];
      if (line) yield line;
      chunk = chunk.slice(end + 1);
      end = chunk.indexOf('\n');
    }
    if (chunk) parts.push(chunk);
  }
  const rest = parts.join('');
  if (rest.trim()) yield rest;
}
