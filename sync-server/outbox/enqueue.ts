import { newId as uuidv7, type AggregateType, type IdGenerator, type WebhookEventType } from '../../src/domain/index.js';
import type { StoreTx, TxSql } from '../store/store.js';
import { queryRows } from './sql.js';

/**
 * The transactional outbox: whatever must leave the server because of a change (a webhook event to the e-commerce
 * platform, a mail to a customer) is written as a row in the SAME transaction as the change, so it exists if and
 * only if the change committed. The delivery worker (worker.ts) sends the rows afterwards, at least once, in order
 * per stream, retrying until acknowledged.
 */

/** A webhook event about an aggregate, for the integration that owns it (null: nobody to tell, nothing written). */
export interface EventDraft {
  kind?: 'webhook';
  integrationId: string | null;
  aggregateType: AggregateType;
  aggregateId: string;
  type: WebhookEventType;
  /** The event's `data`: JSON-serialisable. */
  payload: unknown;
}

export interface MailAttachment {
  filename: string;
  contentType: string;
  contentBase64: string;
  /** Content-ID, to show the attachment inline in `html` (`<img src="cid:…">`), e.g. a pickup QR code. */
  cid?: string;
}

/** A mail message. Messages about the same aggregate are sent in the order they were written. */
export interface MailDraft {
  kind: 'mail';
  to: string | readonly string[];
  subject: string;
  text: string;
  html?: string;
  attachments?: readonly MailAttachment[];
  /** What the message is about (e.g. an order), to keep its messages in order; omitted → a stream of its own. */
  aggregateType?: string;
  aggregateId?: string;
}

/**
 * A Web Push message to one device (sync-server/push): the device's current subscription is looked up when it is
 * sent. A device's pushes are sent in the order they were written.
 */
export interface PushDraft {
  kind: 'push';
  deviceId: string;
  /** What the message is, e.g. `order.customer_arrived`. */
  type: string;
  message: PushMessage;
}

/** The payload stored for a push row, as push/sender.ts sends it. */
export interface PushMessage {
  /** The JSON the service worker receives (encrypted for the subscription). */
  data: unknown;
  /** Not worth showing after this instant (ISO): the push service may drop it, and the worker stops retrying. */
  expiresAt: string;
  /** Pushes with the same topic replace each other while waiting at the push service (≤ 32 base64url characters). */
  topic?: string;
}

export type OutboxDraft = EventDraft | MailDraft | PushDraft;

export type OutboxChannel = 'webhook' | 'mail' | 'push';

/** The payload stored for a mail row (the message), as mail/transport.ts sends it. */
export type MailMessage = Omit<MailDraft, 'kind' | 'aggregateType' | 'aggregateId'>;

interface OutboxRow {
  id: string;
  channel: OutboxChannel;
  integrationId: string | null;
  aggregateType: string;
  aggregateId: string;
  sequence: number;
  type: string;
  payload: string;
  occurredAt: string;
}

/** The change a transaction that wrote outbox rows reports to the commit listeners. */
export const OUTBOX_CHANGE = { collection: 'outbox', storeId: null } as const;

/**
 * Writes the drafts as outbox rows in `tx`; answers their ids (event ids), in draft order, skipping events whose
 * integrationId is null. Each row gets the next sequence number of its stream (channel, aggregate type, aggregate
 * id); writers are serialised on both backends, so reading the stream's last number here cannot race.
 */
export async function enqueueEvents(
  tx: StoreTx,
  drafts: readonly OutboxDraft[],
  { at = new Date(), newId = uuidv7 }: { at?: Date; newId?: IdGenerator } = {},
): Promise<string[]> {
  const occurredAt = at.toISOString();
  const rows: OutboxRow[] = [];
  const lastSequence = new Map<string, number>();
  for (const draft of drafts) {
    const id = newId();
    const row =
      draft.kind === 'mail'
        ? mailRow(id, draft)
        : draft.kind === 'push'
          ? pushRow(id, draft)
          : draft.integrationId === null
            ? undefined
            : eventRow(id, draft);
    if (!row) continue;
    const stream = JSON.stringify([row.channel, row.aggregateType, row.aggregateId]);
    const last = lastSequence.get(stream) ?? (await readLastSequence(tx.sql, row));
    row.sequence = last + 1;
    lastSequence.set(stream, row.sequence);
    rows.push({ ...row, occurredAt });
  }
  await insertRows(tx.sql, rows);
  // Wakes this process's delivery worker right after COMMIT (main.ts), instead of at its next poll.
  if (rows.length > 0) tx.noteChange(OUTBOX_CHANGE);
  return rows.map((r) => r.id);
}

function eventRow(id: string, d: EventDraft): Omit<OutboxRow, 'occurredAt'> {
  return {
    id,
    channel: 'webhook',
    integrationId: d.integrationId,
    aggregateType: d.aggregateType,
    aggregateId: d.aggregateId,
    sequence: 0,
    type: d.type,
    payload: JSON.stringify(d.payload ?? null),
  };
}

function mailRow(id: string, d: MailDraft): Omit<OutboxRow, 'occurredAt'> {
  const { kind: _kind, aggregateType, aggregateId, ...message } = d;
  return {
    id,
    channel: 'mail',
    integrationId: null,
    aggregateType: aggregateType ?? 'mail',
    aggregateId: aggregateId ?? id,
    sequence: 0,
    type: 'mail',
    payload: JSON.stringify(message satisfies MailMessage),
  };
}

function pushRow(id: string, d: PushDraft): Omit<OutboxRow, 'occurredAt'> {
  return {
    id,
    channel: 'push',
    integrationId: null,
    aggregateType: 'device',
    aggregateId: d.deviceId,
    sequence: 0,
    type: d.type,
    payload: JSON.stringify(d.message),
  };
}

async function readLastSequence(sql: TxSql, row: Pick<OutboxRow, 'channel' | 'aggregateType' | 'aggregateId'>): Promise<number> {
  const [found] = await queryRows<{ last: number | null }>(
    sql,
    'SELECT max(sequence) AS last FROM outbox WHERE channel = ? AND aggregate_type = ? AND aggregate_id = ?',
    [row.channel, row.aggregateType, row.aggregateId],
  );
  return found?.last ?? 0;
}

async function insertRows(sql: TxSql, rows: readonly OutboxRow[]): Promise<void> {
  if (rows.length === 0) return;
  // Due at once (next_attempt_at 0): the worker's clock, not the writer's, decides retries.
  if (sql.dialect === 'sqlite') {
    const insert = sql.db.prepare(
      `INSERT INTO outbox (id, channel, integration_id, aggregate_type, aggregate_id, sequence, type, payload, occurred_at, next_attempt_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0)`,
    );
    for (const r of rows) insert.run(r.id, r.channel, r.integrationId, r.aggregateType, r.aggregateId, r.sequence, r.type, r.payload, r.occurredAt);
    return;
  }
  await sql.db.query(
    `INSERT INTO outbox (id, channel, integration_id, aggregate_type, aggregate_id, sequence, type, payload, occurred_at, next_attempt_at)
     SELECT *, 0 FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::text[], $8::text[], $9::text[])`,
    [
      rows.map((r) => r.id),
      rows.map((r) => r.channel),
      rows.map((r) => r.integrationId),
      rows.map((r) => r.aggregateType),
      rows.map((r) => r.aggregateId),
      rows.map((r) => r.sequence),
      rows.map((r) => r.type),
      rows.map((r) => r.payload),
      rows.map((r) => r.occurredAt),
    ],
  );
}
