import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { serve } from '@hono/node-server';
import { systemClock, type Clock } from '../src/domain/index.js';
import { createApp } from './app.js';
import { DEFAULT_POLICY_ENV, type FactKindRegistration } from './facts/kinds.js';
import { clientIpOf, type RateLimits } from './http/rate-limit.js';
import { createLifecycle } from './http/lifecycle.js';
import { mintEnrollmentCode } from './auth/enrollment.js';
import { DEFAULT_MAIL_FROM, readConfig } from './config.js';
import { seedDemoData, DEMO_STORES, DEMO_STORE_CITIES } from './demo/seed.js';
import { publishUnpublishedStores } from './catalog/stores.js';
import { DEMO_STAFF, seedDemoStaff } from './demo/staff.js';
import { DEMO_INTEGRATION_NAME, demoIntegrationKey, seedDemoOrders } from './demo/orders.js';
import { seedDemoCustomers } from './demo/customers.js';
import { createChangeFeed, type ChangeFeed } from './feed/change-feed.js';
import { consoleLogger, createJsonLogger, type Logger } from './logger.js';
import { createMailTransport } from './mail/transport.js';
import { outboxCounts } from './outbox/inspect.js';
import { OUTBOX_CHANGE } from './outbox/enqueue.js';
import { startDeliveryWorker, type DeliveryWorkerDeps } from './outbox/worker.js';
import { openStore } from './store/open-store.js';
import { startPickupExpiry, type PickupExpiry } from './pickup/expiry.js';
import { startHoldExpiry, type HoldExpiry } from './transfers/expiry.js';
import { createPushSender } from './push/sender.js';
import { loadVapidKeys, type VapidSettings } from './push/vapid.js';
import type { SyncStore } from './store/store.js';
import { ensureServerProofKey } from './proof/server-keys.js';

export interface StartOptions {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  dataDir: string;
  /** postgres://… → PostgreSQL; unset → SQLite in dataDir. */
  databaseUrl?: string | undefined;
  /** PostgreSQL only: use (and create) this schema, and this many pooled connections (tests). */
  databaseSchema?: string | undefined;
  databasePoolSize?: number | undefined;
  /** Built PWA; omitted → API only. */
  staticDir?: string;
  /** Demo products seeded into an empty database. */
  catalogSize?: number;
  clock?: Clock;
  logger?: Logger;
  heartbeatMs?: number;
  /** How often open SSE streams check for a revoked device (default 2 s). */
  revocationCheckMs?: number;
  /** Behind a reverse proxy: rate limits count by the last X-Forwarded-For address instead of the socket's. */
  trustProxy?: boolean;
  /** Fact kinds applied beside the domain's own (tests). */
  factKinds?: readonly FactKindRegistration[];
  /** Outgoing mail: an SMTP server, else .eml files in mailDir (default <dataDir>/mail). */
  smtpUrl?: string | undefined;
  mailFrom?: string;
  mailDir?: string;
  /** Where customers reach this server (PUBLIC_URL): links in pickup mail. Default http://localhost:8080. */
  publicUrl?: string;
  /** How often the uncollected-pickup job looks (default a minute). */
  pickupExpiryMs?: number;
  /**
   * The outbox delivery worker's timing, clock, jitter and fetch (tests). It runs on real time by default, not on
   * `clock`: retries and leases are operations, and a test's fixed business clock must not freeze them.
   */
  delivery?: Pick<DeliveryWorkerDeps, 'timing' | 'clock' | 'random' | 'fetch'>;
  /** VAPID keys and subject from the environment; keys absent → the pair kept in the database (push/vapid.ts). */
  vapid?: VapidSettings;
  /** Overrides of the default rate limits (tests). */
  rateLimits?: Partial<RateLimits>;
}

export interface RunningServer {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:8080 */
  url: string;
  port: number;
  store: SyncStore;
  /** Tells SSE subscribers about commits; exposed so tests can count subscribers. */
  changeFeed: ChangeFeed;
  /** The uncollected-pickup job (expiry and reminders), on `clock`. */
  pickupExpiry: PickupExpiry;
  /** Ends holds between stores at their time (transfers/expiry.ts), on `clock`. */
  holdExpiry: HoldExpiry;
  /** Stops at once: cuts every connection (tests). */
  close(): Promise<void>;
  /** Cuts every open connection, streams included, and goes on listening: what a dropped network does (tests). */
  cutConnections(): void;
  /**
   * Graceful stop (SIGTERM): stop accepting connections, answer 503 to new requests on open ones, end SSE streams,
   * let in-flight requests (pushes) finish and their responses go out, then close the store. After `timeoutMs` the
   * remaining connections are cut. Answers true when everything finished in time.
   */
  shutdown(timeoutMs?: number): Promise<boolean>;
}

export const SHUTDOWN_TIMEOUT_MS_DEFAULT = 10_000;

/** Opens the database, seeds it on first run, and listens. Used by `npm run serve` and by tests. */
export async function startServer(options: StartOptions): Promise<RunningServer> {
  const { port = 8080, host = '0.0.0.0', dataDir, staticDir, catalogSize = 3_000, clock = systemClock, logger = consoleLogger } = options;
  const store = await openStore({ databaseUrl: options.databaseUrl, dataDir, schema: options.databaseSchema, poolSize: options.databasePoolSize });
  const seeded = await seedDemoData(store, { catalogSize, clock });
  if (seeded.seeded) logger.info('seeded demo data', { ...seeded });
  const published = await publishUnpublishedStores(store, { at: clock().toISOString() });
  if (published > 0) logger.info('published stores to the stores collection', { stores: published });
  const staffSeeded = await seedDemoStaff(store);
  if (staffSeeded > 0) logger.info('seeded demo staff', { staff: staffSeeded });
  const changeFeed = createChangeFeed();
  // Several instances on one PostgreSQL: one LISTEN connection per process feeds other instances' commits in.
  const stopListening = await store.listenForChanges?.((changes) => changeFeed.notify(changes));
  const lifecycle = createLifecycle();
  const mail = createMailTransport({
    smtpUrl: options.smtpUrl,
    mailFrom: options.mailFrom ?? DEFAULT_MAIL_FROM,
    mailDir: options.mailDir ?? join(dataDir, 'mail'),
    logger,
  });
  // The key that signs online orders' proofs of purchase, made at the first start (sync-server/proof/server-keys.ts).
  await ensureServerProofKey(store, { clock });
  const vapid = await loadVapidKeys(store, options.vapid ?? {}, clock());
  const push = createPushSender({
    store,
    vapid,
    logger,
    clock: options.delivery?.clock ?? systemClock,
    ...(options.delivery?.fetch ? { fetch: options.delivery.fetch } : {}),
  });
  const deliveries = startDeliveryWorker({ store, mail, push, logger, ...options.delivery });
  // An event, a mail or an arrival push committed in this process goes out at once rather than at the next poll.
  const stopWaking = store.onCommitted((changes) => {
    if (changes.some((c) => c.collection === OUTBOX_CHANGE.collection)) deliveries.wake();
  });
  const publicUrl = options.publicUrl ?? DEFAULT_POLICY_ENV.publicUrl;
  const pickupExpiry = startPickupExpiry({ store, publicUrl, logger, clock, intervalMs: options.pickupExpiryMs });
  const holdExpiry = startHoldExpiry({ store, logger, clock, intervalMs: options.pickupExpiryMs });
  // Background jobs stop before the store closes: the expiry job first (it writes to the outbox), then delivery.
  const stopDeliveries = async () => {
    await pickupExpiry.stop();
    await holdExpiry.stop();
    stopWaking();
    await deliveries.stop();
    mail.close();
  };
  const app = createApp({
    store,
    clock,
    logger,
    changeFeed,
    staticDir,
    heartbeatMs: options.heartbeatMs,
    lifecycle,
    revocationCheckMs: options.revocationCheckMs,
    clientIp: clientIpOf(options.trustProxy ?? false),
    factKinds: options.factKinds,
    outbox: { mailTransport: mail.kind, counts: () => outboxCounts(store) },
    publicUrl,
    vapidPublicKey: vapid.publicKey,
    rateLimits: options.rateLimits,
  });

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
    pickupExpiry,
    holdExpiry,
    cutConnections: () => server.closeAllConnections(),
    async close() {
      // SSE streams never end by themselves; cut them so close() resolves.
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await stopDeliveries();
      await stopListening?.();
      await store.close();
    },
    async shutdown(timeoutMs = SHUTDOWN_TIMEOUT_MS_DEFAULT) {
      const deadline = Date.now() + timeoutMs;
      const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
      const drained = await lifecycle.drain(timeoutMs);
      // Handlers are done; their responses may still be on the wire. Close each connection as it goes idle.
      let socketsClosed = false;
      void serverClosed.then(() => (socketsClosed = true));
      while (!socketsClosed && Date.now() < deadline) {
        server.closeIdleConnections();
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const clean = drained && socketsClosed;
      if (!clean) logger.warn('shutdown timed out; cutting connections', { inFlight: lifecycle.inFlight(), timeoutMs });
      server.closeAllConnections();
      await serverClosed;
      await stopDeliveries();
      await stopListening?.();
      await store.close();
      return clean;
    },
  };
}

async function main(): Promise<void> {
  const config = readConfig();
  const logger = createJsonLogger({ level: config.logLevel });
  const running = await startServer({ ...config, logger });
  const { code, expiresAt } = await mintEnrollmentCode(running.store, DEMO_STORES[0]!.id, { clock: systemClock });
  const demoCustomers = await seedDemoCustomers(running.store, { clock: systemClock });
  if (demoCustomers.customers > 0) logger.info('seeded demo customers', demoCustomers);
  const demoOrders = await seedDemoOrders(running.store, { clock: systemClock });
  if (demoOrders > 0) logger.info('seeded demo orders', { orders: demoOrders });
  const demoKey = await demoIntegrationKey(running.store);
  const s1 = DEMO_STORES[0]!;
  console.log(
    [
      '',
      `Vitrine sync server listening on http://localhost:${running.port}  (bound to ${config.host}, data in ${config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : config.dataDir})`,
      `Demo enrollment code for ${s1.id} "${s1.name}" (${DEMO_STORE_CITIES[s1.id]}): ${code}  (valid until ${expiresAt})`,
      `More codes: npm run enroll-code -- <S1|S2|S3> [--hours N]`,
      ...(demoKey
        ? [
            `Demo integration key ("${DEMO_INTEGRATION_NAME}", every scope; a new one at each start): ${demoKey}`,
            `Post live orders: npm run simulate-orders -- --url http://localhost:${running.port} --key ${demoKey} --store S1 --every 30s`,
          ]
        : []),
      `Demo staff in every store (staff number / PIN): ${DEMO_STAFF.filter((m) => m.active)
        .map((m) => `${m.staffNumber} ${m.role} ${m.pin}`)
        .join(' · ')}`,
      '',
    ].join('\n'),
  );
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) process.exit(1); // a second signal: stop now
    stopping = true;
    logger.info('shutting down', { signal, timeoutMs: config.shutdownTimeoutMs });
    // Last resort if closing the store itself hangs.
    setTimeout(() => process.exit(1), config.shutdownTimeoutMs + 5_000).unref();
    void running.shutdown(config.shutdownTimeoutMs).then(
      (clean) => {
        logger.info('stopped', { clean });
        process.exit(0);
      },
      (error: unknown) => {
        logger.error('shutdown failed', { error: String(error) });
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
