import { randomBytes } from 'node:crypto';
import {
  DomainError,
  ErrorCode,
  INTEGRATION_SCOPES,
  newId as uuidv7,
  type Clock,
  type IdGenerator,
  type Integration,
  type IntegrationScope,
} from '../../src/domain/index.js';
import { hashSecret } from '../auth/tokens.js';
import { execute, queryRows } from '../outbox/sql.js';
import type { SyncStore } from '../store/store.js';

/**
 * E-commerce integrations: one row per API key. The key is a bearer secret shown once at creation; the database
 * keeps only its SHA-256 (as with device tokens). The webhook secret signs deliveries, so it is kept as is and also
 * shown only once (a new one is made each time the webhook URL is set).
 */
export interface IntegrationRecord extends Integration {
  webhookUrl: string | null;
  createdAt: string;
  revokedAt: string | null;
}

/** A recognisable prefix (secret scanners, logs) + 32 random bytes in base64url: 51 characters of [A-Za-z0-9_-]. */
export const API_KEY_PREFIX = 'vitrine_';
export const newApiKey = (): string => `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
export const newWebhookSecret = (): string => `whsec_${randomBytes(32).toString('base64url')}`;

interface IntegrationRow {
  id: string;
  name: string;
  scopes: string;
  stores: string | null;
  webhook_url: string | null;
  created_at: string;
  revoked_at: string | null;
}

const COLUMNS = 'id, name, scopes, stores, webhook_url, created_at, revoked_at';

const toRecord = (r: IntegrationRow): IntegrationRecord => ({
  id: r.id,
  name: r.name,
  scopes: JSON.parse(r.scopes) as IntegrationScope[],
  stores: r.stores === null ? null : (JSON.parse(r.stores) as string[]),
  webhookUrl: r.webhook_url,
  createdAt: r.created_at,
  revokedAt: r.revoked_at,
});

export interface NewIntegration {
  name: string;
  /** Omitted → every scope. */
  scopes?: readonly IntegrationScope[] | undefined;
  /** Omitted → every store, also stores added later. */
  stores?: readonly string[] | undefined;
  webhookUrl?: string | undefined;
}

/** Mints a key (answered once, never stored) and, with a webhook URL, its signing secret. */
export async function createIntegration(
  store: SyncStore,
  spec: NewIntegration,
  { clock, newId = uuidv7 }: { clock: Clock; newId?: IdGenerator },
): Promise<{ integration: IntegrationRecord; apiKey: string; webhookSecret: string | undefined }> {
  const name = spec.name.trim();
  if (!name) throw new DomainError(ErrorCode.VALIDATION_FAILED, 'an integration needs a name, e.g. "webshop"');
  const scopes = [...new Set(spec.scopes ?? INTEGRATION_SCOPES)];
  const webhookUrl = spec.webhookUrl === undefined ? null : checkedWebhookUrl(spec.webhookUrl);
  const webhookSecret = webhookUrl ? newWebhookSecret() : undefined;
  const apiKey = newApiKey();
  const integration: IntegrationRecord = {
    id: newId(),
    name,
    scopes,
    stores: spec.stores ? [...new Set(spec.stores)] : null,
    webhookUrl,
    createdAt: clock().toISOString(),
    revokedAt: null,
  };
  await store.transaction(async (tx) => {
    for (const storeId of integration.stores ?? []) {
      if (!(await tx.getStore(storeId))) throw new DomainError(ErrorCode.NOT_FOUND, `no store "${storeId}"`);
    }
    await execute(
      tx.sql,
      'INSERT INTO integrations (id, name, key_hash, scopes, stores, webhook_url, webhook_secret, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      [
        integration.id,
        integration.name,
        hashSecret(apiKey),
        JSON.stringify(integration.scopes),
        integration.stores && JSON.stringify(integration.stores),
        webhookUrl,
        webhookSecret ?? null,
        integration.createdAt,
      ],
    );
  });
  return { integration, apiKey, webhookSecret };
}

/** From now on the key answers 401 on every instance (each request reads the database). Twice keeps the first time. */
export async function revokeIntegration(
  store: SyncStore,
  id: string,
  { clock }: { clock: Clock },
): Promise<{ integration: IntegrationRecord; alreadyRevoked: boolean }> {
  const revokedAt = clock().toISOString();
  const integration = await store.transaction(async (tx) => {
    const [row] = await queryRows<IntegrationRow>(
      tx.sql,
      `UPDATE integrations SET revoked_at = coalesce(revoked_at, ?) WHERE id = ? RETURNING ${COLUMNS}`,
      [revokedAt, id],
    );
    return row && toRecord(row);
  });
  if (!integration) throw new DomainError(ErrorCode.NOT_FOUND, `no integration "${id}"`);
  return { integration, alreadyRevoked: integration.revokedAt !== revokedAt };
}

/**
 * Points the integration's events at `url` with a new signing secret (answered once). Events waiting for a URL are
 * delivered from then on; a receiver must switch to the new secret.
 */
export async function setIntegrationWebhook(
  store: SyncStore,
  id: string,
  url: string,
): Promise<{ integration: IntegrationRecord; webhookSecret: string }> {
  const webhookUrl = checkedWebhookUrl(url);
  const webhookSecret = newWebhookSecret();
  const integration = await store.transaction(async (tx) => {
    const [row] = await queryRows<IntegrationRow>(
      tx.sql,
      `UPDATE integrations SET webhook_url = ?, webhook_secret = ? WHERE id = ? RETURNING ${COLUMNS}`,
      [webhookUrl, webhookSecret, id],
    );
    return row && toRecord(row);
  });
  if (!integration) throw new DomainError(ErrorCode.NOT_FOUND, `no integration "${id}"`);
  return { integration, webhookSecret };
}

/**
 * A new key for an unrevoked integration (answered once); the old key answers 401 from now on. Its orders, events
 * and webhook stay. The demo server prints a fresh key for its demo integration at every start this way.
 */
export async function rotateIntegrationKey(store: SyncStore, id: string): Promise<string> {
  const apiKey = newApiKey();
  const changed = await store.transaction((tx) =>
    execute(tx.sql, 'UPDATE integrations SET key_hash = ? WHERE id = ? AND revoked_at IS NULL', [hashSecret(apiKey), id]),
  );
  if (changed !== 1) throw new DomainError(ErrorCode.NOT_FOUND, `no unrevoked integration "${id}"`);
  return apiKey;
}

export async function listIntegrations(store: SyncStore): Promise<IntegrationRecord[]> {
  return (await queryRows<IntegrationRow>(store.sql, `SELECT ${COLUMNS} FROM integrations ORDER BY created_at, id`)).map(toRecord);
}

/** The integration whose key this is (revoked ones too: the caller says why it refuses). */
export async function findIntegrationByKey(store: SyncStore, apiKey: string): Promise<IntegrationRecord | undefined> {
  const [row] = await queryRows<IntegrationRow>(store.sql, `SELECT ${COLUMNS} FROM integrations WHERE key_hash = ?`, [hashSecret(apiKey)]);
  return row && toRecord(row);
}

function checkedWebhookUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DomainError(ErrorCode.VALIDATION_FAILED, `webhook URL "${url}" is not a URL`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new DomainError(ErrorCode.VALIDATION_FAILED, `webhook URL must be http(s), got "${parsed.protocol}"`);
  }
  return parsed.toString();
}
