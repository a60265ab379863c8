import { afterEach, describe, expect, it } from 'vitest';
import { firstValueFrom } from 'rxjs';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { hashPin, type StaffMember } from '../../domain/index.js';
import { createVitrineDatabase, type VitrineDatabase } from '../db/database.js';
import { session$, signIn, signOut } from './session.js';

let db: VitrineDatabase | undefined;
let n = 0;
afterEach(async () => {
  if (db && !db.closed) await db.remove();
  db = undefined;
});

async function open(): Promise<VitrineDatabase> {
  db = await createVitrineDatabase({ storage: getRxStorageMemory(), name: `session${++n}`, devMode: true });
  const salt = new Uint8Array(16).fill(1);
  const staff: StaffMember[] = [
    { id: 'S1-1001', storeId: 'S1', staffNumber: '1001', name: 'Ana', role: 'associate', active: true, pinVerifier: await hashPin('1234', { salt }) },
    {
      id: 'S1-1009',
      storeId: 'S1',
      staffNumber: '1009',
      name: 'Davi',
      role: 'associate',
      active: false,
      pinVerifier: await hashPin('1234', { salt }),
    },
  ];
  await db.staff.bulkInsert(staff);
  return db;
}

describe('offline sign-in', () => {
  it('signs in against the replicated verifier, keeps the session in a local document, and signs out', async () => {
    const db = await open();
    const result = await signIn(db, { storeId: 'S1', staffNumber: '1001', pin: '1234' });
    expect(result).toMatchObject({ ok: true, session: { staffId: 'S1-1001', name: 'Ana', role: 'associate' } });
    expect(await firstValueFrom(session$(db))).toMatchObject({ staffId: 'S1-1001' });
    await signOut(db);
    expect(await firstValueFrom(session$(db))).toBeNull();
  });

  it('answers field errors for malformed input, "wrong" for a wrong PIN, and tells an unknown number and a deactivated member so', async () => {
    const db = await open();
    expect(await signIn(db, { storeId: 'S1', staffNumber: 'ab', pin: '12' })).toEqual({
      ok: false,
      reason: 'invalid',
      fieldErrors: { staffNumber: 'format', pin: 'format' },
    });
    expect(await signIn(db, { storeId: 'S1', staffNumber: '1001', pin: '0000' })).toEqual({ ok: false, reason: 'wrong', attemptsLeft: 4 });
    expect(await signIn(db, { storeId: 'S1', staffNumber: '4444', pin: '1234' })).toEqual({ ok: false, reason: 'unknown' });
    expect(await signIn(db, { storeId: 'S1', staffNumber: '1009', pin: '1234' })).toEqual({ ok: false, reason: 'deactivated' });
    expect(await signIn(db, { storeId: 'S1', staffNumber: '1009', pin: '9999' })).toEqual({ ok: false, reason: 'deactivated' });
    expect(await signIn(db, { storeId: 'S2', staffNumber: '1001', pin: '1234' })).toEqual({ ok: false, reason: 'unknown' });
  });

  it('never locks anyone for unknown numbers or a deactivated member, however often they are tried', async () => {
    const db = await open();
    for (let i = 0; i < 8; i++) {
      expect(await signIn(db, { storeId: 'S1', staffNumber: '4444', pin: '1111' })).toEqual({ ok: false, reason: 'unknown' });
      expect(await signIn(db, { storeId: 'S1', staffNumber: '1009', pin: '1111' })).toEqual({ ok: false, reason: 'deactivated' });
    }
    // Ana's count starts from her own first wrong PIN, and she still signs in.
    expect(await signIn(db, { storeId: 'S1', staffNumber: '1001', pin: '0000' })).toEqual({ ok: false, reason: 'wrong', attemptsLeft: 4 });
    expect((await signIn(db, { storeId: 'S1', staffNumber: '1001', pin: '1234' })).ok).toBe(true);
    expect((await db.getLocal<{ records: object }>('sign-in-lockout'))?.get('records')).toEqual({});
  });

  it('locks a staff number out after 5 wrong PINs for 5 minutes of elapsed time, persisted, even with the right PIN', async () => {
    const db = await open();
    let now = 1_000_000;
    const clock = () => now;
    for (let i = 0; i < 4; i++) expect((await signIn(db, { storeId: 'S1', staffNumber: '1001', pin: '1111' }, clock)).ok).toBe(false);
    expect(await signIn(db, { storeId: 'S1', staffNumber: '1001', pin: '1111' }, clock)).toMatchObject({ reason: 'locked', remainingMs: 300_000 });
    now += 60_000;
    expect(await signIn(db, { storeId: 'S1', staffNumber: '1001', pin: '1234' }, clock)).toMatchObject({ reason: 'locked', remainingMs: 240_000 });
    now -= 3_600_000; // the clock is set back an hour: still locked, never unlocked early
    expect(await signIn(db, { storeId: 'S1', staffNumber: '1001', pin: '1234' }, clock)).toMatchObject({ reason: 'locked', remainingMs: 300_000 });
    now += 300_000;
    expect((await signIn(db, { storeId: 'S1', staffNumber: '1001', pin: '1234' }, clock)).ok).toBe(true);
  });

  it('says when the staff list has not been downloaded yet', async () => {
    db = await createVitrineDatabase({ storage: getRxStorageMemory(), name: `session${++n}`, devMode: true });
    expect(await signIn(db, { storeId: 'S1', staffNumber: '1001', pin: '1234' })).toEqual({ ok: false, reason: 'no-staff' });
  });
});
