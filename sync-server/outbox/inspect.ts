import type { SyncStore } from '../store/store.js';
import type { OutboxChannel } from './enqueue.js';
import { queryRows } from './sql.js';

/** What operators see of the outbox: /ready details and `npm run events`. */
export interface OutboxCounts {
  /** Rows not yet delivered (waiting for their turn, a retry, or a webhook URL). */
  pending: number;
  /** Of those, rows whose last attempt failed (they keep being retried). */
  failing: number;
  /** Webhook events of integrations that have no webhook URL yet. */
  waitingForWebhookUrl: number;
}

export async function outboxCounts(store: SyncStore): Promise<OutboxCounts> {
  const [row] = await queryRows<{ pending: number | string; failing: number | string | null; waiting: number | string | null }>(
    store.sql,
    `SELECT count(*) AS pending,
       sum(CASE WHEN o.attempts > 0 THEN 1 ELSE 0 END) AS failing,
       sum(CASE WHEN o.channel = 'webhook' AND NOT EXISTS (
         SELECT 1 FROM integrations i WHERE i.id = o.integration_id AND i.webhook_url IS NOT NULL) THEN 1 ELSE 0 END) AS waiting
     FROM outbox o WHERE o.delivered_at IS NULL`,
  );
  return { pending: Number(row?.pending ?? 0), failing: Number(row?.failing ?? 0), waitingForWebhookUrl: Number(row?.waiting ?? 0) };
}

export interface OutboxEntry {
  id: string;
  channel: OutboxChannel;
  integrationId: string | null;
  aggregateType: string;
  aggregateId: string;
  sequence: number;
  type: string;
  occurredAt: string;
  attempts: number;
  lastError: string | null;
  /** Epoch ms of the next attempt (0: as soon as its turn comes). */
  nextAttemptAt: number;
  deliveredAt: string | null;
}

/** Undelivered rows, oldest first: all of them (`pending`) or those whose last attempt failed (`failed`). */
export async function listOutbox(store: SyncStore, which: 'pending' | 'failed', limit = 100): Promise<OutboxEntry[]> {
  const rows = await queryRows<Record<string, string | number | null>>(
    store.sql,
    `SELECT id, channel, integration_id, aggregate_type, aggregate_id, sequence, type, occurred_at, attempts, last_error,
       next_attempt_at, delivered_at
     FROM outbox WHERE delivered_at IS NULL${which === 'failed' ? ' AND attempts > 0' : ''}
     ORDER BY occurred_at, aggregate_type, aggregate_id, sequence LIMIT ?`,
    [limit],
  );
  return rows.map((r) => ({
    id: String(r.id),
    channel: r.channel as OutboxChannel,
    integrationId: r.integration_id === null ? null : String(r.integration_id),
    aggregateType: String(r.aggregate_type),
    aggregateId: String(r.aggregate_id),
    sequence: Number(r.sequence),
    type: String(r.type),
    occurredAt: String(r.occurred_at),
    attempts: Number(r.attempts),
    lastError: r.last_error === null ? null : String(r.last_error),
    nextAttemptAt: Number(r.next_attempt_at),
    deliveredAt: r.delivered_at === null ? null : String(r.delivered_at),
  }));
}

/** What /ready reports of outgoing messages (the app gets it from main.ts, which runs the worker). */
export interface OutboxStatus {
  mailTransport: 'smtp' | 'dir';
  counts(): Promise<OutboxCounts>;
}
