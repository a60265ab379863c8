import { DomainError, ErrorCode, type Clock } from '../../src/domain/index.js';
import { revokeDeviceKeys } from '../proof/device-keys.js';
import type { DeviceRecord, SyncStore } from '../store/store.js';

/**
 * Revokes a device's token: from then on every request with it answers 401, and its open SSE streams end within
 * the revocation check interval (see revocation-watch.ts). Revoking twice keeps the first time. Unknown id →
 * NOT_FOUND. Its proof-of-purchase key is revoked too. The device must be enrolled again (new code, new token) to sync again; its pushed sales stay.
 */
export async function revokeDevice(
  store: SyncStore,
  deviceId: string,
  { clock }: { clock: Clock },
): Promise<{ device: DeviceRecord; alreadyRevoked: boolean; revokedKeys: string[] }> {
  const revokedAt = clock().toISOString();
  return store.transaction(async (tx) => {
    const device = await tx.revokeDevice(deviceId, revokedAt);
    if (!device) throw new DomainError(ErrorCode.NOT_FOUND, `no device "${deviceId}"`);
    // Its proof key is revoked with it, and the revocation replicates to every till: what it signs proves nothing.
    const revokedKeys = await revokeDeviceKeys(tx, deviceId, device.revokedAt ?? revokedAt);
    return { device, alreadyRevoked: device.revokedAt !== revokedAt, revokedKeys: revokedKeys.map((k) => k.kid) };
  });
}
