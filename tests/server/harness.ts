import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { systemClock, type Clock, type EnrollResponse, type Product } from '../../src/domain/index.js';
import { mintEnrollmentCode } from '../../sync-server/auth/enrollment.js';
import { generateCatalog } from '../../sync-server/demo/catalog.js';
import type { FactKindRegistration } from '../../sync-server/facts/kinds.js';
import { silentLogger, type Logger } from '../../sync-server/logger.js';
import { startServer, type StartOptions } from '../../sync-server/main.js';
import type { SyncStore } from '../../sync-server/store/store.js';

/**
 * A real sync server for tests: real HTTP on a free port of 127.0.0.1, a real SQLite file in a fresh temp dir (or,
 * under the `server-pg` project, a fresh schema of DATABASE_URL's PostgreSQL, dropped on close), seeded with the demo
 * stores S1, S2, S3 and a small demo catalog.
 *
 *   const server = await startTestServer({ catalogSize: 40 });
 *   const token = await server.enroll('S1');            // a device of S1, via POST /api/devices/enroll
 *   await fetch(`${server.url}/sync/stock/0/pull`, { headers: { Authorization: `Bearer ${token}` } });
 *   await server.close();                                // stops the server and deletes the temp dir
 */
/**
 * The backend of test servers: PostgreSQL when the vitest project asks for it (`server-pg` sets
 * VITRINE_TEST_BACKEND=postgres) — DATABASE_URL then names the database —, SQLite otherwise.
 */
export const testBackend: 'sqlite' | 'postgres' = process.env.VITRINE_TEST_BACKEND === 'postgres' ? 'postgres' : 'sqlite';

function testDatabaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('VITRINE_TEST_BACKEND=postgres needs DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/postgres)');
  return url;
}

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
  /** A second instance on the same database as this server (its data dir, or its PostgreSQL schema); not dropped on close. */
  shareDatabaseWith?: TestServer;
  /** Fact kinds the server applies beside the domain's own (a throw-away kind). */
  factKinds?: readonly FactKindRegistration[];
  /** The outbox delivery worker's timing (short backoffs), clock, jitter and fetch. */
  delivery?: StartOptions['delivery'];
  /** Rate limits other than the defaults (small ones, to reach 429 in a few requests). */
  rateLimits?: StartOptions['rateLimits'];
}

export interface TestServer {
  /** e.g. http://127.0.0.1:41234 (no trailing slash) */
  url: string;
  dataDir: string;
  backend: 'sqlite' | 'postgres';
  /** PostgreSQL: the schema of this server's database, and a DATABASE_URL that reaches it (for the CLI). */
  databaseSchema: string | undefined;
  databaseUrl: string | undefined;
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
  /**
   * Cuts every open connection (streams included) and goes on listening, as a dropped network would; resolves once the
   * server has let go of every stream subscription (throws after `withinMs`, default 10 s). A browser's offline
   * emulation only fails new requests: a stream opened before it would go on delivering.
   */
  cutConnections(withinMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const catalogSize = options.catalogSize ?? 40;
  const clock = options.clock ?? systemClock;
  const shared = options.shareDatabaseWith;
  const given = options.dataDir ?? shared?.dataDir;
  const ownDir = given === undefined;
  const dataDir = given ?? mkdtempSync(join(tmpdir(), 'vitrine-test-'));
  const database = testDatabase(shared?.databaseSchema);
  const { databaseUrl, databaseSchema } = database;
  const running = await startServer({
    port: 0,
    host: '127.0.0.1',
    dataDir,
    databaseUrl,
    databaseSchema,
    databasePoolSize: 4,
    staticDir: options.staticDir,
    catalogSize,
    clock,
    logger: options.logger ?? silentLogger,
    heartbeatMs: options.heartbeatMs,
    factKinds: options.factKinds,
    delivery: options.delivery,
    rateLimits: options.rateLimits,
  });
  let devices = 0;

  const mint: TestServer['mintEnrollmentCode'] = async (storeId, { hours, now } = {}) =>
    (await mintEnrollmentCode(running.store, storeId, { clock: now ? () => now : clock, hours })).code;

  const enrollDevice: TestServer['enrollDevice'] = async (storeId, name = `Test till ${++devices}`) =>
    enrollOverHttp(running.url, await mint(storeId), name);

  return {
    url: running.url,
    dataDir,
    backend: testBackend,
    databaseSchema,
    databaseUrl: database.cliDatabaseUrl,
    store: running.store,
    subscriberCount: (collection) => running.changeFeed.subscriberCount(collection),
    products: generateCatalog(catalogSize),
    mintEnrollmentCode: mint,
    enrollDevice,
    enroll: async (storeId, name) => (await enrollDevice(storeId, name)).token,
    async cutConnections(withinMs = 10_000) {
      running.cutConnections();
      const deadline = Date.now() + withinMs;
      while (running.changeFeed.subscriberCount() > 0) {
        if (Date.now() > deadline) throw new Error(`sync streams still subscribed ${withinMs} ms after their connections were cut`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    async close() {
      await running.close();
      if (ownDir) rmSync(dataDir, { recursive: true, force: true });
      if (!shared) await database.drop(); // a second instance leaves the schema to the first
    },
  };
}

/**
 * The database of a test server: under the `server-pg` project a schema of DATABASE_URL's PostgreSQL (fresh, or
 * another server's to share it); on SQLite nothing (the server's data dir holds the file).
 */
export function testDatabase(shareSchema?: string) {
  const databaseUrl = testBackend === 'postgres' ? testDatabaseUrl() : undefined;
  const databaseSchema = databaseUrl ? (shareSchema ?? `vitrine_test_${randomBytes(6).toString('hex')}`) : undefined;
  return {
    databaseUrl,
    databaseSchema,
    /** A DATABASE_URL that reaches this schema, for an operator command in another process. */
    cliDatabaseUrl: databaseUrl && withSearchPath(databaseUrl, databaseSchema!),
    drop: async () => {
      if (databaseUrl) await dropSchema(databaseUrl, databaseSchema!);
    },
  };
}

/** Trades a one-time code for a device over POST /api/devices/enroll, as a tablet does. */
export async function enrollOverHttp(url: string, code: string, name: string): Promise<EnrollResponse> {
  const res = await fetch(`${url}/api/devices/enroll`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ code, name }),
  });
  if (!res.ok) throw new Error(`enrollment failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as EnrollResponse;
}

function withSearchPath(databaseUrl: string, schema: string): string {
  const url = new URL(databaseUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}

async function dropSchema(databaseUrl: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}
