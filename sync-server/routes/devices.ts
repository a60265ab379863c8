import { Hono, type MiddlewareHandler } from 'hono';
import { z } from 'zod';
import {
  DomainError,
  EnrollmentCodeResponseSchema,
  EnrollRequestSchema,
  EnrollResponseSchema,
  ErrorCode,
  ManagerEnrollmentCodeRequestSchema,
  StoreSchema,
} from '../../src/domain/index.js';
import type { ResolvedDeps } from '../app.js';
import { assertDeviceStore, requireDevice, type DeviceEnv } from '../auth/device-auth.js';
import { deviceNumberOf, enrollDevice, mintEnrollmentCode } from '../auth/enrollment.js';
import { hashEnrollmentCode } from '../auth/tokens.js';
import { RateLimitedError } from '../http/rate-limit.js';
import { defineRoute, deviceFailures, failure, named, ok, rateLimited } from '../http/route.js';
import { authorizeStaffAction } from '../auth/staff-pin.js';

/**
 * POST /api/devices/enroll {code, name} → {token, storeId, deviceId, store}
 * GET  /api/me (bearer)                 → {deviceId, storeId, store}, so the app refreshes store settings.
 * POST /api/enrollment-codes (bearer) {storeId, staffNumber, pin, hours?} → {code, expiresAt}: a manager of the
 *   device's own store mints a one-time code for a new till from an enrolled device.
 * Enrollment attempts are rate limited per client IP (before the body is read) and per code typed; PIN checks per
 * device, and a staff number is locked out on a device after repeated wrong PINs: 429 RATE_LIMITED with Retry-After.
 */
export function deviceRoutes(deps: ResolvedDeps): Hono<DeviceEnv> {
  const routes = new Hono<DeviceEnv>();

  const limitEnrollmentsPerIp: MiddlewareHandler = async (c, next) => {
    const perIp = await deps.rateLimiters.enrollPerIp.hit(deps.clientIp(c));
    if (!perIp.allowed) throw new RateLimitedError(perIp.retryAfterSeconds, 'enrollment attempts from this address');
    await next();
  };

  defineRoute(
    routes,
    {
      method: 'post',
      path: '/devices/enroll',
      operationId: 'enrollDevice',
      summary: 'Trade a one-time enrollment code for a device token',
      description: 'Rate limited per client IP and per code typed.',
      auth: 'public',
      middleware: [limitEnrollmentsPerIp],
      body: named('EnrollRequest', EnrollRequestSchema),
      responses: {
        200: ok('enrolled; keep the token, it is shown once', named('EnrollResponse', EnrollResponseSchema)),
        400: failure('VALIDATION_FAILED'),
        403: failure('ENROLLMENT_CODE_INVALID: unknown, used or expired code'),
        413: failure('PAYLOAD_TOO_LARGE: body too large'),
        429: rateLimited('RATE_LIMITED: too many attempts'),
        500: failure('INTERNAL: nothing was applied'),
        503: deviceFailures[503],
      },
    },
    async (c, { body: request }) => {
      const perCode = await deps.rateLimiters.enrollPerCode.hit(hashEnrollmentCode(request.code));
      if (!perCode.allowed) throw new RateLimitedError(perCode.retryAfterSeconds, 'attempts with this enrollment code');
      const enrolled = await enrollDevice(deps.store, request, deps);
      deps.logger.info('device enrolled', { deviceId: enrolled.deviceId, storeId: enrolled.storeId });
      return c.json(enrolled);
    },
  );

  defineRoute(
    routes,
    {
      method: 'post',
      path: '/enrollment-codes',
      operationId: 'createEnrollmentCode',
      summary: "A manager of the device's store mints a one-time enrollment code for a new till",
      description:
        'The PIN is checked against the staff verifier. Rate limited per device; a staff number is locked out on a device after 5 wrong PINs.',
      auth: 'device',
      middleware: [requireDevice(deps.store)],
      body: named('EnrollmentCodeRequest', ManagerEnrollmentCodeRequestSchema),
      responses: {
        200: ok('a one-time code; shown once', named('EnrollmentCodeResponse', EnrollmentCodeResponseSchema)),
        403: failure('PIN_INVALID: staff number or PIN wrong; FORBIDDEN: another store, or not a manager'),
        429: rateLimited('RATE_LIMITED: too many PIN attempts'),
        ...deviceFailures,
      },
    },
    async (c, { body: { storeId, staffNumber, pin, hours } }) => {
      const device = c.get('device');
      assertDeviceStore(device, storeId);
      const staff = await authorizeStaffAction(deps, device, { staffNumber, pin, pinPath: 'pin' }, 'enrollment.create');
      const minted = await mintEnrollmentCode(deps.store, device.storeId, { clock: deps.clock, ...(hours ? { hours } : {}) });
      deps.logger.info('enrollment code minted', { deviceId: device.id, storeId: device.storeId, staffId: staff.id, expiresAt: minted.expiresAt });
      return c.json(minted);
    },
  );

  defineRoute(
    routes,
    {
      method: 'get',
      path: '/me',
      operationId: 'me',
      summary: 'The enrolled device and its store settings',
      auth: 'device',
      middleware: [requireDevice(deps.store)],
      responses: {
        200: ok(
          'the device',
          named('Me', z.object({ deviceId: z.string(), storeId: z.string(), name: z.string(), store: StoreSchema, deviceNumber: z.int().min(1) })),
        ),
        ...deviceFailures,
      },
    },
    async (c) => {
      const device = c.get('device');
      const store = await deps.store.getStore(device.storeId);
      if (!store) throw new DomainError(ErrorCode.INTERNAL, `store ${device.storeId} is missing`);
      const deviceNumber = await deviceNumberOf(deps.store, device);
      return c.json({ deviceId: device.id, storeId: device.storeId, name: device.name, store, deviceNumber });
    },
  );

  return routes;
}
