import { DomainError } from '../../src/domain/index.js';
import { readConfig } from '../config.js';
import { openStore } from '../store/open-store.js';
import type { SyncStore } from '../store/store.js';

/**
 * Runs an operator command against the server's database (DATABASE_URL's PostgreSQL, else SQLite under DATA_DIR),
 * answering the process exit code: a DomainError prints as a one-line reason, and the store is always closed.
 */
export async function withStore(work: (store: SyncStore) => Promise<void>): Promise<number> {
  const { dataDir, databaseUrl } = readConfig();
  const store = await openStore({ databaseUrl, dataDir, poolSize: 1 });
  try {
    await work(store);
    return 0;
  } catch (error) {
    console.error(error instanceof DomainError ? `error: ${error.message}` : error);
    return 1;
  } finally {
    await store.close();
  }
}
