import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signatures. Each delivery carries
 *   Vitrine-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>
 * The receiver recomputes the HMAC over the timestamp, a dot and the raw body bytes exactly as received, compares in
 * constant time, and refuses a timestamp too far from its clock (replays). `t` is fresh on every attempt.
 */
export const SIGNATURE_HEADER = 'Vitrine-Signature';

export function signPayload(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

export const signatureHeader = (secret: string, timestamp: number, body: string): string =>
  `t=${timestamp},v1=${signPayload(secret, timestamp, body)}`;

export type SignatureCheck = { ok: true; timestamp: number } | { ok: false; reason: string };

/** Checks a Vitrine-Signature header against the raw body; `toleranceSeconds` bounds the timestamp's age. */
export function verifySignature(
  secret: string,
  header: string | undefined | null,
  body: string,
  { now = Date.now(), toleranceSeconds = 300 }: { now?: number; toleranceSeconds?: number } = {},
): SignatureCheck {
  if (!header) return { ok: false, reason: `no ${SIGNATURE_HEADER} header` };
  const parts = new Map(header.split(',').map((p) => p.trim().split('=', 2) as [string, string]));
  const timestamp = Number(parts.get('t'));
  const given = parts.get('v1');
  if (!Number.isInteger(timestamp) || !given) return { ok: false, reason: 'malformed signature header' };
  if (Math.abs(now / 1000 - timestamp) > toleranceSeconds)
    return { ok: false, reason: `timestamp ${timestamp} outside the ${toleranceSeconds} s tolerance` };
  const expected = Buffer.from(signPayload(secret, timestamp, body), 'hex');
  const actual = Buffer.from(given, 'hex');
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return { ok: false, reason: 'signature does not match' };
  return { ok: true, timestamp };
}
