import { describe, expect, it } from 'vitest';
import { applyStaffChange, StaffChangeRequestSchema, staffIdFor, type StaffChange } from './admin.js';
import type { PinVerifier, StaffMember } from './schema.js';

const verifier = (salt: string): PinVerifier => ({
  algorithm: 'PBKDF2-SHA256',
  iterations: 100_000,
  salt: salt.padEnd(24, 'A'),
  hash: 'h'.padEnd(44, 'B'),
});
const ctx = { storeId: 'S1', actingStaffId: 'S1-9001' };
const eva: StaffMember = {
  id: 'S1-3001',
  storeId: 'S1',
  staffNumber: '3001',
  name: 'Eva Nunes',
  role: 'associate',
  active: true,
  pinVerifier: verifier('one'),
};
const add: StaffChange = { kind: 'add', staffNumber: '3001', name: 'Eva Nunes', role: 'associate', pinVerifier: verifier('one') };

describe('applyStaffChange', () => {
  it('adds a member with the chain-wide id; the same add again is a no-op, a different one is refused', () => {
    const added = applyStaffChange(undefined, add, ctx);
    expect(added).toEqual({ ok: true, value: { member: eva, changed: true } });
    expect(staffIdFor('S1', '3001')).toBe('S1-3001');
    expect(applyStaffChange(eva, add, ctx)).toEqual({ ok: true, value: { member: eva, changed: false } });
    const other = applyStaffChange(eva, { ...add, name: 'Someone Else' }, ctx);
    expect(other.ok).toBe(false);
    if (!other.ok) {
      expect(other.error.code).toBe('STAFF_NUMBER_TAKEN');
      expect(other.error.fieldErrors[0]!.path).toBe('change.staffNumber');
    }
  });

  it('updates only what is given: a new PIN verifier, a role, deactivation; unknown numbers are NOT_FOUND', () => {
    const pin = applyStaffChange(eva, { kind: 'update', staffNumber: '3001', pinVerifier: verifier('two') }, ctx);
    expect(pin.ok && pin.value).toEqual({ member: { ...eva, pinVerifier: verifier('two') }, changed: true });
    const off = applyStaffChange(eva, { kind: 'update', staffNumber: '3001', active: false, role: 'pickup' }, ctx);
    expect(off.ok && off.value.member).toEqual({ ...eva, active: false, role: 'pickup' });
    const again = applyStaffChange({ ...eva, active: false }, { kind: 'update', staffNumber: '3001', active: false }, ctx);
    expect(again.ok && again.value.changed).toBe(false);
    const missing = applyStaffChange(undefined, { kind: 'update', staffNumber: '4040', active: false }, ctx);
    expect(!missing.ok && missing.error.code).toBe('NOT_FOUND');
  });

  it('refuses a manager deactivating or demoting themselves, but lets them change their own PIN', () => {
    const carla: StaffMember = { ...eva, id: 'S1-9001', staffNumber: '9001', name: 'Carla', role: 'manager' };
    const off = applyStaffChange(carla, { kind: 'update', staffNumber: '9001', active: false }, ctx);
    expect(!off.ok && [off.error.code, off.error.fieldErrors[0]!.path]).toEqual(['FORBIDDEN', 'change.active']);
    const demote = applyStaffChange(carla, { kind: 'update', staffNumber: '9001', role: 'associate' }, ctx);
    expect(!demote.ok && demote.error.fieldErrors[0]!.path).toBe('change.role');
    expect(applyStaffChange(carla, { kind: 'update', staffNumber: '9001', pinVerifier: verifier('new') }, ctx).ok).toBe(true);
  });
});

describe('StaffChangeRequestSchema', () => {
  it('never accepts a PIN for the member, only a verifier of at least 100,000 rounds, and an update must change something', () => {
    const base = { storeId: 'S1', manager: { staffNumber: '9001', pin: '9999' } };
    expect(StaffChangeRequestSchema.safeParse({ ...base, change: add }).success).toBe(true);
    const weak = StaffChangeRequestSchema.safeParse({ ...base, change: { ...add, pinVerifier: { ...verifier('x'), iterations: 1000 } } });
    expect(weak.success).toBe(false);
    expect(StaffChangeRequestSchema.safeParse({ ...base, change: { kind: 'update', staffNumber: '3001' } }).success).toBe(false);
    expect(StaffChangeRequestSchema.safeParse({ ...base, change: { ...add, name: '   ' } }).success).toBe(false);
    expect(StaffChangeRequestSchema.safeParse({ ...base, manager: { staffNumber: '9001', pin: '12' }, change: add }).success).toBe(false);
  });
});
