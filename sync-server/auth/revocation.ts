import { DomainError, ErrorCode, type Clock } from '../../src/domain/index.js';
import type { DeviceRecord, SyncStore } from '../store/store.js';

/**
 * Revokes a device's token: from then on every request with it answers 401, and its open SSE streams end within
 * the revocation check interval (see revocation-watch.ts). Revoking twice keeps the first time. Unknown id →
 * NOT_FOUND. The device must be enrolled again (new code, new token) to sync again; its pushed sales stay.
 */
export async function revokeDevice(
  store: SyncStore,
  deviceId: string,
  { clock }: { clock: Clock },
): Promise<{ device: DeviceRecord; alreadyRevoked: boolean }> {
  const revokedAt = clock().toISOString();
  return store.transaction(async (tx) => {
    const device = await tx.revokeDevice(deviceId, revokedAt);
    if (!device) throw new DomainError(ErrorCode.NOT_FOUND, `no device "${deviceId}"`);
    return { device, alreadyRevoked: device.revokedAt !== revokedAt };
  });
}
