import type { MiddlewareHandler } from 'hono';
import { DomainError, ErrorCode } from '../../src/domain/index.js';
import type { DeviceRecord, StoreReads } from '../store/store.js';
import { bearerToken, hashSecret } from './tokens.js';

export type DeviceEnv = { Variables: { device: DeviceRecord } };

/** Resolves `Authorization: Bearer <device token>` to an enrolled, unrevoked device, or answers 401. */
export function requireDevice(store: StoreReads): MiddlewareHandler<DeviceEnv> {
  return async (c, next) => {
    const token = bearerToken(c.req.header('Authorization'));
    if (!token) throw new DomainError(ErrorCode.UNAUTHENTICATED, 'missing "Authorization: Bearer <device token>"; enroll this device first');
    const device = await store.findDeviceByTokenHash(hashSecret(token));
    if (!device) throw new DomainError(ErrorCode.UNAUTHENTICATED, 'unknown device token; enroll this device again');
    if (device.revokedAt) throw new DomainError(ErrorCode.UNAUTHENTICATED, 'this device was revoked; ask a manager to enroll it again');
    c.set('device', device);
    await next();
  };
}

/** Refuses (403, at `storeId`) a request about a store other than the device's own. */
export function assertDeviceStore(device: DeviceRecord, storeId: string): void {
  if (storeId === device.storeId) return;
  const message = `this device belongs to store ${device.storeId}`;
  throw new DomainError(ErrorCode.FORBIDDEN, message, [{ path: 'storeId', message }]);
}
