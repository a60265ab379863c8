import { DomainError, ErrorCode, fromBase64Url, kidOf, PROOF_KEY_ALGORITHM, proofSubtle, type ProofKey } from '../../src/domain/index.js';
import type { StoreTx } from '../store/store.js';
import { keyDocument } from './server-keys.js';

/**
 * A device's proof key: made on the tablet at enrollment (its private half never leaves the browser), registered
 * here with enrollment or, for a device enrolled before proofs, on its first start after. One key per device for its
 * whole life: the same key again changes nothing; another one is refused, since a leaked token must not be enough to
 * sign receipts in the device's name. Revoking the device revokes its key (`revokeDeviceKeys`).
 */
export async function registerDeviceKey(
  tx: StoreTx,
  device: { id: string; storeId: string },
  publicKey: string,
  at: string,
): Promise<{ key: ProofKey; created: boolean }> {
  const raw = fromBase64Url(publicKey);
  const valid =
    raw?.length === 65 &&
    (await proofSubtle()
      .importKey('raw', raw as BufferSource, PROOF_KEY_ALGORITHM, false, ['verify'])
      .then(
        () => true,
        () => false,
      ));
  if (!valid)
    throw new DomainError(ErrorCode.VALIDATION_FAILED, 'not a P-256 public key', [{ path: 'publicKey', message: 'not a P-256 public key' }]);
  const kid = await kidOf(publicKey);
  const mine = (await tx.findByKey('keys', 'device', device.id)).filter((d) => !d.deleted).map(keyDocument);
  const same = mine.find((k) => k.kid === kid);
  if (same) return { key: same, created: false };
  if (mine.length > 0)
    throw new DomainError(
      ErrorCode.FORBIDDEN,
      `this device already signs with key ${mine[0]!.kid}; a device keeps one key for life: reset and enroll it again for a new one`,
    );
  if (await tx.getDocument('keys', kid)) throw new DomainError(ErrorCode.FORBIDDEN, `key ${kid} already belongs to another signer`);
  const key: ProofKey = {
    kid,
    publicKey,
    signer: 'device',
    deviceId: device.id,
    storeId: device.storeId,
    status: 'active',
    createdAt: at,
    retiredAt: null,
    revokedAt: null,
  };
  await tx.putDocuments([{ collection: 'keys', id: kid, storeId: '', body: key }]);
  return { key, created: true };
}

/** Revokes every key of a device, in the revocation's transaction: what it signs from now on proves nothing. */
export async function revokeDeviceKeys(tx: StoreTx, deviceId: string, at: string): Promise<ProofKey[]> {
  const keys = (await tx.findByKey('keys', 'device', deviceId)).filter((d) => !d.deleted).map(keyDocument);
  const revoked = keys.filter((k) => k.status !== 'revoked').map((k) => ({ ...k, status: 'revoked' as const, revokedAt: at }));
  if (revoked.length > 0) await tx.putDocuments(revoked.map((k) => ({ collection: 'keys', id: k.kid, storeId: '', body: k })));
  return revoked;
}
