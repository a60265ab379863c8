import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { mintEnrollmentCode } from '../auth/enrollment.js';
import { createJsonLogger, type LogLevel } from '../logger.js';
import { tempStore } from '../testing/temp-store.js';

const disposers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const d of disposers.splice(0)) await d();
});

async function setup() {
  const t = await tempStore();
  disposers.push(t.dispose);
  const lines: string[] = [];
  const logger = createJsonLogger({ level: 'debug', now: () => new Date('2026-11-23T10:00:00.000Z'), write: (line) => lines.push(line) });
  let n = 0;
  const app = createApp({ store: t.store, logger, requestId: () => `gen-${++n}` });
  const logged = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  return { ...t, app, lines, logged };
}

describe('request log', () => {
  it('writes one JSON line per request with method, path, status, duration, request id, device and store', async () => {
    const { app, logged } = await setup();
    const res = await app.request('/sync/products/0/pull?limit=5&checkpoint=%7B%22seq%22%3A0%7D', { headers: { Authorization: 'Bearer tok' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('gen-1');
    const [line, ...rest] = logged();
    expect(rest).toEqual([]);
    expect(line).toEqual({
      time: '2026-11-23T10:00:00.000Z',
      level: 'info',
      msg: 'request',
      method: 'GET',
      path: '/sync/products/0/pull',
      status: 200,
      durationMs: expect.any(Number),
      requestId: 'gen-1',
      deviceId: 'd1',
      storeId: 'S1',
    });
  });

  it('keeps a sane client X-Request-Id and replaces a malformed or overlong one', async () => {
    const { app, logged } = await setup();
    const kept = await app.request('/health', { headers: { 'X-Request-Id': 'lb-7f3a.1:2=x' } });
    expect(kept.headers.get('x-request-id')).toBe('lb-7f3a.1:2=x');
    const bad = await app.request('/health', { headers: { 'X-Request-Id': 'a b<script>' } });
    expect(bad.headers.get('x-request-id')).toBe('gen-1');
    const long = await app.request('/health', { headers: { 'X-Request-Id': 'x'.repeat(129) } });
    expect(long.headers.get('x-request-id')).toBe('gen-2');
    // Probes log at debug, so LOG_LEVEL=info keeps them out of the way.
    expect(logged().map((l) => [l.level, l.requestId])).toEqual([
      ['debug', 'lb-7f3a.1:2=x'],
      ['debug', 'gen-1'],
      ['debug', 'gen-2'],
    ]);
  });

  it('echoes the request id on an SSE stream', async () => {
    const { app } = await setup();
    const res = await app.request('/sync/stock/0/pull-stream', { headers: { Authorization: 'Bearer tok', 'X-Request-Id': 'sse-1' } });
    expect(res.headers.get('x-request-id')).toBe('sse-1');
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    await res.body!.cancel();
  });

  it('echoes the request id on errors and logs the status, without device fields when unauthenticated', async () => {
    const { app, logged } = await setup();
    const res = await app.request('/sync/products/0/pull', { headers: { Authorization: 'Bearer nope', 'X-Request-Id': 'r1' } });
    expect(res.status).toBe(401);
    expect(res.headers.get('x-request-id')).toBe('r1');
    const [line] = logged();
    expect(line).toMatchObject({ status: 401, requestId: 'r1', path: '/sync/products/0/pull' });
    expect(line).not.toHaveProperty('deviceId');
  });

  it('never logs tokens or enrollment codes', async () => {
    const { app, store, lines } = await setup();
    const { code } = await mintEnrollmentCode(store, 'S1', { clock: () => new Date() });
    const enrolled = await app.request('/api/devices/enroll', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ code, name: 'Till 9' }),
    });
    expect(enrolled.status).toBe(200);
    const { token } = (await enrolled.json()) as { token: string };
    await app.request(`/api/me?token=${token}`, { headers: { Authorization: `Bearer ${token}` } });
    await app.request('/api/devices/enroll', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ code, name: 'again' }),
    });
    const all = lines.join('\n');
    expect(lines.length).toBeGreaterThanOrEqual(4);
    expect(all).not.toContain(token);
    expect(all).not.toContain(code);
    expect(all).not.toContain(code.replace(/-/g, ''));
    expect(all).not.toContain('tok"');
  });
});

describe('createJsonLogger', () => {
  it('filters by level and writes warn and error with their level', () => {
    const out: [string, LogLevel][] = [];
    const logger = createJsonLogger({ level: 'warn', now: () => new Date(0), write: (l, lvl) => out.push([l, lvl]) });
    logger.debug?.('d');
    logger.info('i');
    logger.warn('w', { a: 1 });
    logger.error('e');
    expect(out).toEqual([
      ['{"time":"1970-01-01T00:00:00.000Z","level":"warn","msg":"w","a":1}', 'warn'],
      ['{"time":"1970-01-01T00:00:00.000Z","level":"error","msg":"e"}', 'error'],
    ]);
    const silent: string[] = [];
    createJsonLogger({ level: 'silent', write: (l) => silent.push(l) }).error('x');
    expect(silent).toEqual([]);
  });
});
