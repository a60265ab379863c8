/**
 * Sign-in lockout, pure: after `maxFailures` wrong PINs for one staff number, that number is locked for `lockMs`.
 * Time is elapsed time since the lock: a wall clock set backwards re-anchors the lock at "now" (it never unlocks
 * early); only a clock set forwards can shorten it, which needs the device's settings, not just a guess.
 */
export interface LockoutPolicy {
  maxFailures: number;
  lockMs: number;
}
export const SIGN_IN_LOCKOUT: LockoutPolicy = { maxFailures: 5, lockMs: 5 * 60_000 };

export interface LockoutRecord {
  failures: number;
  /** Wall-clock ms when the lock started, or null while not locked. */
  lockedAt: number | null;
}

export type LockoutState = { locked: false } | { locked: true; remainingMs: number };

export function lockoutState(record: LockoutRecord | undefined, now: number, policy = SIGN_IN_LOCKOUT): LockoutState {
  if (!record || record.lockedAt === null) return { locked: false };
  const elapsed = Math.max(0, now - record.lockedAt);
  return elapsed < policy.lockMs ? { locked: true, remainingMs: policy.lockMs - elapsed } : { locked: false };
}

/** The record after a wrong PIN. An expired lock starts a new count. */
export function recordFailure(record: LockoutRecord | undefined, now: number, policy = SIGN_IN_LOCKOUT): LockoutRecord {
  const expired = record?.lockedAt != null && !lockoutState(record, now, policy).locked;
  const failures = (expired ? 0 : (record?.failures ?? 0)) + 1;
  return { failures, lockedAt: failures >= policy.maxFailures ? now : null };
}

/** A clock that went backwards: keep the lock, counted from now. */
export function reanchor(record: LockoutRecord, now: number): LockoutRecord {
  return record.lockedAt !== null && now < record.lockedAt ? { ...record, lockedAt: now } : record;
}
