import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { serve } from '@hono/node-server';
import { systemClock, type Clock } from '../src/domain/index.js';
import { createApp } from './app.js';
import { mintEnrollmentCode } from './auth/enrollment.js';
import { readConfig } from './config.js';
import { seedDemoData, DEMO_STORES, DEMO_STORE_CITIES } from './demo/seed.js';
import { createChangeFeed, type ChangeFeed } from './feed/change-feed.js';
import { consoleLogger, type Logger } from './logger.js';
import { openSqliteStore } from './store/sqlite.js';
import type { SyncStore } from './store/store.js';

export interface StartOptions {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  dataDir: string;
  /** Built PWA; omitted → API only. */
  staticDir?: string;
  /** Demo products seeded into an empty database. */
  catalogSize?: number;
  clock?: Clock;
  logger?: Logger;
  heartbeatMs?: number;
}

export interface RunningServer {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:8080 */
  url: string;
  port: number;
  store: SyncStore;
  /** Tells SSE subscribers about commits; exposed so tests can count subscribers. */
  changeFeed: ChangeFeed;
  close(): Promise<void>;
}

/** Opens the database, seeds it on first run, and listens. Used by `npm run serve` and by tests. */
export async function startServer(options: StartOptions): Promise<RunningServer> {
  const { port = 8080, host = '0.0.0.0', dataDir, staticDir, catalogSize = 3_000, clock = systemClock, logger = consoleLogger } = options;
  const store = openSqliteStore(dataDir);
  const seeded = await seedDemoData(store, { catalogSize, clock });
  if (seeded.seeded) logger.info('seeded demo data', { ...seeded });
  const changeFeed = createChangeFeed();
  const app = createApp({ store, clock, logger, changeFeed, staticDir, heartbeatMs: options.heartbeatMs });

  const server = await new Promise<Server>((resolve) => {
    const s = serve({ fetch: app.fetch, port, hostname: host }, () => resolve(s as Server));
  });
  const actualPort = (server.address() as AddressInfo).port;
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return {
    url: `http://${urlHost}:${actualPort}`,
    port: actualPort,
    store,
    changeFeed,
    async close() {
      // SSE streams never end by themselves; cut them so close() resolves.
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
    },
  };
}

async function main(): Promise<void> {
  const config = readConfig();
  const running = await startServer(config);
  const { code, expiresAt } = await mintEnrollmentCode(running.store, DEMO_STORES[0]!.id, { clock: systemClock });
  const s1 = DEMO_STORES[0]!;
  console.log(
    [
      '',
      `Vitrine sync server listening on http://localhost:${running.port}  (bound to ${config.host}, data in ${config.dataDir})`,
      `Demo enrollment code for ${s1.id} "${s1.name}" (${DEMO_STORE_CITIES[s1.id]}): ${code}  (valid until ${expiresAt})`,
      `More codes: npm run enroll-code -- <S1|S2|S3> [--hours N]`,
      '',
    ].join('\n'),
  );
  const shutdown = () => {
    void running.close().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
