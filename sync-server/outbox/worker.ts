import { systemClock, type Clock, type WebhookEvent } from '../../src/domain/index.js';
import type { Logger } from '../logger.js';
import type { MailTransport } from '../mail/transport.js';
import type { SyncStore } from '../store/store.js';
import type { PushSender } from '../push/sender.js';
import type { MailMessage, OutboxChannel, PushMessage } from './enqueue.js';
import { signatureHeader, SIGNATURE_HEADER } from './signature.js';
import { execute, queryRows, type WritableSql } from './sql.js';

/**
 * The delivery worker: sends outbox rows (enqueue.ts) until each is acknowledged.
 *
 * - At least once: a row is marked delivered only after a 2xx (webhook) or an accepted send (mail); a failure is
 *   retried after an exponential backoff with jitter, forever (a failing row stays visible: `npm run events --
 *   --failed`, /ready), never dropped. Receivers deduplicate by the event id.
 * - In order per stream (an order's webhook events; a mail's aggregate): only the first undelivered row of a stream
 *   is ever claimed, so an order's later event waits until its earlier one was acknowledged.
 * - Once per instance: a row is claimed with a lease (lease_until) before it is sent; on PostgreSQL the claim skips
 *   rows another instance is claiming (FOR UPDATE SKIP LOCKED), and a leased row is not claimed again until the
 *   lease lapses (a crashed instance's rows are retried by another once their lease lapses).
 * - Survives restarts: everything is in the database; a stopped worker releases the leases it holds.
 * - Webhook events of an integration without a URL wait (they are not claimed) until one is set.
 */
export interface DeliveryTiming {
  /** How often an idle worker looks for due rows. */
  pollMs: number;
  /** Rows claimed at once (each from a different stream, sent in parallel). */
  batchSize: number;
  /** How long a claim holds a row; longer than `requestTimeoutMs`, so a slow send is not sent twice meanwhile. */
  leaseMs: number;
  requestTimeoutMs: number;
  /** Retry n waits about backoffBaseMs · 2^(n-1), capped at backoffMaxMs, with jitter (between half and all of it). */
  backoffBaseMs: number;
  backoffMaxMs: number;
}

export const DEFAULT_DELIVERY_TIMING: DeliveryTiming = {
  pollMs: 500,
  batchSize: 20,
  leaseMs: 60_000,
  requestTimeoutMs: 10_000,
  backoffBaseMs: 1_000,
  backoffMaxMs: 5 * 60_000,
};

export interface DeliveryWorkerDeps {
  store: SyncStore;
  mail: MailTransport;
  /** Web Push to the store's devices (push/sender.ts); without it push rows wait, failing, until a server has one. */
  push?: PushSender;
  logger: Logger;
  clock?: Clock;
  /** [0, 1): the jitter. */
  random?: () => number;
  fetch?: typeof fetch;
  timing?: Partial<DeliveryTiming>;
}

export interface DeliveryWorker {
  /** Look for due rows now (e.g. after a commit that wrote some). */
  wake(): void;
  /** Stops claiming, aborts sends in flight and releases their leases; resolves when the worker is idle. */
  stop(): Promise<void>;
}

interface ClaimedRow {
  id: string;
  channel: OutboxChannel;
  integration_id: string | null;
  aggregate_type: string;
  aggregate_id: string;
  sequence: number;
  type: string;
  payload: string;
  occurred_at: string;
  attempts: number;
}

/** Rows that may be sent now: due, not leased, with somewhere to go, and first undelivered of their stream. */
const CLAIMABLE = `o.delivered_at IS NULL AND o.next_attempt_at <= ? AND o.lease_until <= ?
  AND (o.channel IN ('mail', 'push') OR EXISTS (SELECT 1 FROM integrations i WHERE i.id = o.integration_id AND i.webhook_url IS NOT NULL))
  AND NOT EXISTS (SELECT 1 FROM outbox e WHERE e.channel = o.channel AND e.aggregate_type = o.aggregate_type
    AND e.aggregate_id = o.aggregate_id AND e.sequence < o.sequence AND e.delivered_at IS NULL)`;

export function startDeliveryWorker(deps: DeliveryWorkerDeps): DeliveryWorker {
  const { store, mail, push, logger, clock = systemClock, random = Math.random, fetch: send = fetch } = deps;
  const timing = { ...DEFAULT_DELIVERY_TIMING, ...deps.timing };
  const stopping = new AbortController();
  let wakeUp: (() => void) | undefined;

  /** SQLite writes only inside a transaction (the write mutex); PostgreSQL's outbox writes skip the seq lock. */
  const write = <T>(work: (sql: WritableSql) => Promise<T>): Promise<T> =>
    store.sql.dialect === 'postgres' ? work(store.sql) : store.transaction((tx) => work(tx.sql));

  const claim = async (): Promise<ClaimedRow[]> => {
    const now = clock().getTime();
    // A read first (SQLite: the reader, no write lock), so an idle poll writes nothing.
    const [due] = await queryRows(store.sql, `SELECT o.id FROM outbox o WHERE ${CLAIMABLE} LIMIT 1`, [now, now]);
    if (!due) return [];
    const skipLocked = store.sql.dialect === 'postgres' ? ' FOR UPDATE SKIP LOCKED' : '';
    const rows = await write((sql) =>
      queryRows<ClaimedRow>(
        sql,
        `UPDATE outbox SET lease_until = ? WHERE id IN (
           SELECT o.id FROM outbox o WHERE ${CLAIMABLE} ORDER BY o.next_attempt_at, o.occurred_at, o.id LIMIT ?${skipLocked}
         ) AND lease_until <= ?
         RETURNING id, channel, integration_id, aggregate_type, aggregate_id, sequence, type, payload, occurred_at, attempts`,
        [now + timing.leaseMs, now, now, timing.batchSize, now],
      ),
    );
    return rows.map((r) => ({ ...r, sequence: Number(r.sequence), attempts: Number(r.attempts) }));
  };

  const postWebhook = async (row: ClaimedRow, signal: AbortSignal): Promise<void> => {
    const [target] = await queryRows<{ webhook_url: string | null; webhook_secret: string | null }>(
      store.sql,
      'SELECT webhook_url, webhook_secret FROM integrations WHERE id = ?',
      [row.integration_id],
    );
    if (!target?.webhook_url || !target.webhook_secret) throw new Error('the integration has no webhook URL');
    const event: WebhookEvent = {
      id: row.id,
      type: row.type as WebhookEvent['type'],
      occurredAt: row.occurred_at,
      aggregateType: row.aggregate_type as WebhookEvent['aggregateType'],
      aggregateId: row.aggregate_id,
      sequence: row.sequence,
      data: JSON.parse(row.payload) as unknown,
    };
    const body = JSON.stringify(event);
    const timestamp = Math.floor(clock().getTime() / 1000);
    const res = await send(target.webhook_url, {
      method: 'POST',
      body,
      redirect: 'manual',
      signal: AbortSignal.any([signal, AbortSignal.timeout(timing.requestTimeoutMs)]),
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': 'Vitrine-Webhooks/1',
        'Vitrine-Event-Id': row.id,
        'Vitrine-Event-Type': row.type,
        'Vitrine-Sequence': String(row.sequence),
        [SIGNATURE_HEADER]: signatureHeader(target.webhook_secret, timestamp, body),
      },
    });
    const text = await res.text().catch(() => '');
    if (res.status < 200 || res.status > 299) throw new Error(`HTTP ${res.status}${text ? `: ${text.slice(0, 200)}` : ''}`);
  };

  const backoffMs = (attempts: number): number => {
    const ceiling = Math.min(timing.backoffMaxMs, timing.backoffBaseMs * 2 ** Math.min(attempts - 1, 30));
    return Math.round(ceiling / 2 + (random() * ceiling) / 2);
  };

  /** Hands a claimed row back without counting an attempt (the worker stops). */
  const release = (row: ClaimedRow) =>
    write((sql) => execute(sql, 'UPDATE outbox SET lease_until = 0 WHERE id = ? AND delivered_at IS NULL', [row.id]));

  const deliver = async (row: ClaimedRow): Promise<void> => {
    try {
      if (row.channel === 'mail') await mail.send(row.id, JSON.parse(row.payload) as MailMessage);
      else if (row.channel === 'push') {
        if (!push) throw new Error('this server sends no Web Push');
        await push.send(
          row.aggregate_id,
          JSON.parse(row.payload) as PushMessage,
          AbortSignal.any([stopping.signal, AbortSignal.timeout(timing.requestTimeoutMs)]),
        );
      } else await postWebhook(row, stopping.signal);
    } catch (error) {
      if (stopping.signal.aborted) {
        await release(row);
        return;
      }
      const attempts = row.attempts + 1;
      const wait = backoffMs(attempts);
      const reason = describe(error);
      logger.warn('delivery failed; will retry', { id: row.id, channel: row.channel, type: row.type, attempts, retryInMs: wait, error: reason });
      await write((sql) =>
        execute(sql, 'UPDATE outbox SET attempts = ?, last_error = ?, next_attempt_at = ?, lease_until = 0 WHERE id = ?', [
          attempts,
          reason,
          clock().getTime() + wait,
          row.id,
        ]),
      );
      return;
    }
    await write((sql) =>
      execute(sql, 'UPDATE outbox SET delivered_at = ?, attempts = ?, last_error = NULL, lease_until = 0 WHERE id = ?', [
        clock().toISOString(),
        row.attempts + 1,
        row.id,
      ]),
    );
    logger.debug?.('delivered', { id: row.id, channel: row.channel, type: row.type, aggregateId: row.aggregate_id, sequence: row.sequence });
  };

  const idle = () =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, timing.pollMs);
      function done() {
        clearTimeout(timer);
        wakeUp = undefined;
        resolve();
      }
      wakeUp = done;
    });

  const run = async () => {
    while (!stopping.signal.aborted) {
      let rows: ClaimedRow[] = [];
      try {
        rows = await claim();
      } catch (error) {
        if (stopping.signal.aborted) break;
        logger.warn('outbox claim failed; retrying', { error: describe(error) });
      }
      if (stopping.signal.aborted) {
        // Claimed just as we stopped: hand the rows back at once rather than after their lease.
        await Promise.all(rows.map((row) => release(row).catch(() => undefined)));
        break;
      }
      if (rows.length === 0) {
        await idle();
        continue;
      }
      await Promise.all(
        rows.map((row) => deliver(row).catch((error: unknown) => logger.error('outbox bookkeeping failed', { id: row.id, error: describe(error) }))),
      );
    }
  };
  const running = run();
  return {
    wake: () => wakeUp?.(),
    async stop() {
      stopping.abort();
      wakeUp?.();
      await running;
    },
  };
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  // fetch reports "fetch failed" and puts the reason (ECONNREFUSED, a timeout) in `cause`.
  return cause ? `${error.message}: ${cause.code ?? cause.message ?? String(cause)}` : error.message;
}
