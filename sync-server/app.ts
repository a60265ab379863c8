import { Hono, type Context } from 'hono';
import { cors } from 'hono/cors';
import { z } from 'zod';
import { DomainError, ErrorCode, newId as uuidv7, systemClock, type Clock, type IdGenerator } from '../src/domain/index.js';
import { requireDevice } from './auth/device-auth.js';
import { DEFAULT_POLICY_ENV, type FactKindRegistration } from './facts/kinds.js';
import { createRevocationWatch, type RevocationWatch } from './auth/revocation-watch.js';
import { createChangeFeed, type ChangeFeed } from './feed/change-feed.js';
import { errorBody, statusOf } from './http/errors.js';
import { createLifecycle, trackRequests, type Lifecycle } from './http/lifecycle.js';
import { buildOpenApiDocument } from './http/openapi.js';
import { defineRoute, ok } from './http/route.js';
import {
  clientIpOf,
  createFailureLockout,
  RateLimitedError,
  createRateLimiter,
  DEFAULT_RATE_LIMITS,
  type FailureLockout,
  type RateLimiter,
  type RateLimits,
} from './http/rate-limit.js';
import { requestLog } from './http/request-log.js';
import { securityHeaders } from './http/security.js';
import { consoleLogger, type Logger } from './logger.js';
import type { OutboxStatus } from './outbox/inspect.js';
import { staffRoutes } from './routes/staff.js';
import { catalogRoutes } from './catalog/routes.js';
import { promotionRoutes } from './catalog/promotion-routes.js';
import { orderLookupRoutes } from './orders/lookup-route.js';
import { saleLookupRoutes } from './returns/sale-lookup-route.js';
import { customerLookupRoutes } from './customers/lookup-route.js';
import { customerPurchasesRoutes } from './customers/purchases-route.js';
import { customerPrivacyRoutes } from './customers/privacy-routes.js';
import { tombstoneTracking } from './customers/tombstones.js';
import { stockLookupRoutes } from './stock-lookup/routes.js';
import { creditRoutes } from './credits/routes.js';
import { orderRoutes } from './orders/routes.js';
import { deviceRoutes } from './routes/devices.js';
import { proofRoutes } from './proof/routes.js';
import { pushRoutes } from './push/routes.js';
import { notFoundPage, pickupPageRoutes } from './pickup/customer-page/routes.js';
import { demoImageRoutes } from './demo/images.js';
import { opsRoutes } from './routes/ops.js';
import { receiptNotFoundPage, receiptPageRoutes } from './receipts/routes.js';
import { staticRoutes } from './routes/static.js';
import { syncRoutes } from './routes/sync.js';
import { snapshotRoutes } from './routes/snapshot.js';
import type { SyncStore } from './store/store.js';

/** Everything the HTTP layer needs, injected so tests run the app in process with their own clock and ids. */
export interface AppDeps {
  store: SyncStore;
  clock?: Clock;
  newId?: IdGenerator;
  changeFeed?: ChangeFeed;
  logger?: Logger;
  /** Built PWA to serve (with SPA fallback); omitted → API only. */
  staticDir?: string;
  /** Interval of SSE heartbeat comments; 15 s by default. */
  heartbeatMs?: number;
  /** In-flight requests and streams, for graceful shutdown; main.ts drains it on SIGTERM. */
  lifecycle?: Lifecycle;
  /** Request ids for requests that bring none (or a malformed one) in X-Request-Id; crypto.randomUUID by default. */
  requestId?: () => string;
  /** How often open SSE streams check that their device was not revoked; 2 s by default. */
  revocationCheckMs?: number;
  /** Overrides of the default rate limits (10 enrollments per minute per IP, 5 per code, 5 PIN checks per device). */
  rateLimits?: Partial<RateLimits>;
  /** The client address rate limits count by; the socket's peer by default (see `clientIpOf` for proxies). */
  clientIp?: (c: Context) => string;
  /** Fact kinds applied beside the domain's own (a test's throw-away kind); see sync-server/facts/kinds.ts. */
  factKinds?: readonly FactKindRegistration[];
  /** Where customers reach this server (PUBLIC_URL): the base of links in customer mail. */
  publicUrl?: string;
  /** Mail transport and outbox backlog, reported by /ready; main.ts passes the delivery worker's. */
  outbox?: OutboxStatus;
  /** The VAPID public key devices subscribe to arrival alerts with (push/vapid.ts); absent → no Web Push. */
  vapidPublicKey?: string;
}

export type ResolvedDeps = Required<Omit<AppDeps, 'staticDir' | 'rateLimits' | 'outbox' | 'vapidPublicKey'>> &
  Pick<AppDeps, 'staticDir' | 'outbox' | 'vapidPublicKey'> & {
    revocations: RevocationWatch;
    rateLimiters: Record<'enrollPerIp' | 'enrollPerCode' | 'signInPerDevice' | 'pickupPerIp' | 'pickupPerToken', RateLimiter>;
    pinLockout: FailureLockout;
  };

export function createApp(deps: AppDeps): Hono {
  // Explicit `undefined` (an unset option passed through) must not erase a default.
  const given = Object.fromEntries(Object.entries(deps).filter(([, v]) => v !== undefined)) as AppDeps;
  const base = {
    clock: systemClock,
    newId: uuidv7,
    changeFeed: createChangeFeed(),
    logger: consoleLogger,
    heartbeatMs: 15_000,
    lifecycle: createLifecycle(),
    requestId: () => crypto.randomUUID(),
    revocationCheckMs: 2_000,
    clientIp: clientIpOf(false),
    factKinds: [],
    publicUrl: DEFAULT_POLICY_ENV.publicUrl,
    ...given,
  };
  const limits = { ...DEFAULT_RATE_LIMITS, ...given.rateLimits };
  const d: ResolvedDeps = {
    ...base,
    revocations: createRevocationWatch({ store: base.store, intervalMs: base.revocationCheckMs, logger: base.logger }),
    rateLimiters: {
      enrollPerIp: createRateLimiter('enrollPerIp', limits.enrollPerIp, base.store, base.clock),
      enrollPerCode: createRateLimiter('enrollPerCode', limits.enrollPerCode, base.store, base.clock),
      signInPerDevice: createRateLimiter('signInPerDevice', limits.signInPerDevice, base.store, base.clock),
      pickupPerIp: createRateLimiter('pickupPerIp', limits.pickupPerIp, base.store, base.clock),
      pickupPerToken: createRateLimiter('pickupPerToken', limits.pickupPerToken, base.store, base.clock),
    },
    pinLockout: createFailureLockout(limits.pinLockout, base.store, base.clock),
  };
  // Every commit of this process reaches the SSE subscribers (store.ts `onCommitted`); the feed's `notify` is one
  // function per feed, so several apps built on one store and one feed register it once.
  d.store.onCommitted(d.changeFeed.notify);
  const app = new Hono();

  app.use(requestLog({ logger: d.logger, generator: d.requestId }));
  app.use(securityHeaders);
  // Probes first: while draining, /health still answers and /ready says "shutting down"; other requests get 503.
  app.route('/', opsRoutes(d));
  app.use(trackRequests(d.lifecycle));
  // Devices authenticate with a bearer token, never cookies, so letting other origins call the API (the Vite dev
  // server, a test page) exposes nothing a page could not already do with the token.
  app.use('/sync/*', cors({ origin: '*', allowHeaders: ['Authorization', 'Content-Type'], maxAge: 600 }));
  app.use('/api/*', cors({ origin: '*', allowHeaders: ['Authorization', 'Content-Type'], maxAge: 600 }));
  app.use('/sync/*', requireDevice(d.store));
  // What each device has pulled, so erased customers' deletions are purged once every device has them.
  app.use('/sync/*', tombstoneTracking(d));
  // Request bodies are read by readJson (http/body.ts) alone: content type (415), the route's size limit (413) and
  // nesting depth (400) are checked as the bytes stream in, before anything is parsed.
  // Generated from the mounted routes once, on first request (every route is mounted by then).
  let openApi: Promise<string> | undefined;
  defineRoute(
    app,
    {
      method: 'get',
      path: '/api/openapi.json',
      operationId: 'openapi',
      summary: 'This document',
      auth: 'public',
      responses: { 200: ok('OpenAPI 3.1 document', z.looseObject({})) },
    },
    async (c) => {
      openApi ??= buildOpenApiDocument(app).then((doc) => JSON.stringify(doc));
      return c.body(await openApi, 200, { 'Content-Type': 'application/json; charset=utf-8' });
    },
  );
  // Before syncRoutes: its catch-all answers any other /sync/{c}/{v}/{action} with 404.
  app.route('/sync', snapshotRoutes(d));
  app.route('/sync', syncRoutes(d));
  app.route('/api', deviceRoutes(d));
  app.route('/api', proofRoutes(d));
  app.route('/api', staffRoutes(d));
  app.route('/api', catalogRoutes(d));
  app.route('/api', promotionRoutes(d));
  app.route('/api', orderRoutes(d));
  app.route('/api', orderLookupRoutes(d));
  app.route('/api', saleLookupRoutes(d));
  app.route('/api', customerLookupRoutes(d));
  app.route('/api', customerPurchasesRoutes(d));
  app.route('/api', customerPrivacyRoutes(d));
  app.route('/api', stockLookupRoutes(d));
  app.route('/api', creditRoutes(d));
  app.route('/api', pushRoutes(d));
  // The customer's pickup page is the server's own: any /pickup address it does not answer is its 404, never the app shell.
  app.route('/', pickupPageRoutes(d));
  // Product pictures the demo catalog points at (ProductSchema.imageUrl), public like the app's own files.
  app.route('/', demoImageRoutes());
  app.all('/pickup', (c) => notFoundPage(c));
  app.all('/pickup/*', (c) => notFoundPage(c));
  // The customer's digital receipt is the server's own too.
  app.route('/', receiptPageRoutes(d));
  app.all('/receipts', (c) => receiptNotFoundPage(c));
  app.all('/receipts/*', (c) => receiptNotFoundPage(c));
  app.all('/sync/*', (c) => c.json(errorBody(ErrorCode.NOT_FOUND, `no route ${c.req.method} ${c.req.path}`), 404));
  app.all('/api/*', (c) => c.json(errorBody(ErrorCode.NOT_FOUND, `no route ${c.req.method} ${c.req.path}`), 404));
  if (d.staticDir) app.route('/', staticRoutes(d.staticDir));

  app.notFound((c) => c.json(errorBody(ErrorCode.NOT_FOUND, `no route ${c.req.method} ${c.req.path}`), 404));
  // One boundary for errors: domain errors keep their code; anything else is logged and answered 500 without details.
  app.onError((error, c) => {
    if (error instanceof RateLimitedError) return c.json(error.toJSON(), 429, { 'Retry-After': String(error.retryAfterSeconds) });
    if (error instanceof DomainError) return c.json(error.toJSON(), statusOf[error.code]);
    d.logger.error('unhandled error', {
      path: c.req.path,
      requestId: (c.var as { requestId?: string }).requestId,
      error: error instanceof Error ? error.stack : String(error),
    });
    return c.json(errorBody(ErrorCode.INTERNAL, 'internal error; the request was not applied'), 500);
  });
  return app;
}
