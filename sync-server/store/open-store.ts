import { openPostgresStore } from './postgres.js';
import { openSqliteStore } from './sqlite.js';
import type { SyncStore } from './store.js';
import type { CollectionRegistry } from './write-index.js';

export interface OpenStoreOptions {
  /** postgres://… selects PostgreSQL; unset or '' → SQLite in `dataDir`. */
  databaseUrl?: string | undefined;
  dataDir: string;
  /** PostgreSQL only: a schema of its own (tests), and the pool size. */
  schema?: string | undefined;
  poolSize?: number | undefined;
  /** The registry audiences and lookup keys come from; the app's collections by default (tests add their own). */
  registry?: CollectionRegistry | undefined;
}

/** The one place the backend is chosen; `main.ts` and the `enroll-code` CLI both open their store here. */
export async function openStore({ databaseUrl, dataDir, schema, poolSize, registry }: OpenStoreOptions): Promise<SyncStore> {
  if (!databaseUrl) return openSqliteStore(dataDir, { registry });
  if (!/^postgres(ql)?:\/\//.test(databaseUrl)) throw new Error('DATABASE_URL must start with postgres:// or postgresql://');
  return openPostgresStore({ connectionString: databaseUrl, schema, poolSize, registry });
}
