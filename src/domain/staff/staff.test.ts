import { describe, expect, it } from 'vitest';
import { can, checkAssociate, permissions } from './permissions.js';
import { constantTimeEqual, hashPin, verifyPin } from './pin.js';
import { lockoutState, reanchor, recordFailure, SIGN_IN_LOCKOUT } from './lockout.js';
import { PinSchema, StaffMemberSchema, type StaffMember } from './schema.js';

const member = (over: Partial<StaffMember> = {}): StaffMember => ({
  id: 'S1-1001',
  storeId: 'S1',
  staffNumber: '1001',
  name: 'Ana',
  role: 'associate',
  active: true,
  pinVerifier: { algorithm: 'PBKDF2-SHA256', iterations: 100_000, salt: 'c2FsdHNhbHRzYWx0c2FsdA==', hash: 'aGFzaGhhc2hoYXNoaGFzaA==' },
  ...over,
});

describe('roles and permissions', () => {
  it('lets associates and managers ring sales, not pickup staff; only managers enroll devices and reset them', () => {
    expect(can('associate', 'sale.create')).toBe(true);
    expect(can('manager', 'sale.create')).toBe(true);
    expect(can('pickup', 'sale.create')).toBe(false);
    expect(can('pickup', 'pickup.handoff')).toBe(true);
    for (const action of ['enrollment.create', 'device.reset'] as const) {
      expect(permissions[action]).toEqual(['manager']);
      expect(can('associate', action)).toBe(false);
    }
  });

  it('accepts only an active associate or manager of the sale’s store', () => {
    const sale = { associateId: 'S1-1001', storeId: 'S1' };
    expect(checkAssociate(member(), sale, 'sale.create').ok).toBe(true);
    for (const staff of [undefined, member({ active: false }), member({ storeId: 'S2' }), member({ role: 'pickup' })]) {
      const r = checkAssociate(staff, sale, 'sale.create');
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('ASSOCIATE_NOT_ALLOWED');
    }
  });

  it('refuses another store’s staff id in the same words as an unknown id, so no store learns which ids exist elsewhere', () => {
    const fact = { associateId: 'S2-1001', storeId: 'S1' };
    const foreign = checkAssociate(member({ id: 'S2-1001', storeId: 'S2' }), fact, 'sale.create');
    const unknown = checkAssociate(undefined, fact, 'sale.create');
    expect(foreign).toEqual(unknown);
    expect(foreign.ok ? undefined : foreign.error.message).toBe('associate S2-1001 is not staff of store S1');
    const inactiveElsewhere = checkAssociate(member({ id: 'S2-1001', storeId: 'S2', active: false }), fact, 'sale.create');
    expect(inactiveElsewhere).toEqual(unknown);
  });

  it('lets only managers record stock counts', () => {
    const fact = { associateId: 'S1-1001', storeId: 'S1' };
    expect(checkAssociate(member({ role: 'manager' }), fact, 'stock.count').ok).toBe(true);
    const associate = checkAssociate(member(), fact, 'stock.count');
    expect(associate.ok ? undefined : associate.error.message).toBe('the associate role may not record stock counts');
  });

  it('validates staff documents and PINs of 4 to 8 digits', () => {
    expect(StaffMemberSchema.safeParse(member()).success).toBe(true);
    expect(StaffMemberSchema.safeParse({ ...member(), staffNumber: 'A1' }).success).toBe(false);
    expect(StaffMemberSchema.safeParse({ ...member(), pinVerifier: { ...member().pinVerifier, iterations: 1000 } }).success).toBe(false);
    for (const pin of ['1234', '12345678']) expect(PinSchema.safeParse(pin).success).toBe(true);
    for (const pin of ['123', '123456789', '12a4', '']) expect(PinSchema.safeParse(pin).success).toBe(false);
  });
});

describe('PIN verifiers (WebCrypto PBKDF2-SHA256)', () => {
  it('verifies the right PIN only, with a random salt per hash, and never stores the PIN', async () => {
    const v = await hashPin('1234');
    expect(v).toMatchObject({ algorithm: 'PBKDF2-SHA256', iterations: 100_000 });
    expect(JSON.stringify(v)).not.toContain('1234');
    expect(await verifyPin('1234', v)).toBe(true);
    expect(await verifyPin('1235', v)).toBe(false);
    expect((await hashPin('1234')).salt).not.toBe(v.salt);
    const fixed = new Uint8Array(16).fill(7);
    expect((await hashPin('9999', { salt: fixed })).hash).toBe((await hashPin('9999', { salt: fixed })).hash);
  });

  it('compares in constant time, including different lengths', () => {
    expect(constantTimeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2]))).toBe(true);
    expect(constantTimeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 3]))).toBe(false);
    expect(constantTimeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2, 0]))).toBe(false);
  });
});

describe('sign-in lockout', () => {
  it('locks after 5 failures for 5 minutes of elapsed time, then counts afresh', () => {
    let r = recordFailure(undefined, 0);
    for (let i = 1; i < 4; i++) r = recordFailure(r, i);
    expect(r).toEqual({ failures: 4, lockedAt: null });
    expect(lockoutState(r, 10).locked).toBe(false);
    r = recordFailure(r, 1_000);
    expect(lockoutState(r, 1_000)).toEqual({ locked: true, remainingMs: SIGN_IN_LOCKOUT.lockMs });
    expect(lockoutState(r, 1_000 + SIGN_IN_LOCKOUT.lockMs - 1).locked).toBe(true);
    expect(lockoutState(r, 1_000 + SIGN_IN_LOCKOUT.lockMs).locked).toBe(false);
    expect(recordFailure(r, 1_000 + SIGN_IN_LOCKOUT.lockMs)).toEqual({ failures: 1, lockedAt: null });
  });

  it('does not unlock early when the clock goes backwards', () => {
    const r = { failures: 5, lockedAt: 1_000_000 };
    expect(lockoutState(r, 0)).toEqual({ locked: true, remainingMs: SIGN_IN_LOCKOUT.lockMs });
    expect(reanchor(r, 0)).toEqual({ failures: 5, lockedAt: 0 });
  });
});
