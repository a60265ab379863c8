import { createECDH, createPublicKey, hkdfSync, createDecipheriv, randomBytes, verify } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for a browser's push service (FCM, Mozilla autopush, Apple), on 127.0.0.1, written from the RFCs with
 * node:crypto alone (not with the library the server sends with), so it checks the server rather than agreeing with it:
 * - VAPID (RFC 8292): `Authorization: vapid t=<JWT>, k=<public key>`; the JWT is ES256, signed by k's private key,
 *   for this origin (`aud`), not expired, with a contact (`sub`);
 * - the payload (RFC 8291, aes128gcm of RFC 8188) decrypts with the subscription's private key and auth secret.
 * Each subscription it hands out is a browser's: its own P-256 key pair and auth secret.
 */
export interface PushedMessage {
  subscriptionId: string;
  status: number;
  headers: IncomingHttpHeaders;
  /** Why the request is not a valid Web Push request; undefined when it is. */
  invalid: string | undefined;
  vapid: { publicKey: string; claims: Record<string, unknown> } | undefined;
  /** The decrypted payload, parsed as JSON. */
  payload: unknown;
  /** When the request came in (ms since the epoch, fractional; comparable across processes: the benchmark times it). */
  receivedAt: number;
}

export interface StandInSubscription {
  id: string;
  /** What PushSubscription.toJSON() gives a page. */
  json: { endpoint: string; expirationTime: null; keys: { p256dh: string; auth: string } };
}

export interface PushServiceStandIn {
  url: string;
  received: PushedMessage[];
  subscribe(): StandInSubscription;
  /** How the service answers a valid request for a subscription (default 201); an invalid request gets 400. */
  respond: (subscriptionId: string) => number;
  close(): Promise<void>;
}

export async function startPushServiceStandIn(): Promise<PushServiceStandIn> {
  const browsers = new Map<string, { ecdh: ReturnType<typeof createECDH>; auth: Buffer }>();
  const received: PushedMessage[] = [];
  const server = createServer((req, res) => {
    const receivedAt = performance.timeOrigin + performance.now();
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const subscriptionId = /^\/push\/([\w-]+)$/.exec(req.url ?? '')?.[1] ?? '';
      const browser = browsers.get(subscriptionId);
      let checked: Pick<PushedMessage, 'vapid' | 'payload'> = { vapid: undefined, payload: undefined };
      let invalid: string | undefined;
      try {
        if (req.method !== 'POST') throw new Error(`method ${req.method}`);
        if (!browser) throw new Error('unknown subscription');
        const vapid = checkVapid(req.headers.authorization, `http://${req.headers.host}`);
        if (req.headers['content-encoding'] !== 'aes128gcm') throw new Error(`Content-Encoding ${req.headers['content-encoding']}`);
        if (!/^\d+$/.test(String(req.headers.ttl))) throw new Error('no TTL header');
        checked = { vapid, payload: JSON.parse(decrypt(Buffer.concat(chunks), browser.ecdh, browser.auth).toString('utf8')) };
      } catch (error) {
        invalid = error instanceof Error ? error.message : String(error);
      }
      const status = invalid ? 400 : stand.respond(subscriptionId);
      received.push({ subscriptionId, status, headers: req.headers, invalid, ...checked, receivedAt });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let count = 0;
  const stand: PushServiceStandIn = {
    url,
    received,
    respond: () => 201,
    subscribe() {
      const id = `sub-${++count}-${randomBytes(4).toString('hex')}`;
      const ecdh = createECDH('prime256v1');
      ecdh.generateKeys();
      const auth = randomBytes(16);
      browsers.set(id, { ecdh, auth });
      return {
        id,
        json: {
          endpoint: `${url}/push/${id}`,
          expirationTime: null,
          keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: auth.toString('base64url') },
        },
      };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return stand;
}

/** RFC 8292: checks the JWT's signature against `k`, its audience and expiry; answers the key and the claims. */
function checkVapid(authorization: string | undefined, origin: string) {
  const match = /^vapid t=([\w-]+\.[\w-]+\.[\w-]+), k=([\w-]+)$/.exec(authorization ?? '');
  if (!match) throw new Error(`Authorization is not "vapid t=…, k=…": ${authorization}`);
  const [, jwt, k] = match as unknown as [string, string, string];
  const [header, claims, signature] = jwt.split('.') as [string, string, string];
  const headerJson = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as { alg?: string };
  if (headerJson.alg !== 'ES256') throw new Error(`JWT alg ${headerJson.alg}`);
  const point = Buffer.from(k, 'base64url');
  if (point.length !== 65 || point[0] !== 4) throw new Error('k is not an uncompressed P-256 point');
  const key = createPublicKey({
    key: { kty: 'EC', crv: 'P-256', x: point.subarray(1, 33).toString('base64url'), y: point.subarray(33).toString('base64url') },
    format: 'jwk',
  });
  const signed = verify('sha256', Buffer.from(`${header}.${claims}`), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature, 'base64url'));
  if (!signed) throw new Error('JWT signature does not verify against k');
  const body = JSON.parse(Buffer.from(claims, 'base64url').toString('utf8')) as Record<string, unknown>;
  if (body.aud !== origin) throw new Error(`JWT aud ${String(body.aud)}, expected ${origin}`);
  const now = Math.floor(Date.now() / 1000);
  if (typeof body.exp !== 'number' || body.exp <= now || body.exp > now + 24 * 3600) throw new Error(`JWT exp ${String(body.exp)} not within 24 h`);
  if (typeof body.sub !== 'string' || !/^(mailto:|https:)/.test(body.sub)) throw new Error(`JWT sub ${String(body.sub)}`);
  return { publicKey: k, claims: body };
}

/** RFC 8291 with RFC 8188's aes128gcm: one record, header salt | rs | idlen | keyid (the sender's public key). */
function decrypt(body: Buffer, ecdh: ReturnType<typeof createECDH>, authSecret: Buffer): Buffer {
  const salt = body.subarray(0, 16);
  const idLength = body[20]!;
  const senderPublic = body.subarray(21, 21 + idLength);
  const record = body.subarray(21 + idLength);
  const ecdhSecret = ecdh.computeSecret(senderPublic);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), ecdh.getPublicKey(), senderPublic]);
  const ikm = Buffer.from(hkdfSync('sha256', ecdhSecret, authSecret, keyInfo, 32));
  const cek = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16));
  const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12));
  const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(record.subarray(record.length - 16));
  const padded = Buffer.concat([decipher.update(record.subarray(0, record.length - 16)), decipher.final()]);
  // The last record's plaintext ends with the delimiter 0x02, then zero padding.
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end--;
  if (padded[end] !== 2) throw new Error('no last-record delimiter');
  return padded.subarray(0, end);
}
