import { Hono } from 'hono';
import { DomainError, EnrollRequestSchema, ErrorCode, ManagerEnrollmentCodeRequestSchema } from '../../src/domain/index.js';
import type { ResolvedDeps } from '../app.js';
import { requireDevice, type DeviceEnv } from '../auth/device-auth.js';
import { enrollDevice, mintEnrollmentCode } from '../auth/enrollment.js';
import { hashEnrollmentCode } from '../auth/tokens.js';
import { readBody } from '../http/body.js';
import { RateLimitedError } from '../http/rate-limit.js';
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

  routes.post('/devices/enroll', async (c) => {
    const perIp = await deps.rateLimiters.enrollPerIp.hit(deps.clientIp(c));
    if (!perIp.allowed) throw new RateLimitedError(perIp.retryAfterSeconds, 'enrollment attempts from this address');
    const request = await readBody(c, EnrollRequestSchema);
    const perCode = await deps.rateLimiters.enrollPerCode.hit(hashEnrollmentCode(request.code));
    if (!perCode.allowed) throw new RateLimitedError(perCode.retryAfterSeconds, 'attempts with this enrollment code');
    const enrolled = await enrollDevice(deps.store, request, deps);
    deps.logger.info('device enrolled', { deviceId: enrolled.deviceId, storeId: enrolled.storeId });
    return c.json(enrolled);
  });

  routes.post('/enrollment-codes', requireDevice(deps.store), async (c) => {
    const device = c.get('device');
    const { storeId, staffNumber, pin, hours } = await readBody(c, ManagerEnrollmentCodeRequestSchema);
    if (storeId !== device.storeId) {
      throw new DomainError(ErrorCode.FORBIDDEN, `this device belongs to store ${device.storeId}`, [{ path: 'storeId', message: `this device belongs to store ${device.storeId}` }]);
    }
    const staff = await authorizeStaffAction(deps, device, { staffNumber, pin, pinPath: 'pin' }, 'enrollment.create');
    const minted = await mintEnrollmentCode(deps.store, device.storeId, { clock: deps.clock, ...(hours ? { hours } : {}) });
    deps.logger.info('enrollment code minted', { deviceId: device.id, storeId: device.storeId, staffId: staff.id, expiresAt: minted.expiresAt });
    return c.json(minted);
  });

  routes.get('/me', requireDevice(deps.store), async (c) => {
    const device = c.get('device');
    const store = await deps.store.getStore(device.storeId);
    if (!store) throw new DomainError(ErrorCode.INTERNAL, `store ${device.storeId} is missing`);
    return c.json({ deviceId: device.id, storeId: device.storeId, name: device.name, store });
  });

  return routes;
}
