import { lockoutState, reanchor, recordFailure, SIGN_IN_LOCKOUT, type LockoutRecord, type LockoutPolicy } from './lockout.js';

/**
 * What a sign-in attempt tells the person at the till, decided before and after the PIN check. The lockout counts
 * wrong PINs of one existing, active staff member only: a number nobody has locks nothing (there is no one to
 * protect, and locking it would later lock whoever is given that number), and a deactivated member is told to see a
 * manager at once, with no PIN attempt counted against anyone.
 */
export type SignInGate =
  | { kind: 'unknown' }
  | { kind: 'deactivated' }
  | { kind: 'locked'; remainingMs: number; record: LockoutRecord }
  /** Check the PIN; `record` is the member's lockout record as it now stands (re-anchored if the clock went back). */
  | { kind: 'check-pin'; record: LockoutRecord | undefined };

export function signInGate(
  member: { active: boolean } | undefined,
  record: LockoutRecord | undefined,
  now: number,
  policy = SIGN_IN_LOCKOUT,
): SignInGate {
  if (!member) return { kind: 'unknown' };
  if (!member.active) return { kind: 'deactivated' };
  const anchored = record && reanchor(record, now);
  const state = lockoutState(anchored, now, policy);
  if (state.locked) return { kind: 'locked', remainingMs: state.remainingMs, record: anchored! };
  return { kind: 'check-pin', record: anchored };
}

export type PinCheckOutcome =
  | { kind: 'signed-in'; record: null }
  | { kind: 'wrong'; attemptsLeft: number; record: LockoutRecord }
  | { kind: 'locked'; remainingMs: number; record: LockoutRecord };

/** The member's lockout record after their PIN was checked: cleared by the right PIN, one more failure otherwise. */
export function afterPinCheck(
  record: LockoutRecord | undefined,
  matches: boolean,
  now: number,
  policy: LockoutPolicy = SIGN_IN_LOCKOUT,
): PinCheckOutcome {
  if (matches) return { kind: 'signed-in', record: null };
  const next = recordFailure(record, now, policy);
  const state = lockoutState(next, now, policy);
  if (state.locked) return { kind: 'locked', remainingMs: state.remainingMs, record: next };
  return { kind: 'wrong', attemptsLeft: policy.maxFailures - next.failures, record: next };
}
