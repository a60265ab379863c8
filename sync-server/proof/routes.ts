import { Hono } from 'hono';
import { z } from 'zod';
import { ProofKeySchema } from '../../src/domain/index.js';
import type { ResolvedDeps } from '../app.js';
import { requireDevice, type DeviceEnv } from '../auth/device-auth.js';
import { defineRoute, deviceFailures, failure, named, ok } from '../http/route.js';
import { registerDeviceKey } from './device-keys.js';

const RegisterKeyRequestSchema = named('ProofKeyRequest', z.object({ publicKey: ProofKeySchema.shape.publicKey }));

/**
 * POST /api/devices/proof-key (bearer) {publicKey} → the key as the keyring holds it. A device enrolled before proofs
 * of purchase registers the key it made on its first start; a new device sends it with enrollment instead. The key
 * reaches every device of the chain through the `keys` collection.
 */
export function proofRoutes(deps: ResolvedDeps): Hono<DeviceEnv> {
  const routes = new Hono<DeviceEnv>();
  defineRoute(
    routes,
    {
      method: 'post',
      path: '/devices/proof-key',
      operationId: 'registerProofKey',
      summary: "Register this device's proof-of-purchase public key",
      description:
        'The device signs its store sales offline with the private half (never sent). Registering the same key again changes nothing; a device keeps one key for life.',
      tags: ['devices'],
      auth: 'device',
      middleware: [requireDevice(deps.store)],
      body: RegisterKeyRequestSchema,
      responses: {
        200: ok('the registered key', named('ProofKey', ProofKeySchema)),
        400: failure('VALIDATION_FAILED: not a P-256 public key'),
        403: failure('FORBIDDEN: this device already registered another key'),
        ...deviceFailures,
      },
    },
    async (c, { body }) => {
      const device = c.get('device');
      const { key, created } = await deps.store.transaction((tx) => registerDeviceKey(tx, device, body.publicKey, deps.clock().toISOString()));
      if (created) deps.logger.info('device proof key registered', { deviceId: device.id, kid: key.kid });
      return c.json(key);
    },
  );
  return routes;
}
