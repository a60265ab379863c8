import { DEMO_CATALOG_MAX } from './demo/catalog.js';

/** Server settings from the environment, with defaults that run the demo from a fresh checkout. */
export interface ServerConfig {
  port: number;
  host: string;
  dataDir: string;
  staticDir: string;
  catalogSize: number;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  return {
    port: intSetting(env, 'PORT', 8080, 0, 65_535),
    host: env.HOST || '0.0.0.0',
    dataDir: env.DATA_DIR || './data',
    staticDir: env.STATIC_DIR || './dist',
    catalogSize: intSetting(env, 'DEMO_CATALOG_SIZE', 3_000, 0, DEMO_CATALOG_MAX),
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
