import { describe, expect, it } from 'vitest';
import type { PinVerifier, StaffMember } from '../../domain/index.js';
import { buildStaffChange, emptyStaffForm } from './staff-admin.js';

const fakeHash = async (pin: string): Promise<PinVerifier> => ({
  algorithm: 'PBKDF2-SHA256',
  iterations: 100_000,
  salt: 'salt-salt-salt-salt',
  hash: `hash-of-${pin}-padding`,
});
const eva: StaffMember = {
  id: 'S1-3001',
  storeId: 'S1',
  staffNumber: '3001',
  name: 'Eva Nunes',
  role: 'associate',
  active: true,
  pinVerifier: { algorithm: 'PBKDF2-SHA256', iterations: 100_000, salt: 'old-salt-old-salt', hash: 'old-hash-old-hash' },
};

describe('buildStaffChange', () => {
  it('adds with a verifier of the new PIN, never the PIN itself', async () => {
    const form = { ...emptyStaffForm(), staffNumber: '3002', name: ' Rui Dias ', role: 'pickup' as const, newPin: '4321', repeatPin: '4321' };
    const built = await buildStaffChange(form, undefined, fakeHash);
    expect(built).toEqual({
      ok: true,
      change: { kind: 'add', staffNumber: '3002', name: 'Rui Dias', role: 'pickup', pinVerifier: await fakeHash('4321') },
    });
    expect(JSON.stringify(built)).not.toContain('"4321"');
  });

  it('answers field errors before anything is sent', async () => {
    const bad = await buildStaffChange({ ...emptyStaffForm(), staffNumber: '30a', name: '  ', newPin: '12', repeatPin: '12' }, undefined, fakeHash);
    expect(bad).toEqual({ ok: false, errors: { staffNumber: 'format', name: 'required', newPin: 'format' } });
    const mismatch = await buildStaffChange(
      { ...emptyStaffForm(), staffNumber: '3003', name: 'A', newPin: '1234', repeatPin: '1243' },
      undefined,
      fakeHash,
    );
    expect(mismatch).toEqual({ ok: false, errors: { repeatPin: 'mismatch' } });
  });

  it('sends only what changed in an update; an empty PIN keeps the current one; no change is an error', async () => {
    const off = await buildStaffChange({ ...emptyStaffForm(eva), active: false }, eva, fakeHash);
    expect(off).toEqual({ ok: true, change: { kind: 'update', staffNumber: '3001', active: false } });
    const pin = await buildStaffChange({ ...emptyStaffForm(eva), newPin: '8765', repeatPin: '8765' }, eva, fakeHash);
    expect(pin.ok && pin.change).toEqual({ kind: 'update', staffNumber: '3001', pinVerifier: await fakeHash('8765') });
    expect(await buildStaffChange(emptyStaffForm(eva), eva, fakeHash)).toEqual({ ok: false, errors: { form: 'nothing' } });
  });
});
