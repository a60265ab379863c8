import { Hono } from 'hono';
import { DomainError, EnrollRequestSchema, ErrorCode, parseWith } from '../../src/domain/index.js';
import type { ResolvedDeps } from '../app.js';
import { requireDevice, type DeviceEnv } from '../auth/device-auth.js';
import { enrollDevice } from '../auth/enrollment.js';
import { hashEnrollmentCode } from '../auth/tokens.js';
import { rateLimited } from '../http/rate-limit.js';

/**
 * POST /api/devices/enroll {code, name} → {token, storeId, deviceId, store}
 * GET  /api/me (bearer)                 → {deviceId, storeId, store}, so the app refreshes store settings.
 * Enrollment attempts are rate limited per client IP (before the body is read) and per code typed: 429 RATE_LIMITED
 * with Retry-After.
 */
export function deviceRoutes(deps: ResolvedDeps): Hono<DeviceEnv> {
  const routes = new Hono<DeviceEnv>();

  routes.post('/devices/enroll', async (c) => {
    const perIp = deps.rateLimiters.enrollPerIp.hit(deps.clientIp(c));
    if (!perIp.allowed) return rateLimited(c, perIp, 'enrollment attempts from this address');
    const raw = await c.req.json().catch(() => {
      throw new DomainError(ErrorCode.VALIDATION_FAILED, 'body must be JSON', [{ path: '(root)', message: 'not valid JSON' }]);
    });
    const request = parseWith(EnrollRequestSchema, raw);
    if (!request.ok) throw request.error;
    const perCode = deps.rateLimiters.enrollPerCode.hit(hashEnrollmentCode(request.value.code));
    if (!perCode.allowed) return rateLimited(c, perCode, 'attempts with this enrollment code');
    const enrolled = await enrollDevice(deps.store, request.value, deps);
    deps.logger.info('device enrolled', { deviceId: enrolled.deviceId, storeId: enrolled.storeId });
    return c.json(enrolled);
  });

  routes.get('/me', requireDevice(deps.store), async (c) => {
    const device = c.get('device');
    const store = await deps.store.getStore(device.storeId);
    if (!store) throw new DomainError(ErrorCode.INTERNAL, `store ${device.storeId} is missing`);
    return c.json({ deviceId: device.id, storeId: device.storeId, name: device.name, store });
  });

  return routes;
}
