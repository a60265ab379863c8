import { createHash } from 'node:crypto';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { z } from 'zod';
import { DomainError, ErrorCode, orderProofSummary, type Store } from '../../../src/domain/index.js';
import { ArrivalRequestSchema, PickupPageStateSchema, pickupPageState } from '../../../src/domain/pickup/customer-page.js';
import type { ResolvedDeps } from '../../app.js';
import { errorBody } from '../../http/errors.js';
import { RateLimitedError } from '../../http/rate-limit.js';
import { defineRoute, failure, named, ok, rateLimited, type ResponseDoc } from '../../http/route.js';
import { findOrderByPickupToken } from '../token.js';
import { pageAssets, type PageAssets } from './assets.js';
import { recordCustomerArrival } from './arrival.js';
import { pageLanguage } from './language.js';
import { renderNotFoundPage, renderPickupPage } from './render.js';
import { signServerProof } from '../../proof/server-keys.js';

/**
 * The customer's pickup page, answered by the server itself (never the PWA's shell, never its service worker):
 *   GET  /pickup/{token}          the page (HTML)
 *   GET  /pickup/{token}/state    the order's state for the page to poll (JSON)
 *   POST /pickup/{token}/arrival  "I'm here" {note, source} → the state after it
 *   GET  /pickup/assets/page.js, page.css
 * No sign-in: the token (192 random bits, issued when the order is ready) is the key. A token that is malformed,
 * unknown or expired gets 404 with one body per route, whichever it is. Rate limited per IP and per token.
 */
const TokenParams = z.object({ token: z.string().describe('the link token from the "ready for pickup" message') });
const PageState = named('PickupPageState', PickupPageStateSchema);
const NOT_FOUND_MESSAGE = 'no such pickup link';
/** Tokens worth counting per token: the shape they are issued in (token.ts), give or take; others count per IP only. */
const COUNTABLE_TOKEN = /^[A-Za-z0-9_-]{20,64}$/;

const html = (description: string): ResponseDoc => ({ description, content: { 'text/html': { schema: { type: 'string' } } } });
const PAGE_FAILURES = {
  404: html('the link opens nothing (malformed, unknown or expired): the same page for each'),
  429: rateLimited('RATE_LIMITED: too many requests from this address or for this link'),
};

/** The page runs its own script and style sheet only; the store's picture may come from its own https origin. */
function pageContentSecurityPolicy(store: Store | undefined): string {
  const image = store?.pickupInstructions?.imageUrl;
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src 'self' data:${image ? ` ${new URL(image).origin}` : ''}`,
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

const PRIVATE = { 'Cache-Control': 'no-store', 'X-Robots-Tag': 'noindex, nofollow' };

export function pickupPageRoutes(deps: ResolvedDeps): Hono {
  const routes = new Hono();
  const assets = pageAssets();

  const limit: MiddlewareHandler = async (c, next) => {
    const perIp = await deps.rateLimiters.pickupPerIp.hit(deps.clientIp(c));
    if (!perIp.allowed) throw new RateLimitedError(perIp.retryAfterSeconds, 'requests from this address');
    const token = c.req.param('token') ?? '';
    if (COUNTABLE_TOKEN.test(token)) {
      const perToken = await deps.rateLimiters.pickupPerToken.hit(createHash('sha256').update(token).digest('base64url').slice(0, 22));
      if (!perToken.allowed) throw new RateLimitedError(perToken.retryAfterSeconds, 'requests for this pickup link');
    }
    await next();
  };

  const opened = async (token: string) => {
    const order = await findOrderByPickupToken(deps.store, token, deps.clock());
    if (!order || order.storeId === null) return undefined;
    const store = await deps.store.getStore(order.storeId);
    if (!store) throw new DomainError(ErrorCode.INTERNAL, `order ${order.id} names store ${order.storeId}, which is missing`);
    return { order, store };
  };

  defineRoute(
    routes,
    {
      method: 'get',
      path: '/pickup/assets/page.js',
      operationId: 'pickupPageScript',
      summary: "The pickup page's script",
      tags: ['pickup page'],
      auth: 'public',
      responses: { 200: { description: 'JavaScript', content: { 'text/javascript': { schema: { type: 'string' } } } } },
    },
    (c) => c.body(assets.js, 200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'public, max-age=86400' }),
  );
  defineRoute(
    routes,
    {
      method: 'get',
      path: '/pickup/assets/page.css',
      operationId: 'pickupPageStyles',
      summary: "The pickup page's style sheet",
      tags: ['pickup page'],
      auth: 'public',
      responses: { 200: { description: 'CSS', content: { 'text/css': { schema: { type: 'string' } } } } },
    },
    (c) => c.body(assets.css, 200, { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'public, max-age=86400' }),
  );

  defineRoute(
    routes,
    {
      method: 'get',
      path: '/pickup/:token',
      operationId: 'pickupPage',
      summary: "The customer's pickup page",
      description:
        "The order's state, the pickup code and its QR code, the store's pickup instructions and \"I'm here\". In the phone's language (Accept-Language) when it is English or Portuguese, else the store's.",
      tags: ['pickup page'],
      auth: 'public',
      middleware: [limit],
      params: TokenParams,
      responses: { 200: html('the page'), ...PAGE_FAILURES },
    },
    async (c, { params }) => {
      const found = await opened(params.token);
      if (!found) return notFoundPage(c, assets);
      const lang = pageLanguage(c.req.header('Accept-Language'), found.store.locale);
      const proofText = await signServerProof(deps.store, orderProofSummary(found.order), deps.clock);
      const page = await renderPickupPage({ token: params.token, state: pickupPageState(found.order), store: found.store, lang, assets, proofText });
      return c.html(page, 200, {
        ...PRIVATE,
        'Content-Security-Policy': pageContentSecurityPolicy(found.store),
        'Content-Language': lang,
        Vary: 'Accept-Language',
      });
    },
  );

  defineRoute(
    routes,
    {
      method: 'get',
      path: '/pickup/:token/state',
      operationId: 'pickupPageState',
      summary: "The order's state, for the pickup page to poll",
      tags: ['pickup page'],
      auth: 'public',
      middleware: [limit],
      params: TokenParams,
      responses: {
        200: ok("the order as its customer's page shows it", PageState),
        404: failure('NOT_FOUND: the link opens nothing'),
        429: PAGE_FAILURES[429],
      },
    },
    async (c, { params }) => {
      const found = await opened(params.token);
      if (!found) return notFoundJson(c);
      return c.json(pickupPageState(found.order), 200, PRIVATE);
    },
  );

  defineRoute(
    routes,
    {
      method: 'post',
      path: '/pickup/:token/arrival',
      operationId: 'pickupArrival',
      summary: '"I\'m here": the customer checks in',
      description:
        "Records the customer's arrival once (pressing again changes nothing): the order waits for them at the top of the store's queue, its pickup phones are alerted (Web Push) and the platform gets `order.customer_arrived`. `source: 'geofence'` when the page checked them in by itself.",
      tags: ['pickup page'],
      auth: 'public',
      middleware: [limit],
      params: TokenParams,
      body: named('ArrivalRequest', ArrivalRequestSchema),
      bodyMaxBytes: 4 * 1024,
      responses: {
        200: ok('the order as it now is', PageState),
        404: failure('NOT_FOUND: the link opens nothing'),
        409: failure('PICKUP_TRANSITION_REFUSED: the order was collected, cancelled or expired meanwhile'),
        429: PAGE_FAILURES[429],
      },
    },
    async (c, { params, body }) => {
      const order = await recordCustomerArrival(deps.store, params.token, body, deps);
      if (!order) return notFoundJson(c);
      return c.json(pickupPageState(order), 200, PRIVATE);
    },
  );

  return routes;
}

function notFoundJson(c: Context) {
  return c.json(errorBody(ErrorCode.NOT_FOUND, NOT_FOUND_MESSAGE), 404, PRIVATE);
}

/** The 404 page: its language follows the phone only (no store is known), so it says nothing of the order. */
export function notFoundPage(c: Context, assets: PageAssets = pageAssets()) {
  return c.html(renderNotFoundPage(pageLanguage(c.req.header('Accept-Language'), undefined), assets), 404, {
    ...PRIVATE,
    'Content-Security-Policy': pageContentSecurityPolicy(undefined),
    Vary: 'Accept-Language',
  });
}
