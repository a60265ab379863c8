import { Hono } from 'hono';
import { z } from 'zod';
import {
  CustomerIdSchema,
  CustomerPurchasesSchema,
  DomainError,
  ErrorCode,
  otherStoresPurchases,
  saleLookupKey,
  type CustomerProfile,
  type Sale,
} from '../../src/domain/index.js';
import type { ResolvedDeps } from '../app.js';
import { requireDevice, type DeviceEnv } from '../auth/device-auth.js';
import { createRateLimiter, RateLimitedError, type RateLimit } from '../http/rate-limit.js';
import { defineRoute, deviceFailures, failure, named, ok, rateLimited } from '../http/route.js';

/** A profile opened a few times a minute at most; faster is a device walking the chain's customers. */
export const PURCHASE_SUMMARIES_PER_DEVICE: RateLimit = { limit: 30, windowMs: 60_000 };

/**
 * GET /api/customers/{id}/purchases (device token): for the 360° profile, how many purchases the customer made in
 * each of the chain's other stores, for how much and when last, in the asking store's currency. Counts and amounts
 * only (never lines, tenders or who served them): a store sees other stores' customers' purchases no further. A
 * merged-away id answers for its survivor, whose merged ids' sales count too; an unknown or erased customer is 404.
 * Rate limited per device; every answer is logged with the device, its store and the customer.
 */
export function customerPurchasesRoutes(deps: ResolvedDeps, limit: RateLimit = PURCHASE_SUMMARIES_PER_DEVICE): Hono<DeviceEnv> {
  const routes = new Hono<DeviceEnv>();
  const perDevice = createRateLimiter('customerPurchasesPerDevice', limit, deps.store, deps.clock);

  defineRoute(
    routes,
    {
      method: 'get',
      path: '/customers/:id/purchases',
      operationId: 'customerPurchases',
      summary: "A customer's purchases in the chain's other stores",
      description: 'Per store and in all: count, total (minor units of the asking store’s currency) and the last purchase.',
      tags: ['customers'],
      auth: 'device',
      middleware: [requireDevice(deps.store)],
      params: z.object({ id: CustomerIdSchema }),
      responses: {
        200: ok('the purchases', named('CustomerPurchases', CustomerPurchasesSchema)),
        404: failure('NOT_FOUND: no such customer (or erased)'),
        ...deviceFailures,
        429: rateLimited('RATE_LIMITED: too many purchase summaries from this device'),
      },
    },
    async (c, { params }) => {
      const device = c.get('device');
      const decision = await perDevice.hit(device.id);
      if (!decision.allowed) throw new RateLimitedError(decision.retryAfterSeconds, 'purchase summaries from this device');
      // The `identity` key finds the live profile by any id that was ever its own (merged-away ids too).
      const [profile] = (await deps.store.findByKey('customers', 'identity', params.id))
        .filter((d) => !d.deleted)
        .map((d) => JSON.parse(d.body) as CustomerProfile);
      if (!profile) throw new DomainError(ErrorCode.NOT_FOUND, 'this customer is not in the chain’s records (erased or never synced)');
      const store = await deps.store.getStore(device.storeId);
      const currency = store?.currency ?? 'BRL';
      const ids = [profile.id, ...profile.mergedFrom].map(saleLookupKey.customer);
      const sales = (await deps.store.findByKeys('sales', 'customer', ids)).filter((d) => !d.deleted).map((d) => JSON.parse(d.body) as Sale);
      const { summary, stores } = otherStoresPurchases(sales, device.storeId, currency);
      const names = new Map<string, string>();
      for (const s of stores) names.set(s.storeId, (await deps.store.getStore(s.storeId))?.name ?? s.storeId);
      deps.logger.info('customer purchases', { deviceId: device.id, storeId: device.storeId, customerId: profile.id, stores: stores.length });
      return c.json({ customerId: profile.id, currency, summary, stores: stores.map((s) => ({ ...s, name: names.get(s.storeId)! })) });
    },
  );

  return routes;
}
