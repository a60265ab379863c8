import { createHash } from 'node:crypto';
import type { Context } from 'hono';
import { DomainError, ErrorCode } from '../../src/domain/index.js';
import { queryRows, execute } from '../outbox/sql.js';
import type { StoreTx, SyncStore } from '../store/store.js';
import type { IntegrationEnv } from './require-integration.js';

/**
 * Idempotent POSTs for integrations. The platform sends an `Idempotency-Key` with each POST and reuses it when it
 * retries (timeout, crash): the first request's effect and its response commit in ONE store transaction, so after a
 * crash either both exist (the retry gets the stored response) or neither (the retry does the work). Writers are
 * serialised on both backends (SQLite's write mutex, PostgreSQL's seq lock), so two racing requests with one key
 * run one after the other and the second finds the first's response.
 *
 * A handler that throws (validation, 422, 409) rolls back and stores nothing: a retry is decided afresh, which is
 * what a client that fixed its request wants.
 */
export interface IdempotentResponse {
  status: number;
  /** JSON-serialisable; stored as JSON text and answered byte for byte on replay. */
  body: unknown;
}

export interface IdempotentResult {
  status: number;
  /** The response body as JSON text. */
  json: string;
  /** True when this is the stored answer to an earlier request with the same key. */
  replayed: boolean;
}

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** The request's Idempotency-Key; missing or malformed answers 400. */
export function idempotencyKeyOf(c: Context): string {
  const key = c.req.header(IDEMPOTENCY_KEY_HEADER);
  if (key === undefined || !KEY_PATTERN.test(key)) {
    const message = `send an ${IDEMPOTENCY_KEY_HEADER} header (1 to 255 printable ASCII characters, e.g. a UUID) and reuse it when retrying`;
    throw new DomainError(ErrorCode.VALIDATION_FAILED, message, [{ path: `headers.${IDEMPOTENCY_KEY_HEADER}`, message }]);
  }
  return key;
}

/**
 * What makes two requests "the same": method, path and the JSON body with object keys sorted (so a client that
 * re-serialises its body in another key order still matches).
 */
export function requestHashOf(method: string, path: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method.toUpperCase()} ${path}\n${canonicalJson(body)}`)
    .digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * Runs `work` once per (integration, key): in one transaction, answers the stored response when the key was used
 * for this same request, refuses (409 IDEMPOTENCY_KEY_REUSED) when it was used for another, or runs `work` and
 * stores its response beside its effect.
 */
export async function runIdempotent(
  store: SyncStore,
  integrationId: string,
  key: string,
  requestHash: string,
  work: (tx: StoreTx) => Promise<IdempotentResponse>,
  { at = new Date() }: { at?: Date } = {},
): Promise<IdempotentResult> {
  return store.transaction(async (tx) => {
    const [stored] = await queryRows<{ request_hash: string; status: number; body: string }>(
      tx.sql,
      'SELECT request_hash, status, body FROM idempotency_keys WHERE integration_id = ? AND key = ?',
      [integrationId, key],
    );
    if (stored) {
      if (stored.request_hash !== requestHash) {
        throw new DomainError(
          ErrorCode.IDEMPOTENCY_KEY_REUSED,
          `${IDEMPOTENCY_KEY_HEADER} "${key}" was already used for a different request; use a new key for a new request`,
        );
      }
      return { status: Number(stored.status), json: stored.body, replayed: true };
    }
    const { status, body } = await work(tx);
    const json = JSON.stringify(body);
    await execute(tx.sql, 'INSERT INTO idempotency_keys (integration_id, key, request_hash, status, body, created_at) VALUES (?, ?, ?, ?, ?, ?)', [
      integrationId,
      key,
      requestHash,
      status,
      json,
      at.toISOString(),
    ]);
    return { status, json, replayed: false };
  });
}

/**
 * The usual route shape: the key from the header, the integration from `requireIntegration`, the hash of this
 * request (method, path, `body`), then `runIdempotent`; answers the (possibly replayed) response, marked
 * `Idempotent-Replayed: true` when replayed.
 */
export async function answerIdempotently(
  c: Context<IntegrationEnv>,
  store: SyncStore,
  body: unknown,
  work: (tx: StoreTx) => Promise<IdempotentResponse>,
  options: { at?: Date } = {},
): Promise<Response> {
  const key = idempotencyKeyOf(c);
  const hash = requestHashOf(c.req.method, c.req.path, body);
  const result = await runIdempotent(store, c.get('integration').id, key, hash, work, options);
  const headers: Record<string, string> = { 'Content-Type': 'application/json; charset=utf-8' };
  if (result.replayed) headers['Idempotent-Replayed'] = 'true';
  return c.body(result.json, result.status as 200, headers);
}
