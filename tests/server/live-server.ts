import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock, type EnrollResponse, type Product } from '../../src/domain/index.js';
import { mintEnrollmentCode } from '../../sync-server/auth/enrollment.js';
import { generateCatalog } from '../../sync-server/demo/catalog.js';
import { silentLogger } from '../../sync-server/logger.js';
import { startServer, type RunningServer, type StartOptions } from '../../sync-server/main.js';
import { openStore } from '../../sync-server/store/open-store.js';
import type { SyncStore } from '../../sync-server/store/store.js';
import { enrollOverHttp, testDatabase } from './harness.js';

/**
 * A real server on the test backend (SQLite in a temp dir, or a fresh schema of DATABASE_URL's PostgreSQL under the
 * `server-pg` project), started with `startServer` itself (not the harness) so tests of the process's operation
 * (graceful shutdown, revocation) reach `shutdown()` and its options.
 */
export async function startLiveServer(options: Partial<StartOptions> = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'vitrine-live-'));
  const catalogSize = options.catalogSize ?? 10;
  const database = testDatabase();
  const { databaseUrl, databaseSchema } = database;
  const running: RunningServer = await startServer({
    port: 0,
    host: '127.0.0.1',
    dataDir,
    databaseUrl,
    databaseSchema,
    databasePoolSize: 4,
    catalogSize,
    logger: silentLogger,
    ...options,
  });
  let stopped = false;
  const enroll = async (storeId: string, name = 'Till'): Promise<EnrollResponse> =>
    enrollOverHttp(running.url, (await mintEnrollmentCode(running.store, storeId, { clock: systemClock })).code, name);
  return {
    running,
    dataDir,
    /** The environment of an operator command (`npm run …`) run against this server's database. */
    cliEnv: {
      ...process.env,
      DATA_DIR: dataDir,
      DATABASE_URL: database.cliDatabaseUrl ?? '',
    },
    /** Opens the server's database afresh (after shutdown closed the server's own store). */
    reopenStore: (): Promise<SyncStore> => openStore({ databaseUrl, dataDir, schema: databaseSchema, poolSize: 1 }),
    products: generateCatalog(catalogSize) as Product[],
    enroll,
    async shutdown(timeoutMs?: number) {
      stopped = true;
      return running.shutdown(timeoutMs);
    },
    async dispose() {
      if (!stopped) await running.close();
      rmSync(dataDir, { recursive: true, force: true });
      await database.drop();
    },
  };
}

/** Opens a pull-stream; `ended` resolves 'end' when the server ends it cleanly, 'error' when the connection breaks. */
export async function openStream(url: string, collection: string, token: string) {
  const abort = new AbortController();
  const res = await fetch(`${url}/sync/${collection}/0/pull-stream`, { headers: { Authorization: `Bearer ${token}` }, signal: abort.signal });
  if (res.status !== 200) throw new Error(`pull-stream: ${res.status}`);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const first = await reader.read();
  text += decoder.decode(first.value);
  const ended = (async (): Promise<'end' | 'error'> => {
    try {
      for (let r = await reader.read(); !r.done; r = await reader.read()) text += decoder.decode(r.value, { stream: true });
      return 'end';
    } catch {
      return 'error';
    }
  })();
  return { ended, text: () => text, close: () => abort.abort() };
}

export const within = <T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> =>
  Promise.race([promise, new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), ms))]);
