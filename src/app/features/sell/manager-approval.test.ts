import { afterEach, describe, expect, it } from 'vitest';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { hashPin, type StaffMember } from '../../../domain/index.js';
import { createVitrineDatabase, type VitrineDatabase } from '../../db/database.js';
import { signIn } from '../../device/session.js';
import { approveAsManager } from './manager-approval.js';

let db: VitrineDatabase | undefined;
let n = 0;
afterEach(async () => {
  await db?.remove();
  db = undefined;
});

async function open(): Promise<VitrineDatabase> {
  db = await createVitrineDatabase({ storage: getRxStorageMemory(), name: `approval${++n}`, devMode: true });
  const pinVerifier = await hashPin('9999', { salt: new Uint8Array(16).fill(2) });
  const member = (staffNumber: string, role: StaffMember['role'], active = true): StaffMember => ({
    id: `S1-${staffNumber}`,
    storeId: 'S1',
    staffNumber,
    name: staffNumber,
    role,
    active,
    pinVerifier,
  });
  const inserted = await db.staff.bulkInsert([
    member('9001', 'manager'),
    member('9002', 'manager'),
    member('1001', 'associate'),
    member('9009', 'manager', false),
  ]);
  expect(inserted.error).toEqual([]);
  return db;
}

describe("a manager's approval on the till", () => {
  it('is given by an active manager with the right PIN, offline', async () => {
    const db = await open();
    expect(await approveAsManager(db, { storeId: 'S1', staffNumber: '9001', pin: '9999' })).toMatchObject({ ok: true, manager: { id: 'S1-9001' } });
  });

  it('locks that manager on this device after five wrong PINs, even with the right PIN next, for sign-in too; another manager still approves', async () => {
    const db = await open();
    const at = 1_000_000;
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await approveAsManager(db, { storeId: 'S1', staffNumber: '9001', pin: '0000' }, () => at));
    expect(answers.slice(0, 4).map((a) => (!a.ok && a.reason === 'wrong' ? a.attemptsLeft : null))).toEqual([4, 3, 2, 1]);
    expect(answers[4]).toMatchObject({ ok: false, reason: 'locked' });
    expect(await approveAsManager(db, { storeId: 'S1', staffNumber: '9001', pin: '9999' }, () => at + 1_000)).toMatchObject({ reason: 'locked' });
    expect(await signIn(db, { storeId: 'S1', staffNumber: '9001', pin: '9999' }, () => at + 2_000)).toMatchObject({ ok: false, reason: 'locked' });
    expect(await approveAsManager(db, { storeId: 'S1', staffNumber: '9002', pin: '9999' }, () => at + 3_000)).toMatchObject({ ok: true });
    // The lock runs out with time, like sign-in's.
    expect(await approveAsManager(db, { storeId: 'S1', staffNumber: '9001', pin: '9999' }, () => at + 6 * 60_000)).toMatchObject({ ok: true });
  });

  it("refuses an associate's, a deactivated manager's and an unknown number, counting nothing against anyone", async () => {
    const db = await open();
    for (let i = 0; i < 6; i++) {
      expect(await approveAsManager(db, { storeId: 'S1', staffNumber: '1001', pin: '0000' })).toEqual({ ok: false, reason: 'not-manager' });
      expect(await approveAsManager(db, { storeId: 'S1', staffNumber: '9009', pin: '9999' })).toEqual({ ok: false, reason: 'deactivated' });
      expect(await approveAsManager(db, { storeId: 'S1', staffNumber: '4444', pin: '9999' })).toEqual({ ok: false, reason: 'unknown' });
    }
    expect(await signIn(db, { storeId: 'S1', staffNumber: '1001', pin: '9999' })).toMatchObject({ ok: true });
  });
});
