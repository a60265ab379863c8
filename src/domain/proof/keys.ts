import { toBase64Url } from './base64url.js';

/**
 * Proof keys are ECDSA P-256 (WebCrypto in the browser and in Node 20: `globalThis.crypto.subtle`). A key id is a
 * thumbprint of the public key (SHA-256 of its raw point, first 8 bytes, base64url: 11 characters), so a QR names
 * its key in a few bytes and two keys never share an id by accident.
 */
export const PROOF_KEY_ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256' } as const;
export const PROOF_SIGNATURE_ALGORITHM = { name: 'ECDSA', hash: 'SHA-256' } as const;

export const proofSubtle = (): SubtleCrypto => {
  const s = globalThis.crypto?.subtle;
  if (!s) throw new Error('WebCrypto is not available (needs a secure context: https or localhost)');
  return s;
};

/** A new key pair; a device's private key is not extractable (it never leaves the browser's key store). */
export async function generateProofKeyPair(extractable = false): Promise<CryptoKeyPair> {
  return (await proofSubtle().generateKey(PROOF_KEY_ALGORITHM, extractable, ['sign', 'verify'])) as CryptoKeyPair;
}

/** The public key as the keyring holds it: the raw uncompressed point, base64url (87 characters). */
export async function exportProofPublicKey(publicKey: CryptoKey): Promise<string> {
  return toBase64Url(new Uint8Array(await proofSubtle().exportKey('raw', publicKey)));
}

export async function kidOf(publicKey: string): Promise<string> {
  const digest = new Uint8Array(await proofSubtle().digest('SHA-256', new TextEncoder().encode(publicKey)));
  return toBase64Url(digest.subarray(0, 8));
}
