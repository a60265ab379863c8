import { Hono } from 'hono';
import {
  can,
  DomainError,
  EnrollRequestSchema,
  ErrorCode,
  hashPin,
  ManagerEnrollmentCodeRequestSchema,
  parseWith,
  verifyPin,
  type PinVerifier,
} from '../../src/domain/index.js';
import type { ResolvedDeps } from '../app.js';
import { requireDevice, type DeviceEnv } from '../auth/device-auth.js';
import { enrollDevice, mintEnrollmentCode } from '../auth/enrollment.js';
import { findStaffByNumber } from '../policies/staff.js';
import { hashEnrollmentCode } from '../auth/tokens.js';
import { rateLimited } from '../http/rate-limit.js';

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
    if (!perIp.allowed) return rateLimited(c, perIp, 'enrollment attempts from this address');
    const raw = await c.req.json().catch(() => {
      throw new DomainError(ErrorCode.VALIDATION_FAILED, 'body must be JSON', [{ path: '(root)', message: 'not valid JSON' }]);
    });
    const request = parseWith(EnrollRequestSchema, raw);
    if (!request.ok) throw request.error;
    const perCode = await deps.rateLimiters.enrollPerCode.hit(hashEnrollmentCode(request.value.code));
    if (!perCode.allowed) return rateLimited(c, perCode, 'attempts with this enrollment code');
    const enrolled = await enrollDevice(deps.store, request.value, deps);
    deps.logger.info('device enrolled', { deviceId: enrolled.deviceId, storeId: enrolled.storeId });
    return c.json(enrolled);
  });

  routes.post('/enrollment-codes', requireDevice(deps.store), async (c) => {
    const device = c.get('device');
    const perDevice = await deps.rateLimiters.signInPerDevice.hit(device.id);
    if (!perDevice.allowed) return rateLimited(c, perDevice, 'PIN attempts from this device');
    const raw = await c.req.json().catch(() => {
      throw new DomainError(ErrorCode.VALIDATION_FAILED, 'body must be JSON', [{ path: '(root)', message: 'not valid JSON' }]);
    });
    const request = parseWith(ManagerEnrollmentCodeRequestSchema, raw);
    if (!request.ok) throw request.error;
    const { storeId, staffNumber, pin, hours } = request.value;
    if (storeId !== device.storeId) {
      throw new DomainError(ErrorCode.FORBIDDEN, `this device belongs to store ${device.storeId}`, [{ path: 'storeId', message: `this device belongs to store ${device.storeId}` }]);
    }
    const lockKey = `${device.id}:${staffNumber}`;
    const locked = await deps.pinLockout.check(lockKey);
    if (!locked.allowed) return rateLimited(c, locked, `wrong PINs for staff number ${staffNumber}`);
    const staff = await findStaffByNumber(deps.store, device.storeId, staffNumber);
    // Unknown numbers cost a hash too, so timing does not tell which staff numbers exist.
    const matches = await verifyPin(pin, staff?.pinVerifier ?? (await dummyVerifier()));
    if (!staff || !staff.active || !matches) {
      const after = await deps.pinLockout.fail(lockKey);
      deps.logger.warn('staff PIN refused', { deviceId: device.id, storeId: device.storeId, locked: !after.allowed });
      throw new DomainError(ErrorCode.PIN_INVALID, 'staff number or PIN is wrong', [{ path: 'pin', message: 'staff number or PIN is wrong' }]);
    }
    await deps.pinLockout.succeed(lockKey);
    if (!can(staff.role, 'enrollment.create')) throw new DomainError(ErrorCode.FORBIDDEN, 'only a manager can create enrollment codes');
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

let dummy: Promise<PinVerifier> | undefined;
const dummyVerifier = () => (dummy ??= hashPin('00000000'));
