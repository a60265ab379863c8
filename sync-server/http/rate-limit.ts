import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { ErrorCode, lockoutState, recordFailure, type Clock, type LockoutPolicy, type LockoutRecord } from '../../src/domain/index.js';
import { errorBody } from './errors.js';

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
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  enrollPerIp: { limit: 10, windowMs: 60_000 },
  enrollPerCode: { limit: 5, windowMs: 60_000 },
  signInPerDevice: { limit: 5, windowMs: 60_000 },
  pinLockout: { maxFailures: 5, lockMs: 5 * 60_000 },
};

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface RateLimiter {
  /** Counts one attempt for `key` and says whether it is allowed. */
  hit(key: string): RateDecision;
}

/**
 * Fixed-window counter per key, in process memory: each instance counts on its own, so N instances behind a load
 * balancer allow up to N × limit (acceptable for slowing down guessing; a shared store can come later).
 * Expired windows are swept at most once per window, so memory stays bounded by the keys seen in one window.
 */
export function createRateLimiter({ limit, windowMs }: RateLimit, clock: Clock): RateLimiter {
  const windows = new Map<string, { start: number; count: number }>();
  let lastSweep = 0;
  return {
    hit(key) {
      const now = clock().getTime();
      if (now - lastSweep >= windowMs) {
        for (const [k, w] of windows) if (now - w.start >= windowMs) windows.delete(k);
        lastSweep = now;
      }
      let w = windows.get(key);
      if (!w || now - w.start >= windowMs) windows.set(key, (w = { start: now, count: 0 }));
      w.count++;
      if (w.count <= limit) return { allowed: true };
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((w.start + windowMs - now) / 1000)) };
    },
  };
}

export interface FailureLockout {
  /** Whether `key` is locked out now. */
  check(key: string): RateDecision;
  /** Counts a failure (a wrong PIN); the last allowed failure starts the lock. */
  fail(key: string): RateDecision;
  /** A success clears the count. */
  succeed(key: string): void;
}

/**
 * Lockout after repeated failures (the domain's lockout rules, as on the device), in process memory like the rate
 * limiters. Keys are dropped once unlocked and idle, so memory stays bounded by the keys failing recently.
 */
export function createFailureLockout(policy: LockoutPolicy, clock: Clock): FailureLockout {
  const records = new Map<string, LockoutRecord>();
  const decision = (key: string): RateDecision => {
    const state = lockoutState(records.get(key), clock().getTime(), policy);
    return state.locked ? { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(state.remainingMs / 1000)) } : { allowed: true };
  };
  return {
    check: decision,
    fail(key) {
      if (records.size > 10_000) for (const [k, r] of records) if (!lockoutState(r, clock().getTime(), policy).locked) records.delete(k);
      records.set(key, recordFailure(records.get(key), clock().getTime(), policy));
      return decision(key);
    },
    succeed: (key) => void records.delete(key),
  };
}

/** 429 RATE_LIMITED with `Retry-After` (seconds). */
export const rateLimited = (c: Context, decision: { retryAfterSeconds: number }, what: string) =>
  c.json(errorBody(ErrorCode.RATE_LIMITED, `too many ${what}; try again in ${decision.retryAfterSeconds} s`), 429, {
    'Retry-After': String(decision.retryAfterSeconds),
  });

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
