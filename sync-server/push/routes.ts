import { Hono } from 'hono';
import { z } from 'zod';
import { DomainError, ErrorCode } from '../../src/domain/index.js';
import { PushSubscriptionSchema } from '../../src/domain/pickup/push-alert.js';
import type { ResolvedDeps } from '../app.js';
import { requireDevice, type DeviceEnv } from '../auth/device-auth.js';
import { defineRoute, deviceFailures, failure, named, ok } from '../http/route.js';
import { deletePushSubscription, savePushSubscription } from './subscriptions.js';

const VapidPublicKeySchema = named(
  'VapidPublicKey',
  z.object({ publicKey: z.string().describe('base64url, for PushManager.subscribe({applicationServerKey})') }),
);
const SavedSubscriptionSchema = named('PushSubscriptionSaved', z.object({ deviceId: z.string(), storeId: z.string(), endpoint: z.string() }));

/**
 * Arrival alerts on a locked phone (Web Push):
 *   GET    /api/push/vapid-public-key          → {publicKey}: what devices subscribe with
 *   POST   /api/push-subscriptions (device)    {endpoint, keys} → the device's subscription, replacing any earlier one
 *   DELETE /api/push-subscriptions (device)    → 204: the device stops receiving alerts
 * A device that subscribes is one of its store's pickup devices: every customer arrival at the store is pushed to it.
 */
export function pushRoutes(deps: ResolvedDeps): Hono<DeviceEnv> {
  const routes = new Hono<DeviceEnv>();

  defineRoute(
    routes,
    {
      method: 'get',
      path: '/push/vapid-public-key',
      operationId: 'getVapidPublicKey',
      summary: "The server's VAPID public key, to subscribe a device to arrival alerts",
      tags: ['push'],
      auth: 'public',
      responses: {
        200: ok('the key', VapidPublicKeySchema),
        503: failure('UNAVAILABLE: this server sends no Web Push'),
      },
    },
    (c) => {
      if (!deps.vapidPublicKey) throw new DomainError(ErrorCode.UNAVAILABLE, 'this server sends no Web Push');
      return c.json({ publicKey: deps.vapidPublicKey });
    },
  );

  defineRoute(
    routes,
    {
      method: 'post',
      path: '/push-subscriptions',
      operationId: 'savePushSubscription',
      summary: "Alert this device when a customer of its store arrives (the browser's push subscription)",
      description: 'Send `PushSubscription.toJSON()`. One subscription per device: a new one replaces the old. Saving the same one again is a no-op.',
      tags: ['push'],
      auth: 'device',
      middleware: [requireDevice(deps.store)],
      body: named('PushSubscription', PushSubscriptionSchema),
      responses: { 200: ok('saved', SavedSubscriptionSchema), ...deviceFailures },
    },
    async (c, { body }) => {
      const device = c.get('device');
      await deps.store.transaction((tx) => savePushSubscription(tx.sql, device, body, deps.clock()));
      deps.logger.info('push subscription saved', { deviceId: device.id, storeId: device.storeId, pushService: new URL(body.endpoint).host });
      return c.json({ deviceId: device.id, storeId: device.storeId, endpoint: body.endpoint });
    },
  );

  defineRoute(
    routes,
    {
      method: 'delete',
      path: '/push-subscriptions',
      operationId: 'deletePushSubscription',
      summary: 'Stop alerting this device',
      tags: ['push'],
      auth: 'device',
      middleware: [requireDevice(deps.store)],
      responses: { 204: { description: 'no subscription any more (also when there was none)' }, ...deviceFailures },
    },
    async (c) => {
      await deps.store.transaction((tx) => deletePushSubscription(tx.sql, c.get('device').id));
      return c.body(null, 204);
    },
  );

  return routes;
}
