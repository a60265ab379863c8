import type { MiddlewareHandler } from 'hono';
import { CheckpointSchema, DomainError, ErrorCode } from '../../src/domain/index.js';
import type { ResolvedDeps } from '../app.js';
import type { DeviceEnv } from '../auth/device-auth.js';
import { execute, queryRows } from '../outbox/sql.js';
import type { SyncStore } from '../store/store.js';

/**
 * The deletions an erasure leaves (customers/erase.ts: a profile reduced to its id and stores, customer facts with
 * nothing personal) are how devices learn to drop the customer; once every device that must drop them has pulled
 * past them, they are purged from the server too, so not even an id outlives the need.
 *
 * What a device has seen: each pull of `customers` and `facts` says what the device holds (the checkpoint it sends:
 * every document of the collection up to it is stored there) and what it was sent (the answer's checkpoint). Both
 * are kept as a guard row `pulled:{collection}:{deviceId}` (shared by every instance on the database) that lapses
 * after DEVICE_SILENT_AFTER_MS without a pull. A device has a deletion once it holds it, or once it was sent it and
 * did not ask for it again within SENT_GRACE_MS (a page lost on the way is asked for again at once; after its last
 * page a device listens to the stream and may not pull again for days). A deletion is purged when every active
 * device of the stores that see it has it. A device with no live record does not hold it back: it never pulled (a
 * new database needs no deletion), or it has been silent for 30 days. A device that comes back with a checkpoint
 * behind a deletion purged meanwhile could still hold the erased customer: its pulls of those collections are
 * refused (RESYNC_MESSAGE) until it is enrolled again, which starts its database from scratch.
 */
export const DEVICE_SILENT_AFTER_MS = 30 * 24 * 60 * 60 * 1000;
/** The collections whose deletions are purged: a customer's profile and the customer facts about them. */
export const TOMBSTONE_COLLECTIONS = ['customers', 'facts'] as const;
type TombstoneCollection = (typeof TOMBSTONE_COLLECTIONS)[number];
/** How long after a page was sent the device is taken to have stored it, unless it asks for it again. */
export const SENT_GRACE_MS = 5 * 60_000;
/** A pull records at most this often per device and collection when its checkpoint has not moved (keeps the record alive). */
const REFRESH_MS = 10 * 60_000;
/** How often a process looks for deletions every device has seen (after a pull, in the background). */
const PURGE_EVERY_MS = 60_000;
/** A store's purge horizon is kept as long as a device may stay silent and come back, and then some. */
const HORIZON_KEEP_MS = 10 * 365 * 24 * 60 * 60 * 1000;

export const RESYNC_MESSAGE =
  'this device has not synced for more than 30 days and may still hold customers erased since: enroll it again (its database starts from scratch)';

interface PullRecord {
  storeId: string;
  /** The checkpoint the device sent: it holds everything up to it. */
  held: number;
  /** The checkpoint answered: it was sent everything up to it. */
  sent: number;
  at: number;
}

/** Whether the device (by its record) has the document of this seq. */
const has = (r: PullRecord, seq: number, now: number) => r.held >= seq || (r.sent >= seq && now - r.at >= SENT_GRACE_MS);

const recordKey = (collection: string, deviceId: string) => `pulled:${collection}:${deviceId}`;
const horizonKey = (collection: string, storeId: string) => `purged:${collection}:${storeId}`;

/** Records a pull: the device holds every document of the collection up to `held`, and was sent those up to `sent`. */
export async function recordPull(
  store: SyncStore,
  device: { id: string; storeId: string },
  collection: string,
  { held, sent }: { held: number; sent: number },
  now: number,
) {
  await store.updateGuard<PullRecord>(recordKey(collection, device.id), now, () => ({
    value: { storeId: device.storeId, held, sent, at: now },
    expiresAt: now + DEVICE_SILENT_AFTER_MS,
  }));
}

/** What a purge did: the deletions purged, and those kept because a device has not pulled past them yet. */
export interface TombstonePurge {
  purged: { collection: string; id: string }[];
  waiting: number;
}

/**
 * Purges the deletions of erased customers that every active device of their stores has pulled past, and raises
 * each store's horizon (the highest seq purged) so a silent device coming back behind it is told to start over.
 */
export async function purgeSeenTombstones(store: SyncStore, now: number): Promise<TombstonePurge> {
  const deleted = store.sql.dialect === 'sqlite' ? '1' : 'true';
  const rows = await queryRows<{ collection: TombstoneCollection; id: string; store_id: string; seq: number | string }>(
    store.sql,
    `SELECT collection, id, store_id, seq FROM documents WHERE deleted = ${deleted} AND (collection = 'customers' OR (collection = 'facts' AND body LIKE '%"kind":"customer.%'))`,
  );
  const result: TombstonePurge = { purged: [], waiting: 0 };
  if (rows.length === 0) return result;
  const devices = await queryRows<{ id: string; store_id: string }>(store.sql, 'SELECT id, store_id FROM devices WHERE revoked_at IS NULL');
  const records = new Map<string, PullRecord | null>();
  const recordOf = async (collection: string, deviceId: string) => {
    const key = recordKey(collection, deviceId);
    if (!records.has(key)) records.set(key, (await store.readGuard<PullRecord>(key, now)) ?? null);
    return records.get(key)!;
  };
  for (const row of rows) {
    const seq = Number(row.seq);
    const audience = await queryRows<{ store_id: string }>(store.sql, 'SELECT store_id FROM document_audience WHERE collection = ? AND id = ?', [
      row.collection,
      row.id,
    ]);
    const stores = new Set([row.store_id, ...audience.map((a) => a.store_id)]);
    let blocked = false;
    for (const d of devices) {
      if (!stores.has(d.store_id)) continue;
      const record = await recordOf(row.collection, d.id);
      if (record !== null && !has(record, seq, now)) {
        blocked = true;
        break;
      }
    }
    if (blocked) {
      result.waiting++;
      continue;
    }
    const gone = await store.transaction(async (tx) => {
      // Only the deletion as it was read: a document written again since (same id) is not a tombstone any more.
      const n = await execute(tx.sql, `DELETE FROM documents WHERE collection = ? AND id = ? AND seq = ? AND deleted = ${deleted}`, [
        row.collection,
        row.id,
        seq,
      ]);
      if (n > 0) await execute(tx.sql, 'DELETE FROM document_audience WHERE collection = ? AND id = ?', [row.collection, row.id]);
      return n > 0;
    });
    if (!gone) continue;
    result.purged.push({ collection: row.collection, id: row.id });
    for (const storeId of stores)
      await store.updateGuard<number>(horizonKey(row.collection, storeId), now, (current) => ({
        value: Math.max(current ?? 0, seq),
        expiresAt: now + HORIZON_KEEP_MS,
      }));
  }
  return result;
}

/**
 * On /sync/{customers|facts}/{version}/pull (after requireDevice): refuses a device coming back after 30 silent days
 * from behind a purged deletion, records the checkpoint of every answered pull, and now and then purges what every
 * device has seen. A stream (SSE) is not counted until the device's next pull: it delays a purge, never hastens one.
 */
export function tombstoneTracking(deps: Pick<ResolvedDeps, 'store' | 'clock' | 'logger'>): MiddlewareHandler<DeviceEnv> {
  const recorded = new Map<string, { held: number; sent: number; at: number }>();
  let lastPurge = 0;
  let purging = false;
  return async (c, next) => {
    const match = /^\/sync\/(customers|facts)\/\d+\/pull$/.exec(c.req.path);
    const device = c.get('device');
    if (!match || c.req.method !== 'GET' || !device) return next();
    const collection = match[1]!;
    const held = checkpointSeq(c.req.query('checkpoint'));
    const now = deps.clock().getTime();
    if (held > 0) {
      const horizon = (await deps.store.readGuard<number>(horizonKey(collection, device.storeId), now)) ?? 0;
      // Behind a purged deletion of its store: the device never got it, and never will.
      if (held < horizon) throw new DomainError(ErrorCode.FORBIDDEN, RESYNC_MESSAGE);
    }
    await next();
    if (c.res.status !== 200) return;
    const sent = sentSeq(await c.res.clone().text()) ?? held;
    const key = recordKey(collection, device.id);
    const memo = recorded.get(key);
    if (!memo || memo.held !== held || memo.sent !== sent || now - memo.at >= REFRESH_MS) {
      await recordPull(deps.store, device, collection, { held, sent }, now);
      recorded.set(key, { held, sent, at: now });
    }
    if (!purging && now - lastPurge >= PURGE_EVERY_MS) {
      lastPurge = now;
      purging = true;
      void purgeSeenTombstones(deps.store, now)
        .then((r) => r.purged.length > 0 && deps.logger.info('customer tombstones purged', { count: r.purged.length, waiting: r.waiting }))
        .catch((error: unknown) => deps.logger.warn('customer tombstone purge failed', { error: String(error) }))
        .finally(() => {
          purging = false;
        });
    }
  };
}

/** The seq of a pull's checkpoint parameter (0: none, a first pull). */
function checkpointSeq(text: string | undefined): number {
  const parsed = CheckpointSchema.safeParse(safeJson(text));
  return parsed.success ? parsed.data.seq : 0;
}

/** The answer's checkpoint, read from its end (`…,"checkpoint":{"seq":n},"remaining":r}`) without parsing the page. */
function sentSeq(body: string): number | null {
  const at = body.lastIndexOf('"checkpoint":');
  if (at < 0) return null;
  const m = /^"checkpoint":\{"seq":(\d+)\}/.exec(body.slice(at, at + 64));
  return m ? Number(m[1]) : null;
}

function safeJson(text: string | undefined): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
