import { fromBase64Url, toBase64Url } from './base64url.js';
import { encodeSummary } from './encoding.js';
import { PROOF_SIGNATURE_ALGORITHM, proofSubtle } from './keys.js';
import type { ProofSummary } from './schema.js';

/** Every proof starts with this: a scanner tells a proof from a receipt link or a pickup code by it. */
export const PROOF_PREFIX = 'VP1.';

/** What is signed: the prefix, the key id and the compact summary, exactly as the text carries them. */
export const proofSigningInput = (kid: string, compact: string): string => `${PROOF_PREFIX}${kid}.${compact}`;

/**
 * The QR text `VP1.<kid>.<signature>.<summary>`: the signature (ECDSA P-256 / SHA-256, raw r‖s, base64url) before
 * the summary, so the summary (which may hold dots) is simply the rest.
 */
export const assembleProof = (kid: string, signature: Uint8Array, compact: string): string =>
  `${PROOF_PREFIX}${kid}.${toBase64Url(signature)}.${compact}`;

/** Signs a summary with a private key (a device's non-extractable key, or the server's). */
export async function signProof(summary: ProofSummary, key: { kid: string; privateKey: CryptoKey }): Promise<string> {
  const compact = encodeSummary(summary);
  const data = new TextEncoder().encode(proofSigningInput(key.kid, compact));
  const signature = new Uint8Array(await proofSubtle().sign(PROOF_SIGNATURE_ALGORITHM, key.privateKey, data));
  return assembleProof(key.kid, signature, compact);
}

export interface ProofParts {
  kid: string;
  signature: Uint8Array;
  compact: string;
}

/** The parts of a proof text, or null when it is not one. */
export function splitProof(text: string): ProofParts | null {
  const trimmed = text.trim();
  if (!trimmed.startsWith(PROOF_PREFIX)) return null;
  const rest = trimmed.slice(PROOF_PREFIX.length);
  const firstDot = rest.indexOf('.');
  const secondDot = rest.indexOf('.', firstDot + 1);
  if (firstDot <= 0 || secondDot <= firstDot + 1) return null;
  const kid = rest.slice(0, firstDot);
  const signature = fromBase64Url(rest.slice(firstDot + 1, secondDot));
  if (signature?.length !== 64 || !/^[A-Za-z0-9_-]+$/.test(kid)) return null;
  return { kid, signature, compact: rest.slice(secondDot + 1) };
}
