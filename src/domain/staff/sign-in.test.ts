import { describe, expect, it } from 'vitest';
import { afterPinCheck, signInGate } from './sign-in.js';
import { SIGN_IN_LOCKOUT, type LockoutRecord } from './lockout.js';

const active = { active: true };
const deactivated = { active: false };
const locked: LockoutRecord = { failures: 5, lockedAt: 1_000 };

describe('sign-in tells the truth', () => {
  it('tells an unknown number so, and nothing is counted or locked for it', () => {
    expect(signInGate(undefined, undefined, 0)).toEqual({ kind: 'unknown' });
    // Even a number someone tried five times before the fix is not "locked": it belongs to nobody.
    expect(signInGate(undefined, locked, 2_000)).toEqual({ kind: 'unknown' });
  });

  it('tells a deactivated member to see a manager at once, before any PIN is checked or counted, lock or no lock', () => {
    expect(signInGate(deactivated, undefined, 0)).toEqual({ kind: 'deactivated' });
    expect(signInGate(deactivated, locked, 2_000)).toEqual({ kind: 'deactivated' });
  });

  it('checks the PIN of an active member, or says how long their lock still lasts', () => {
    expect(signInGate(active, undefined, 0)).toEqual({ kind: 'check-pin', record: undefined });
    expect(signInGate(active, { failures: 2, lockedAt: null }, 0)).toEqual({ kind: 'check-pin', record: { failures: 2, lockedAt: null } });
    expect(signInGate(active, locked, 61_000)).toEqual({ kind: 'locked', remainingMs: SIGN_IN_LOCKOUT.lockMs - 60_000, record: locked });
    // A clock set back keeps the whole lock, counted from now.
    expect(signInGate(active, locked, 0)).toEqual({ kind: 'locked', remainingMs: SIGN_IN_LOCKOUT.lockMs, record: { failures: 5, lockedAt: 0 } });
    expect(signInGate(active, locked, 1_000 + SIGN_IN_LOCKOUT.lockMs)).toMatchObject({ kind: 'check-pin' });
  });

  it('counts wrong PINs of that member only, locks at the fifth, and the right PIN clears the count', () => {
    let record: LockoutRecord | undefined;
    for (let left = 4; left >= 1; left--) {
      const outcome = afterPinCheck(record, false, 0);
      expect(outcome).toMatchObject({ kind: 'wrong', attemptsLeft: left });
      record = outcome.record as LockoutRecord;
    }
    expect(afterPinCheck(record, false, 10)).toEqual({ kind: 'locked', remainingMs: SIGN_IN_LOCKOUT.lockMs, record: { failures: 5, lockedAt: 10 } });
    expect(afterPinCheck(record, true, 10)).toEqual({ kind: 'signed-in', record: null });
  });
});
