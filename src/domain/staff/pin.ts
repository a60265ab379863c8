import type { PinVerifier } from './schema.js';

/**
 * PIN hashing with WebCrypto (globalThis.crypto: browsers and Node 20), so the device that verifies offline and the
 * server that verifies a manager's PIN run the same code. PBKDF2-SHA256, 16-byte random salt, 256-bit hash.
 */
export const PIN_ITERATIONS = 100_000;

const subtle = () => {
  const s = globalThis.crypto?.subtle;
  if (!s) throw new Error('WebCrypto is not available (needs a secure context: https or localhost)');
  return s;
};

const toBase64 = (bytes: Uint8Array): string => {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
};
const fromBase64 = (b64: string): Uint8Array => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));

async function derive(pin: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const key = await subtle().importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, ['deriveBits']);
  const bits = await subtle().deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations }, key, 256);
  return new Uint8Array(bits);
}

/** A new verifier for a PIN; `salt` is injectable so demo data can be deterministic. */
export async function hashPin(pin: string, options: { iterations?: number; salt?: Uint8Array } = {}): Promise<PinVerifier> {
  const iterations = options.iterations ?? PIN_ITERATIONS;
  const salt = options.salt ?? globalThis.crypto.getRandomValues(new Uint8Array(16));
  return { algorithm: 'PBKDF2-SHA256', iterations, salt: toBase64(salt), hash: toBase64(await derive(pin, salt, iterations)) };
}

/** True when `pin` matches; the hashes are compared in constant time. */
export async function verifyPin(pin: string, verifier: PinVerifier): Promise<boolean> {
  if (verifier.algorithm !== 'PBKDF2-SHA256') return false;
  const expected = fromBase64(verifier.hash);
  const actual = await derive(pin, fromBase64(verifier.salt), verifier.iterations);
  return constantTimeEqual(actual, expected);
}

export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}
