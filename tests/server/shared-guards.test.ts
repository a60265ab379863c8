import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './harness.js';

/**
 * Rate limits and PIN lockouts are kept in the database, so two instances behind a load balancer count the same
 * attempts: spreading guesses over instances gains nothing. Runs on SQLite (two servers on one file) and PostgreSQL.
 */
let now = Date.now();
const clock = () => new Date(now);
let a: TestServer;
let b: TestServer;

beforeAll(async () => {
  a = await startTestServer({ catalogSize: 5, clock });
  b = await startTestServer({ catalogSize: 5, clock, shareDatabaseWith: a });
});
afterAll(async () => {
  await b?.close();
  await a?.close();
});

const enroll = (server: TestServer, code: string) =>
  fetch(`${server.url}/api/devices/enroll`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ code, name: 'Till' }),
  });
const mintWithPin = async (server: TestServer, token: string, pin: string) => {
  const res = await fetch(`${server.url}/api/enrollment-codes`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ storeId: 'S1', staffNumber: '9001', pin }),
  });
  return { status: res.status, body: await res.json(), retryAfter: Number(res.headers.get('Retry-After')) };
};

describe('guards shared by two instances on one database', () => {
  it('counts enrollment attempts from one address on both: the 11th in a minute is refused wherever it lands', async () => {
    now += 120_000; // a fresh window
    for (let i = 0; i < 10; i++) expect((await enroll(i % 2 ? b : a, `WRONG-${i}`)).status).toBe(403);
    const code = await a.mintEnrollmentCode('S1');
    const onB = await enroll(b, code);
    expect(onB.status).toBe(429);
    expect(((await onB.json()) as { error: { code: string } }).error.code).toBe('RATE_LIMITED');
    expect((await enroll(a, code)).status).toBe(429);
    now += 60_000;
    expect((await enroll(b, code)).status).toBe(200); // the next window; the code was never spent
  });

  it('locks a staff number out after 5 wrong PINs spread over both instances', async () => {
    now += 120_000;
    const till = await a.enrollDevice('S1', 'Spread guesses');
    for (const server of [a, b, a, b, a]) expect((await mintWithPin(server, till.token, '1111')).status).toBe(403);
    now += 61_000; // past the per-device window: what refuses now is the lockout alone
    for (const server of [a, b]) {
      const locked = await mintWithPin(server, till.token, '9999');
      expect(locked.status).toBe(429);
      expect(locked.body.error.message).toContain('wrong PINs for staff number 9001');
      expect(locked.retryAfter).toBeGreaterThan(200);
    }
    now += 5 * 60_000;
    expect((await mintWithPin(b, till.token, '9999')).status).toBe(200);
  });

  it('applies concurrent updates of one guard from both instances one at a time (none lost)', async () => {
    const key = `test:concurrent:${now}`;
    const increment = (server: TestServer) => server.store.updateGuard<number>(key, now, (n) => ({ value: (n ?? 0) + 1, expiresAt: now + 60_000 }));
    await Promise.all(Array.from({ length: 60 }, (_, i) => increment(i % 2 ? a : b)));
    expect(await a.store.readGuard<number>(key, now)).toBe(60);
    expect(await b.store.readGuard<number>(key, now + 60_000)).toBeUndefined(); // lapsed
  });
});
