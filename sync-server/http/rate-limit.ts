import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { DomainError, ErrorCode, lockoutState, recordFailure, type Clock, type LockoutPolicy, type LockoutRecord } from '../../src/domain/index.js';
import type { GuardStore } from '../store/store.js';

export interface RateLimit {
  /** Attempts allowed per window. */
  limit: number;
  windowMs: number;
}

/** The limits in force. */
export interface RateLimits {
  /** POST /api/devices/enroll per client IP. */
  enrollPerIp: RateLimit;
  /** POST /api/devices/enroll per code typed (normalized), whatever the IP: one code cannot be hammered from many. */
  enrollPerCode: RateLimit;
  /** Staff PIN checks on the server (POST /api/enrollment-codes) per device, whatever the staff number. */
  signInPerDevice: RateLimit;
  /** Wrong PINs for one staff number from one device before that number is locked out there. */
  pinLockout: LockoutPolicy;
  /** The customer's pickup page and its state and arrival routes (/pickup/…) per client IP, whatever the token. */
  pickupPerIp: RateLimit;
  /** The same per pickup token (the page polls its state every 5 s). */
  pickupPerToken: RateLimit;
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  enrollPerIp: { limit: 10, windowMs: 60_000 },
  enrollPerCode: { limit: 5, windowMs: 60_000 },
  signInPerDevice: { limit: 5, windowMs: 60_000 },
  pinLockout: { maxFailures: 5, lockMs: 5 * 60_000 },
  // Many phones may share an address (a mobile carrier's NAT, the store's Wi-Fi): generous per IP.
  pickupPerIp: { limit: 300, windowMs: 60_000 },
  pickupPerToken: { limit: 60, windowMs: 60_000 },
};

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

const ALLOWED: RateDecision = { allowed: true };
const refusal = (remainingMs: number): RateDecision => ({ allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(remainingMs / 1000)) });

export interface RateLimiter {
  /** Counts one attempt for `key` and says whether it is allowed. */
  hit(key: string): Promise<RateDecision>;
}

interface RateWindow {
  /** Epoch ms the window opened. */
  start: number;
  count: number;
}

/**
 * Fixed-window counter per key, kept in the database (`rate:<name>:<key>`), so every instance on one database counts
 * the same attempts. Once a key is refused, this process answers it from memory until its window ends: a flood
 * from one address costs no database writes.
 */
export function createRateLimiter(name: string, { limit, windowMs }: RateLimit, store: GuardStore, clock: Clock): RateLimiter {
  const refusedUntil = new Map<string, number>();
  return {
    async hit(key) {
      const now = clock().getTime();
      const until = refusedUntil.get(key);
      if (until !== undefined && now < until) return refusal(until - now);
      refusedUntil.delete(key);
      const window = await store.updateGuard<RateWindow>(`rate:${name}:${key}`, now, (current) => {
        const start = current?.start ?? now;
        return { value: { start, count: (current?.count ?? 0) + 1 }, expiresAt: start + windowMs };
      });
      if (window!.count <= limit) return ALLOWED;
      if (refusedUntil.size > 10_000) for (const [k, u] of refusedUntil) if (u <= now) refusedUntil.delete(k);
      refusedUntil.set(key, window!.start + windowMs);
      return refusal(window!.start + windowMs - now);
    },
  };
}

export interface FailureLockout {
  /** Whether `key` is locked out now. */
  check(key: string): Promise<RateDecision>;
  /** Counts a failure (a wrong PIN); the last allowed failure starts the lock. */
  fail(key: string): Promise<RateDecision>;
  /** A success clears the count. */
  succeed(key: string): Promise<void>;
}

/**
 * Lockout after repeated failures (the domain's lockout rules, as on the device), kept in the database
 * (`lockout:<key>`) like the rate limits, so a second instance does not grant a fresh set of guesses. Failures
 * below the limit are forgotten after `lockMs` without another failure; a lock lapses `lockMs` after it started.
 */
export function createFailureLockout(policy: LockoutPolicy, store: GuardStore, clock: Clock): FailureLockout {
  const decide = (record: LockoutRecord | undefined, now: number): RateDecision => {
    const state = lockoutState(record, now, policy);
    return state.locked ? refusal(state.remainingMs) : ALLOWED;
  };
  return {
    async check(key) {
      const now = clock().getTime();
      return decide(await store.readGuard<LockoutRecord>(`lockout:${key}`, now), now);
    },
    async fail(key) {
      const now = clock().getTime();
      const record = await store.updateGuard<LockoutRecord>(`lockout:${key}`, now, (current) => {
        const next = recordFailure(current, now, policy);
        return { value: next, expiresAt: (next.lockedAt ?? now) + policy.lockMs };
      });
      return decide(record, now);
    },
    async succeed(key) {
      const now = clock().getTime();
      // Most sign-ins follow no failure: only write when there is a count to clear.
      if (await store.readGuard(`lockout:${key}`, now)) await store.updateGuard(`lockout:${key}`, now, () => undefined);
    },
  };
}

/** A refused attempt: the app's error boundary answers 429 RATE_LIMITED with `Retry-After` (seconds). */
export class RateLimitedError extends DomainError {
  constructor(
    readonly retryAfterSeconds: number,
    what: string,
  ) {
    super(ErrorCode.RATE_LIMITED, `too many ${what}; try again in ${retryAfterSeconds} s`);
  }
}

/**
 * The client's address: the socket's peer, or with `trustProxy` the last X-Forwarded-For entry (the address the
 * trusted proxy in front of us saw; earlier entries are client-supplied and could be forged).
 */
export function clientIpOf(trustProxy: boolean): (c: Context) => string {
  return (c) => {
    if (trustProxy) {
      const last = c.req.header('X-Forwarded-For')?.split(',').at(-1)?.trim();
      if (last) return last;
    }
    try {
      return getConnInfo(c).remote.address ?? 'unknown';
    } catch {
      return 'unknown'; // in-process app.request(): no socket
    }
  };
}
