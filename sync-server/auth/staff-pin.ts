import {
  can,
  DomainError,
  ErrorCode,
  hashPin,
  verifyPin,
  type Action,
  type Device,
  type PinVerifier,
  type StaffMember,
} from '../../src/domain/index.js';
import type { ResolvedDeps } from '../app.js';
import { RateLimitedError } from '../http/rate-limit.js';
import { findStaffByNumber } from '../policies/staff.js';

/**
 * The server's own check of a staff member acting from a device (a manager minting an enrollment code, changing
 * staff): the PIN is verified again here, never trusted from the device. PIN checks are rate limited per device,
 * and a staff number is locked out on a device after repeated wrong PINs (429 with Retry-After). Answers the
 * member; throws PIN_INVALID (at `pinPath`) for a wrong number or PIN, FORBIDDEN when the role may not do `action`.
 */
export async function authorizeStaffAction(
  deps: Pick<ResolvedDeps, 'store' | 'rateLimiters' | 'pinLockout' | 'logger'>,
  device: Device,
  credentials: { staffNumber: string; pin: string; pinPath: string },
  action: Action,
): Promise<StaffMember> {
  const { staffNumber, pin, pinPath } = credentials;
  const perDevice = await deps.rateLimiters.signInPerDevice.hit(device.id);
  if (!perDevice.allowed) throw new RateLimitedError(perDevice.retryAfterSeconds, 'PIN attempts from this device');
  const lockKey = `${device.id}:${staffNumber}`;
  const locked = await deps.pinLockout.check(lockKey);
  if (!locked.allowed) throw new RateLimitedError(locked.retryAfterSeconds, `wrong PINs for staff number ${staffNumber}`);
  const staff = await findStaffByNumber(deps.store, device.storeId, staffNumber);
  // Unknown numbers cost a hash too, so timing does not tell which staff numbers exist.
  const matches = await verifyPin(pin, staff?.pinVerifier ?? (await dummyVerifier()));
  if (!staff?.active || !matches) {
    const after = await deps.pinLockout.fail(lockKey);
    deps.logger.warn('staff PIN refused', { deviceId: device.id, storeId: device.storeId, locked: !after.allowed });
    throw new DomainError(ErrorCode.PIN_INVALID, 'staff number or PIN is wrong', [{ path: pinPath, message: 'staff number or PIN is wrong' }]);
  }
  await deps.pinLockout.succeed(lockKey);
  if (!can(staff.role, action)) throw new DomainError(ErrorCode.FORBIDDEN, `a ${staff.role} may not do ${action}`);
  return staff;
}

let dummy: Promise<PinVerifier> | undefined;
const dummyVerifier = () => (dummy ??= hashPin('00000000'));
