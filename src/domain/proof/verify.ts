import { DomainError, ErrorCode } from '../kernel/errors.js';
import { fromBase64Url } from './base64url.js';
import { decodeSummary } from './encoding.js';
import { PROOF_KEY_ALGORITHM, PROOF_SIGNATURE_ALGORITHM, proofSubtle } from './keys.js';
import type { ProofKey, ProofSigner, ProofSummary } from './schema.js';
import { proofSigningInput, splitProof } from './sign.js';

export type ProofReading = { ok: true; summary: ProofSummary; signer: ProofSigner } | DomainError;

const LOOK_UP = 'look the purchase up by its receipt or order number instead';

/**
 * Reads a scanned proof of purchase against the device's keyring, offline: the summary and who signed it, or why it
 * may not be trusted. A retired key (the server rotated) still verifies what it signed; a revoked one (a lost or
 * stolen till) verifies nothing. A device signs only its own store's sales, so a device key vouching for an online
 * order or another store's sale is refused as tampered.
 */
export async function readProofOfPurchase(text: string, keyring: readonly ProofKey[], now: Date): Promise<ProofReading> {
  const parts = splitProof(text);
  if (!parts) return new DomainError(ErrorCode.PROOF_MALFORMED, `this QR code is not a Vitrine proof of purchase; ${LOOK_UP}`);
  const key = keyring.find((k) => k.kid === parts.kid);
  if (!key)
    return new DomainError(
      ErrorCode.PROOF_UNKNOWN_KEY,
      `this proof of purchase was signed with a key this device does not know (${parts.kid}): connect to the network so the device syncs its keys, or ${LOOK_UP}`,
    );
  if (key.status === 'revoked' || (key.revokedAt !== null && Date.parse(key.revokedAt) <= now.getTime()))
    return new DomainError(
      ErrorCode.PROOF_KEY_REVOKED,
      `this proof of purchase was signed with a key that was revoked (${key.signer === 'device' ? 'a till taken out of service' : "the server's key"}, ${key.kid}): do not accept it as proof; ${LOOK_UP}`,
    );
  const raw = fromBase64Url(key.publicKey);
  let verified = false;
  if (raw) {
    try {
      const publicKey = await proofSubtle().importKey('raw', raw as BufferSource, PROOF_KEY_ALGORITHM, false, ['verify']);
      const data = new TextEncoder().encode(proofSigningInput(parts.kid, parts.compact));
      verified = await proofSubtle().verify(PROOF_SIGNATURE_ALGORITHM, publicKey, parts.signature as BufferSource, data);
    } catch {
      verified = false;
    }
  }
  const tampered = (why: string) =>
    new DomainError(ErrorCode.PROOF_TAMPERED, `this proof of purchase was altered after it was signed (${why}): do not accept it; ${LOOK_UP}`);
  if (!verified) return tampered('its signature does not match what it says');
  const summary = decodeSummary(parts.compact);
  if (!summary) return new DomainError(ErrorCode.PROOF_MALFORMED, `this proof of purchase could not be read; ${LOOK_UP}`);
  if (key.signer === 'device' && (summary.kind !== 'sale' || summary.storeId !== key.storeId))
    return tampered(
      `a till of store ${key.storeId ?? '?'} cannot vouch for ${summary.kind === 'sale' ? `a sale of store ${summary.storeId}` : 'an online order'}`,
    );
  return {
    ok: true,
    summary,
    signer: {
      kid: key.kid,
      signer: key.signer,
      deviceId: key.deviceId,
      storeId: key.storeId,
      status: key.status === 'retired' ? 'retired' : 'active',
    },
  };
}
