import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { mintEnrollmentCode } from '../auth/enrollment.js';
import { silentLogger } from '../logger.js';
import { tempStore } from '../testing/temp-store.js';
import { clientIpOf, createFailureLockout, createRateLimiter } from './rate-limit.js';
import { Hono } from 'hono';

const disposers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const d of disposers.splice(0)) await d();
});

const manualClock = (start = Date.parse('2026-11-23T10:00:00.000Z')) => {
  let now = start;
  return {
    clock: () => new Date(now),
    advance: (ms: number) => {
      now += ms;
    },
  };
};

describe('createFailureLockout', () => {
  it('locks a key after maxFailures failures for lockMs, per key; a success clears the count', async () => {
    const { store, dispose } = await tempStore();
    disposers.push(dispose);
    const { clock, advance } = manualClock();
    const lockout = createFailureLockout({ maxFailures: 3, lockMs: 300_000 }, store, clock);
    expect((await lockout.fail('d1:9001')).allowed).toBe(true);
    await lockout.succeed('d1:9001');
    expect((await lockout.fail('d1:9001')).allowed).toBe(true);
    expect((await lockout.fail('d1:9001')).allowed).toBe(true);
    expect(await lockout.fail('d1:9001')).toEqual({ allowed: false, retryAfterSeconds: 300 });
    expect((await lockout.check('d2:9001')).allowed).toBe(true);
    advance(120_000);
    expect(await lockout.check('d1:9001')).toEqual({ allowed: false, retryAfterSeconds: 180 });
    advance(180_000);
    expect((await lockout.check('d1:9001')).allowed).toBe(true);
  });

  it('is shared through the database: a lockout made by one instance holds on another', async () => {
    const { store, dispose } = await tempStore();
    disposers.push(dispose);
    const { clock } = manualClock();
    const policy = { maxFailures: 2, lockMs: 60_000 };
    const [one, two] = [createFailureLockout(policy, store, clock), createFailureLockout(policy, store, clock)];
    await one.fail('d1:9001');
    expect((await two.fail('d1:9001')).allowed).toBe(false);
    expect(await one.check('d1:9001')).toEqual({ allowed: false, retryAfterSeconds: 60 });
  });
});

describe('createRateLimiter (fixed window)', () => {
  it('allows `limit` hits per key per window, then answers the seconds until the window ends', async () => {
    const { store, dispose } = await tempStore();
    disposers.push(dispose);
    const { clock, advance } = manualClock();
    const limiter = createRateLimiter('test', { limit: 3, windowMs: 60_000 }, store, clock);
    for (let i = 0; i < 3; i++) expect((await limiter.hit('a')).allowed).toBe(true);
    advance(15_500);
    expect(await limiter.hit('a')).toEqual({ allowed: false, retryAfterSeconds: 45 });
    expect((await limiter.hit('b')).allowed).toBe(true); // keys are independent
    advance(44_500);
    expect((await limiter.hit('a')).allowed).toBe(true); // a new window
  });

  it('counts the attempts of every instance on the database; lapsed windows are swept', async () => {
    const { store, dispose } = await tempStore();
    disposers.push(dispose);
    const { clock, advance } = manualClock();
    const [one, two] = [0, 1].map(() => createRateLimiter('test', { limit: 4, windowMs: 60_000 }, store, clock));
    for (let i = 0; i < 2; i++) expect((await one!.hit('10.0.0.7')).allowed).toBe(true);
    for (let i = 0; i < 2; i++) expect((await two!.hit('10.0.0.7')).allowed).toBe(true);
    expect((await one!.hit('10.0.0.7')).allowed).toBe(false);
    expect((await two!.hit('10.0.0.7')).allowed).toBe(false);
    advance(60_000);
    expect(await store.sweepGuards(clock().getTime())).toBe(1);
    expect(await store.readGuard('rate:test:10.0.0.7', clock().getTime())).toBeUndefined();
    expect((await two!.hit('10.0.0.7')).allowed).toBe(true);
  });
});

describe('guards in the database', () => {
  it('are swept by an update at most once a minute, whichever limiter makes it', async () => {
    const { store, dispose } = await tempStore();
    disposers.push(dispose);
    const { clock, advance } = manualClock();
    const enroll = createRateLimiter('enroll', { limit: 4, windowMs: 30_000 }, store, clock);
    const lockout = createFailureLockout({ maxFailures: 3, lockMs: 30_000 }, store, clock);
    await enroll.hit('10.0.0.7'); // the first update sweeps (nothing yet)
    await lockout.fail('d1:9001');
    advance(61_000); // both lapsed
    await enroll.hit('10.0.0.8'); // a minute since the last sweep: this update sweeps both lapsed rows
    expect(await store.sweepGuards(clock().getTime())).toBe(0);
  });
});

describe('clientIpOf', () => {
  it('uses the last X-Forwarded-For entry only when trusting a proxy', async () => {
    const app = new Hono();
    app.get('/trust', (c) => c.text(clientIpOf(true)(c)));
    app.get('/direct', (c) => c.text(clientIpOf(false)(c)));
    const headers = { 'X-Forwarded-For': '6.6.6.6, 10.0.0.7' };
    expect(await (await app.request('/trust', { headers })).text()).toBe('10.0.0.7');
    expect(await (await app.request('/direct', { headers })).text()).toBe('unknown'); // no socket in app.request
  });
});

describe('POST /api/devices/enroll rate limits', () => {
  async function setup() {
    const t = await tempStore();
    disposers.push(t.dispose);
    const time = manualClock();
    const app = createApp({ store: t.store, logger: silentLogger, clock: time.clock, clientIp: (c) => c.req.header('x-test-ip') ?? '?' });
    const enroll = (code: string, ip: string) =>
      app.request('/api/devices/enroll', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'x-test-ip': ip },
        body: JSON.stringify({ code, name: 'Till' }),
      });
    return { ...t, ...time, app, enroll };
  }

  it('answers 429 RATE_LIMITED with Retry-After after 10 attempts per minute from one IP, even with a valid code', async () => {
    const { enroll, store, clock, advance } = await setup();
    for (let i = 0; i < 10; i++) expect((await enroll(`WRONG-CODE-${i}`, '1.2.3.4')).status).toBe(403);
    const { code } = await mintEnrollmentCode(store, 'S1', { clock });
    const limited = await enroll(code, '1.2.3.4');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('60');
    expect((await limited.json()).error.code).toBe('RATE_LIMITED');
    expect((await enroll(code, '5.6.7.8')).status).toBe(200); // another address is not affected

    advance(60_000);
    const { code: next } = await mintEnrollmentCode(store, 'S1', { clock });
    expect((await enroll(next, '1.2.3.4')).status).toBe(200); // the next window
  });

  it('limits attempts per code typed across addresses (5 per minute), however the code is written', async () => {
    const { enroll } = await setup();
    const tries = ['ABCD-EFGH-JKMN', 'abcd efgh jkmn', 'ABCDEFGHJKMN', 'abcd-efgh-jkmn', 'A B C D E F G H J K M N'];
    for (const [i, typed] of tries.entries()) expect((await enroll(typed, `10.0.0.${i}`)).status).toBe(403);
    const limited = await enroll('ABCD-EFGH-JKMN', '10.0.0.99');
    expect(limited.status).toBe(429);
    expect((await limited.json()).error.code).toBe('RATE_LIMITED');
    expect((await enroll('ZZZZ-EFGH-JKMN', '10.0.0.99')).status).toBe(403); // another code is still checked
  });
});
