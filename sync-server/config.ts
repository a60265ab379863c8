import { join } from 'node:path';
import { DEMO_CATALOG_MAX } from './demo/catalog.js';
import { LOG_LEVELS, type LogLevel } from './logger.js';
import type { VapidSettings } from './push/vapid.js';

/** Server settings from the environment, with defaults that run the demo from a fresh checkout. */
export interface ServerConfig {
  port: number;
  host: string;
  dataDir: string;
  staticDir: string;
  catalogSize: number;
  /** postgres://… → PostgreSQL (several instances may share it); unset → SQLite in dataDir. */
  databaseUrl: string | undefined;
  /** debug | info | warn | error | silent */
  logLevel: LogLevel;
  /** Graceful shutdown budget on SIGTERM/SIGINT before connections are cut. */
  shutdownTimeoutMs: number;
  /** Behind a reverse proxy: take the client address from X-Forwarded-For (rate limits). */
  trustProxy: boolean;
  /** Outgoing mail: SMTP_URL (smtp://user:pass@host:587, smtps://…); unset → .eml files in mailDir. */
  smtpUrl: string | undefined;
  /** MAIL_FROM, e.g. "Vitrine <no-reply@example.com>". */
  mailFrom: string;
  /** MAIL_DIR, where mail goes without SMTP_URL; default <DATA_DIR>/mail. */
  mailDir: string;
  /** PUBLIC_URL: where customers reach this server (links in pickup mail); default http://localhost:8080. */
  publicUrl: string;
  /** VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY (base64url; both or neither: a pair is then kept in the database), VAPID_SUBJECT. */
  vapid: VapidSettings;
}

export const DEFAULT_MAIL_FROM = 'Vitrine <no-reply@vitrine.invalid>';

export function readConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const dataDir = env.DATA_DIR || './data';
  return {
    port: intSetting(env, 'PORT', 8080, 0, 65_535),
    host: env.HOST || '0.0.0.0',
    dataDir,
    staticDir: env.STATIC_DIR || './dist',
    catalogSize: intSetting(env, 'DEMO_CATALOG_SIZE', 3_000, 0, DEMO_CATALOG_MAX),
    databaseUrl: env.DATABASE_URL || undefined,
    logLevel: enumSetting(env, 'LOG_LEVEL', 'info', LOG_LEVELS),
    shutdownTimeoutMs: intSetting(env, 'SHUTDOWN_TIMEOUT_MS', 10_000, 0, 600_000),
    trustProxy: ['true', '1'].includes(enumSetting(env, 'TRUST_PROXY', 'false', ['true', 'false', '1', '0'])),
    smtpUrl: env.SMTP_URL || undefined,
    mailFrom: env.MAIL_FROM || DEFAULT_MAIL_FROM,
    mailDir: env.MAIL_DIR || join(dataDir, 'mail'),
    publicUrl: env.PUBLIC_URL || 'http://localhost:8080',
    vapid: { publicKey: env.VAPID_PUBLIC_KEY || undefined, privateKey: env.VAPID_PRIVATE_KEY || undefined, subject: env.VAPID_SUBJECT || undefined },
  };
}

function intSetting(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function enumSetting<T extends string>(env: NodeJS.ProcessEnv, name: string, fallback: T, allowed: readonly T[]): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) throw new Error(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
  return raw as T;
}
