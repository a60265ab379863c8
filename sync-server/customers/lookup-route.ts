import { Hono } from 'hono';
import { z } from 'zod';
import { CustomerLookupQuerySchema, CustomerProfileSchema, customerLookupKeyOf, type CustomerProfile } from '../../src/domain/index.js';
import type { ResolvedDeps } from '../app.js';
import { requireDevice, type DeviceEnv } from '../auth/device-auth.js';
import { createRateLimiter, RateLimitedError, type RateLimit } from '../http/rate-limit.js';
import { defineRoute, deviceFailures, failure, named, ok, rateLimited } from '../http/route.js';

/** An associate looks up a customer or two a minute; a device asking faster is scraping the chain's customers. */
export const CUSTOMER_LOOKUPS_PER_DEVICE: RateLimit = { limit: 20, windowMs: 60_000 };

/**
 * GET /api/lookup/customers?email=…|phone=…|cpf=… (device token): a device finds a customer of the chain who is not
 * in its store's book (they bought elsewhere, or online), to serve and attach them; the device keeps the answer for
 * 24 hours. Only live profiles (never a merged-away pointer). Rate limited per device; every lookup is logged with
 * the device, its store, the key used and the profiles answered (never the typed value).
 */
export function customerLookupRoutes(deps: ResolvedDeps, limit: RateLimit = CUSTOMER_LOOKUPS_PER_DEVICE): Hono<DeviceEnv> {
  const routes = new Hono<DeviceEnv>();
  const perDevice = createRateLimiter('customerLookupPerDevice', limit, deps.store, deps.clock);

  defineRoute(
    routes,
    {
      method: 'get',
      path: '/lookup/customers',
      operationId: 'lookupCustomers',
      summary: 'Find a customer of the chain by email, phone or CPF',
      description: 'Exactly one of `email`, `phone` (E.164), `cpf` (digits). Answers the live profiles found (at most a few).',
      tags: ['customers'],
      auth: 'device',
      middleware: [requireDevice(deps.store)],
      query: CustomerLookupQuerySchema,
      responses: {
        200: ok('the profiles found', z.object({ customers: z.array(named('CustomerProfile', CustomerProfileSchema)) })),
        400: failure('VALIDATION_FAILED: not exactly one of email, phone, cpf, or one of them malformed'),
        ...deviceFailures,
        429: rateLimited('RATE_LIMITED: too many lookups from this device'),
      },
    },
    async (c, { query }) => {
      const device = c.get('device');
      const decision = await perDevice.hit(device.id);
      if (!decision.allowed) throw new RateLimitedError(decision.retryAfterSeconds, 'customer lookups from this device');
      const { key, value } = customerLookupKeyOf(query);
      const customers = (await deps.store.findByKey('customers', key, value))
        .filter((d) => !d.deleted)
        .map((d) => JSON.parse(d.body) as CustomerProfile)
        .filter((p) => p.mergedInto === null)
        .slice(0, 5);
      deps.logger.info('customer lookup', { deviceId: device.id, storeId: device.storeId, key, found: customers.map((p) => p.id) });
      return c.json({ customers });
    },
  );

  return routes;
}
