import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collections, type EnrollResponse } from '../../src/domain/index.js';
import { JSON_BODY_MAX_BYTES, PUSH_BODY_MAX_BYTES } from '../../sync-server/http/body.js';
import { cashSale, pushRow } from './client.js';
import { startTestServer, type TestServer } from './harness.js';

/**
 * Bodies an attacker (or a broken client) sends, over real HTTP: each route refuses what it does not need (413),
 * what is not JSON (415, 400) and what nests too deep (400) before parsing it, writes nothing, and says why in the
 * one error body.
 */
let server: TestServer;
let till: EnrollResponse;

beforeAll(async () => {
  server = await startTestServer({ catalogSize: 60 });
  till = await server.enrollDevice('S1');
});
afterAll(() => server.close());

const pushPath = () => `/sync/sales/${collections.sales.version}/push`;

async function post(path: string, body: BodyInit, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${till.token}`, 'Content-Type': 'application/json', ...headers },
    body,
    ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
  } as RequestInit);
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

/** A body streamed in 64 KiB chunks without Content-Length (chunked transfer encoding). */
function chunked(chunk: string, totalBytes: number): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(chunk.repeat(Math.ceil(65_536 / chunk.length)));
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= totalBytes) return controller.close();
      sent += bytes.length;
      controller.enqueue(bytes);
    },
  });
}

const sale = (lines = 1) =>
  cashSale(
    till.store,
    till.deviceId,
    server.products.slice(0, lines).map((product) => ({ product, quantity: 1 })),
  );
const storedSale = (id: string) => server.store.getDocument('sales', id);

describe('body limits sized per route', () => {
  it('accepts a push of 50 sales of 5 lines (what the app sends) and a push near the limit', async () => {
    const batch = Array.from({ length: 50 }, () => pushRow(sale(5)));
    const res = await post(pushPath(), JSON.stringify(batch));
    expect(res.status).toBe(200);
    expect(await storedSale(batch[0]!.newDocumentState.id)).toBeDefined();
    // 50 rows of 60-line sales: far more than a store's baskets weigh, still under the limit.
    const heavy = JSON.stringify(Array.from({ length: 50 }, () => pushRow(sale(60))));
    expect(heavy.length).toBeGreaterThan(PUSH_BODY_MAX_BYTES / 2);
    expect((await post(pushPath(), heavy)).status).toBe(200);
  });

  it('answers a push larger than its limit 413 PAYLOAD_TOO_LARGE, declared or streamed, and writes nothing', async () => {
    const row = pushRow(sale());
    const padded = JSON.stringify([{ ...row, padding: 'x'.repeat(PUSH_BODY_MAX_BYTES) }]);
    const declared = await post(pushPath(), padded);
    expect(declared.status).toBe(413);
    expect(declared.body.error).toEqual({ code: 'PAYLOAD_TOO_LARGE', message: `body larger than ${PUSH_BODY_MAX_BYTES} bytes`, fieldErrors: [] });

    const streamed = await post(pushPath(), chunked(' ', 2 * PUSH_BODY_MAX_BYTES));
    expect(streamed.status).toBe(413);
    expect(streamed.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(await storedSale(row.newDocumentState.id)).toBeUndefined();
  });

  it('gives a command route (enrollment) a far smaller limit than a push', async () => {
    const res = await post('/api/devices/enroll', JSON.stringify({ code: 'ABCD-EFGH', name: 'x'.repeat(JSON_BODY_MAX_BYTES) }));
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(JSON_BODY_MAX_BYTES).toBeLessThan(PUSH_BODY_MAX_BYTES / 8);
  });
});

describe('bodies that are not JSON, or nest too deep', () => {
  it('answers malformed JSON 400 VALIDATION_FAILED at (root)', async () => {
    const res = await post(pushPath(), '[{"newDocumentState": {"id": ');
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({
      code: 'VALIDATION_FAILED',
      message: 'body must be JSON',
      fieldErrors: [{ path: '(root)', message: 'not valid JSON' }],
    });
  });

  it('refuses deep nesting 400 from its first bytes, under the size limit, declared or streamed', async () => {
    const nested = '['.repeat(PUSH_BODY_MAX_BYTES / 2);
    for (const body of [nested, chunked('[', PUSH_BODY_MAX_BYTES / 2)]) {
      const started = performance.now();
      const res = await post(pushPath(), body);
      expect(res.status).toBe(400);
      expect(res.body.error.fieldErrors).toEqual([{ path: '(root)', message: 'nested deeper than 32 levels' }]);
      expect(performance.now() - started).toBeLessThan(2_000);
    }
    // A valid body's own brackets inside strings do not count.
    const bracketsInText = sale();
    bracketsInText.lines[0]!.name = '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[';
    expect((await post(pushPath(), JSON.stringify([pushRow(bracketsInText)]))).status).toBe(200);
  });

  it('answers a push or an enrollment that is not declared application/json 415, and writes nothing', async () => {
    const row = pushRow(sale());
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded']) {
      const push = await post(pushPath(), JSON.stringify([row]), { 'Content-Type': contentType });
      expect(push.status, contentType).toBe(415);
      expect(push.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
      const enroll = await post('/api/devices/enroll', JSON.stringify({ code: 'ABCD-EFGH', name: 'Till' }), { 'Content-Type': contentType });
      expect(enroll.status, contentType).toBe(415);
    }
    expect(await storedSale(row.newDocumentState.id)).toBeUndefined();
    const utf8 = await post(pushPath(), JSON.stringify([row]), { 'Content-Type': 'application/json; charset=utf-8' });
    expect(utf8.status).toBe(200);
    expect(await storedSale(row.newDocumentState.id)).toBeDefined();
  });
});

describe('security headers on API answers', () => {
  it('sends nosniff, no framing, no referrer and a CSP that lets an answer load nothing', async () => {
    for (const res of [
      await fetch(`${server.url}/health`),
      await fetch(`${server.url}/sync/products/0/pull`, { headers: { Authorization: `Bearer ${till.token}` } }),
    ]) {
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
      await res.body?.cancel();
    }
  });
});
