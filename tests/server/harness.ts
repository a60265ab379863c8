import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock, type Clock, type EnrollResponse, type Product } from '../../src/domain/index.js';
import { mintEnrollmentCode } from '../../sync-server/auth/enrollment.js';
import { generateCatalog } from '../../sync-server/demo/catalog.js';
import { silentLogger, type Logger } from '../../sync-server/logger.js';
import { startServer } from '../../sync-server/main.js';
import type { SyncStore } from '../../sync-server/store/store.js';

/**
 * A real sync server for tests: real HTTP on a free port of 127.0.0.1, a real SQLite file in a fresh temp dir,
 * seeded with the demo stores S1, S2, S3 and a small demo catalog.
 *
 *   const server = await startTestServer({ catalogSize: 40 });
 *   const token = await server.enroll('S1');            // a device of S1, via POST /api/devices/enroll
 *   await fetch(`${server.url}/sync/stock/0/pull`, { headers: { Authorization: `Bearer ${token}` } });
 *   await server.close();                                // stops the server and deletes the temp dir
 */
export interface TestServerOptions {
  /** Demo products seeded (default 40). */
  catalogSize?: number;
  /** Server clock (outcome `decidedAt`, level `updatedAt`, code expiry). Default: system clock. */
  clock?: Clock;
  /** SSE heartbeat interval (default 15 s). */
  heartbeatMs?: number;
  /** Default: silent. */
  logger?: Logger;
  /** Serve a built PWA from this folder (for browser tests). */
  staticDir?: string;
  /** Reuse this data dir instead of a fresh temp dir (it is then not deleted on close). */
  dataDir?: string;
}

export interface TestServer {
  /** e.g. http://127.0.0.1:41234 (no trailing slash) */
  url: string;
  dataDir: string;
  /** The server's store: read documents, levels and movements to check what was really written. */
  store: SyncStore;
  /** Open pull-stream subscriptions, for all collections or one. */
  subscriberCount(collection?: string): number;
  /** The seeded catalog, in seq order (same as generateCatalog(catalogSize)). */
  products: Product[];
  /** A one-time code for a store; `hours` (default 24) counted from `now` (default the server clock). */
  mintEnrollmentCode(storeId: string, options?: { hours?: number; now?: Date }): Promise<string>;
  /** Enrolls a new device of the store over HTTP; answers its bearer token. */
  enroll(storeId: string, name?: string): Promise<string>;
  /** Same, answering the whole enrollment response (token, deviceId, storeId, store). */
  enrollDevice(storeId: string, name?: string): Promise<EnrollResponse>;
  close(): Promise<void>;
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const catalogSize = options.catalogSize ?? 40;
  const clock = options.clock ?? systemClock;
  const ownDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'vitrine-test-'));
  const running = await startServer({
    port: 0,
    host: '127.0.0.1',
    dataDir,
    staticDir: options.staticDir,
    catalogSize,
    clock,
    logger: options.logger ?? silentLogger,
    heartbeatMs: options.heartbeatMs,
  });
  let devices = 0;

  const mint: TestServer['mintEnrollmentCode'] = async (storeId, { hours, now } = {}) =>
    (await mintEnrollmentCode(running.store, storeId, { clock: now ? () => now : clock, hours })).code;

  const enrollDevice: TestServer['enrollDevice'] = async (storeId, name = `Test till ${++devices}`) => {
    const code = await mint(storeId);
    const res = await fetch(`${running.url}/api/devices/enroll`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ code, name }),
    });
    if (!res.ok) throw new Error(`enrollment failed: ${res.status} ${await res.text()}`);
    return (await res.json()) as EnrollResponse;
  };

  return {
    url: running.url,
    dataDir,
    store: running.store,
    subscriberCount: (collection) => running.changeFeed.subscriberCount(collection),
    products: generateCatalog(catalogSize),
    mintEnrollmentCode: mint,
    enrollDevice,
    enroll: async (storeId, name) => (await enrollDevice(storeId, name)).token,
    async close() {
      await running.close();
      if (ownDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
