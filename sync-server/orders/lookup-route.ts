import { Hono } from 'hono';
import { z } from 'zod';
import { lookupKeyOf, OrderLookupQuerySchema, OrderSummarySchema, toOrderSummary } from '../../src/domain/index.js';
import type { ResolvedDeps } from '../app.js';
import { requireDevice, type DeviceEnv } from '../auth/device-auth.js';
import { createRateLimiter, RateLimitedError, type RateLimit } from '../http/rate-limit.js';
import { defineRoute, deviceFailures, failure, named, ok, rateLimited } from '../http/route.js';
import { ordersByKey } from './documents.js';

/** A counter answers a few customers a minute; a device asking faster is scraping the chain's customers. */
export const ORDER_LOOKUPS_PER_DEVICE: RateLimit = { limit: 30, windowMs: 60_000 };
/** Enough for every order of one customer a return could be about. */
const LOOKUP_RESULTS_MAX = 20;

/**
 * GET /api/lookup/orders?number=…|email=…|phone=… (device token): a device of ANY store finds orders of the chain
 * (a return in another store, a shipped order), answering only what a return needs. Rate limited per device; each
 * lookup is logged with the device and its store (the key used and the orders answered, never the typed value).
 */
export function orderLookupRoutes(deps: ResolvedDeps, limit: RateLimit = ORDER_LOOKUPS_PER_DEVICE): Hono<DeviceEnv> {
  const routes = new Hono<DeviceEnv>();
  const perDevice = createRateLimiter('orderLookupPerDevice', limit, deps.store, deps.clock);

  defineRoute(
    routes,
    {
      method: 'get',
      path: '/lookup/orders',
      operationId: 'lookupOrders',
      summary: 'Find orders of the chain by number, customer email or phone (for returns)',
      description:
        'Exactly one of `number`, `email`, `phone`. Answers a summary of each order (lines, totals, payment methods), most recent first, without payment references or contact details.',
      tags: ['orders'],
      auth: 'device',
      middleware: [requireDevice(deps.store)],
      query: OrderLookupQuerySchema,
      responses: {
        200: ok('the orders found, most recent first', z.object({ orders: z.array(named('OrderSummary', OrderSummarySchema)) })),
        400: failure('VALIDATION_FAILED: not exactly one of number, email, phone'),
        ...deviceFailures,
        429: rateLimited('RATE_LIMITED: too many lookups from this device'),
      },
    },
    async (c, { query }) => {
      const device = c.get('device');
      const decision = await perDevice.hit(device.id);
      if (!decision.allowed) throw new RateLimitedError(decision.retryAfterSeconds, 'order lookups from this device');
      const [key, value] = lookupKeyOf(query);
      const orders = (await ordersByKey(deps.store, key, value)).slice(0, LOOKUP_RESULTS_MAX);
      deps.logger.info('order lookup', { deviceId: device.id, storeId: device.storeId, key, found: orders.map((o) => o.number) });
      return c.json({ orders: orders.map(toOrderSummary) });
    },
  );

  return routes;
}
