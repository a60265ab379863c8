import { Hono } from 'hono';
import { z } from 'zod';
import { CustomerErasureSchema, CustomerPrivacyRequestSchema, type CustomerExport } from '../../src/domain/index.js';
import type { ResolvedDeps } from '../app.js';
import { requireDevice, type DeviceEnv } from '../auth/device-auth.js';
import { authorizeStaffAction } from '../auth/staff-pin.js';
import { defineRoute, deviceFailures, failure, named, ok, rateLimited } from '../http/route.js';
import { eraseCustomer } from './erase.js';
import { exportPage } from './export-page.js';
import { loadCustomerData } from './privacy-data.js';

const IdParams = z.object({ id: z.string().min(1).max(64) });
const FormatQuery = z.object({ format: z.enum(['json', 'html']).default('json') });

/**
 * A customer's rights, exercised through a manager of the device's store (their PIN is checked here again, rate
 * limited and locked out like every manager PIN):
 * POST /api/customers/{id}/export[?format=html] — everything held about them (LGPD Art. 18 II, GDPR Art. 15).
 * POST /api/customers/{id}/erase — erasure (LGPD Art. 18 VI, GDPR Art. 17), see erase.ts.
 * POST, not GET: the manager's PIN travels in the body, never in a URL that logs and histories keep.
 * Both are logged with the device, the manager and the customer id only.
 */
export function customerPrivacyRoutes(deps: ResolvedDeps): Hono<DeviceEnv> {
  const routes = new Hono<DeviceEnv>();

  defineRoute(
    routes,
    {
      method: 'post',
      path: '/customers/:id/export',
      operationId: 'exportCustomer',
      summary: "A customer's data, on their request, for a manager",
      description:
        'The profile (history, notes, consents), the sales naming any of its ids and its online orders, as JSON, or as a readable page with `?format=html`.',
      tags: ['customers'],
      auth: 'device',
      middleware: [requireDevice(deps.store)],
      params: IdParams,
      query: FormatQuery,
      body: named('CustomerPrivacyRequest', CustomerPrivacyRequestSchema),
      responses: {
        200: ok('the export', z.looseObject({})),
        403: failure('PIN_INVALID: manager number or PIN wrong; FORBIDDEN: not a manager'),
        404: failure('NOT_FOUND: no such customer (or erased)'),
        429: rateLimited('RATE_LIMITED: too many PIN attempts'),
        ...deviceFailures,
      },
    },
    async (c, { params, query, body }) => {
      const device = c.get('device');
      const manager = await authorizeStaffAction(deps, device, { ...body.manager, pinPath: 'manager.pin' }, 'customer.privacy');
      const data = await loadCustomerData(deps.store, deps.store.sql, params.id);
      const exported: CustomerExport = { exportedAt: deps.clock().toISOString(), customer: data.profile, sales: data.sales, orders: data.orders };
      deps.logger.info('customer exported', { deviceId: device.id, storeId: device.storeId, by: manager.id, customerId: data.profile.id });
      if (query.format === 'html') return c.html(exportPage(exported));
      c.header('Content-Disposition', `attachment; filename="customer-${data.profile.id}.json"`);
      return c.json(exported);
    },
  );

  defineRoute(
    routes,
    {
      method: 'post',
      path: '/customers/:id/erase',
      operationId: 'eraseCustomer',
      summary: 'Erase a customer on their request, everywhere',
      description:
        "Deletes the profile (devices drop it at their next sync; the deletion carries only the id and the stores), pseudonymises the customer's orders, keeps the sales with an opaque id, scrubs the customer facts, records who erased it and tells the e-commerce platform (`customer.erased`).",
      tags: ['customers'],
      auth: 'device',
      middleware: [requireDevice(deps.store)],
      params: IdParams,
      body: named('CustomerPrivacyRequest', CustomerPrivacyRequestSchema),
      responses: {
        200: ok('what was erased', named('CustomerErasure', CustomerErasureSchema)),
        403: failure('PIN_INVALID: manager number or PIN wrong; FORBIDDEN: not a manager'),
        404: failure('NOT_FOUND: no such customer (or already erased)'),
        429: rateLimited('RATE_LIMITED: too many PIN attempts'),
        ...deviceFailures,
      },
    },
    async (c, { params, body }) => {
      const device = c.get('device');
      const manager = await authorizeStaffAction(deps, device, { ...body.manager, pinPath: 'manager.pin' }, 'customer.privacy');
      const erased = await eraseCustomer(deps.store, params.id, { device, manager, at: deps.clock().toISOString(), newId: deps.newId });
      deps.logger.info('customer erased', { deviceId: device.id, storeId: device.storeId, by: manager.id, customerIds: erased.erasedIds });
      return c.json(erased);
    },
  );

  return routes;
}
