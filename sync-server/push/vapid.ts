import webpush from 'web-push';
import { execute, queryRows } from '../outbox/sql.js';
import type { SyncStore } from '../store/store.js';

/** The server's application server identity for Web Push (RFC 8292): keys in base64url, as browsers take them. */
export interface VapidKeys {
  /** Uncompressed P-256 point (65 bytes); devices subscribe with it (`applicationServerKey`). */
  publicKey: string;
  privateKey: string;
  /** A mailto: or https: contact the push services may use to reach the operator. */
  subject: string;
}

/** VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY, VAPID_SUBJECT from the environment (config.ts); each may be absent. */
export interface VapidSettings {
  publicKey?: string | undefined;
  privateKey?: string | undefined;
  subject?: string | undefined;
}

export const DEFAULT_VAPID_SUBJECT = 'mailto:no-reply@vitrine.invalid';

const STORED_KEY_NAME = 'vapid';

/**
 * The key pair the server signs pushes with: the environment's when it gives both keys; otherwise the one stored in
 * the database, generated on the first start. Every instance on the database signs with the same pair, and it stays
 * the same across restarts, so the devices' subscriptions (made for that public key) keep working.
 */
export async function loadVapidKeys(
  store: SyncStore,
  settings: VapidSettings,
  at: Date,
): Promise<VapidKeys & { source: 'environment' | 'database' }> {
  const subject = settings.subject || DEFAULT_VAPID_SUBJECT;
  if (!/^(mailto:|https:\/\/)/.test(subject)) throw new Error(`VAPID_SUBJECT must be a mailto: or https: URL, got "${subject}"`);
  if (settings.publicKey || settings.privateKey) {
    if (!settings.publicKey || !settings.privateKey)
      throw new Error('set VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY together, or neither (a pair is then kept in the database)');
    assertKeyPair(settings.publicKey, settings.privateKey);
    return { publicKey: settings.publicKey, privateKey: settings.privateKey, subject, source: 'environment' };
  }
  const stored = await readStoredPair(store);
  if (stored) return { ...stored, subject, source: 'database' };
  const fresh = webpush.generateVAPIDKeys();
  // Two instances starting together may both generate: the first insert wins and both use what was stored.
  await store.transaction((tx) =>
    execute(tx.sql, 'INSERT INTO server_keys (name, value, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING', [
      STORED_KEY_NAME,
      JSON.stringify(fresh),
      at.toISOString(),
    ]),
  );
  const winner = await readStoredPair(store);
  if (!winner) throw new Error('the VAPID key pair was not stored');
  return { ...winner, subject, source: 'database' };
}

async function readStoredPair(store: SyncStore): Promise<{ publicKey: string; privateKey: string } | undefined> {
  const [row] = await queryRows<{ value: string }>(store.sql, 'SELECT value FROM server_keys WHERE name = ?', [STORED_KEY_NAME]);
  return row ? (JSON.parse(row.value) as { publicKey: string; privateKey: string }) : undefined;
}

function assertKeyPair(publicKey: string, privateKey: string): void {
  const pub = Buffer.from(publicKey, 'base64url');
  if (pub.length !== 65 || pub[0] !== 0x04) throw new Error('VAPID_PUBLIC_KEY must be an uncompressed P-256 public key in base64url (65 bytes)');
  if (Buffer.from(privateKey, 'base64url').length !== 32) throw new Error('VAPID_PRIVATE_KEY must be a P-256 private key in base64url (32 bytes)');
}
