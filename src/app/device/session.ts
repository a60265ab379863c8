import { map, type Observable } from 'rxjs';
import { z } from 'zod';
import {
  afterPinCheck,
  PinSchema,
  RoleSchema,
  signInGate,
  StaffNumberSchema,
  verifyPin,
  type LockoutRecord,
  type StaffMember,
} from '../../domain/index.js';
import type { VitrineDatabase } from '../db/database.js';
import { localDocument$ } from '../db/local-document.js';

/**
 * Offline sign-in: the staff number and PIN are checked on the device against the replicated verifier of the
 * store's staff (the PIN never leaves the device, and sign-in needs no network). The signed-in staff member is a
 * local document, so a reload keeps them signed in; wrong PINs count per staff number in another local document,
 * so a reload does not reset a lockout either. Only an active member's wrong PINs count (domain `signInGate`): an
 * unknown number and a deactivated member are told so and lock nothing.
 */
export const SessionSchema = z.object({
  staffId: z.string(),
  staffNumber: z.string(),
  name: z.string(),
  role: RoleSchema,
  signedInAt: z.string(),
});
export type Session = z.infer<typeof SessionSchema>;

const SESSION = 'session';
const LOCKOUT = 'sign-in-lockout';

export type SignInResult =
  | { ok: true; session: Session }
  | { ok: false; reason: 'invalid'; fieldErrors: { staffNumber?: 'format'; pin?: 'format' } }
  | { ok: false; reason: 'wrong'; attemptsLeft: number }
  | { ok: false; reason: 'locked'; remainingMs: number }
  /** No member of this store has the number: nothing is counted or locked. */
  | { ok: false; reason: 'unknown' }
  /** The member was deactivated: see a manager (no PIN checked, nothing counted). */
  | { ok: false; reason: 'deactivated' }
  | { ok: false; reason: 'no-staff' };

async function readLockouts(db: VitrineDatabase): Promise<Record<string, LockoutRecord>> {
  const doc = await db.getLocal<{ records: Record<string, LockoutRecord> }>(LOCKOUT);
  return (doc?.get('records') as Record<string, LockoutRecord> | undefined) ?? {};
}
async function writeLockout(db: VitrineDatabase, staffNumber: string, record: LockoutRecord | null): Promise<void> {
  const records = { ...(await readLockouts(db)) };
  if (record) records[staffNumber] = record;
  else delete records[staffNumber];
  await db.upsertLocal(LOCKOUT, { records });
}

export async function signIn(
  db: VitrineDatabase,
  input: { storeId: string; staffNumber: string; pin: string },
  now: () => number = Date.now,
): Promise<SignInResult> {
  const staffNumber = input.staffNumber.trim();
  const fieldErrors: { staffNumber?: 'format'; pin?: 'format' } = {};
  if (!StaffNumberSchema.safeParse(staffNumber).success) fieldErrors.staffNumber = 'format';
  if (!PinSchema.safeParse(input.pin).success) fieldErrors.pin = 'format';
  if (fieldErrors.staffNumber || fieldErrors.pin) return { ok: false, reason: 'invalid', fieldErrors };
  if ((await db.staff.count().exec()) === 0) return { ok: false, reason: 'no-staff' };

  const checked = await checkMemberPin(db, { storeId: input.storeId, staffNumber, pin: input.pin }, now);
  if (!checked.ok) return checked.reason === 'not-allowed' ? { ok: false, reason: 'unknown' } : checked;
  const staff = checked.member;
  const session: Session = { staffId: staff.id, staffNumber, name: staff.name, role: staff.role, signedInAt: new Date(now()).toISOString() };
  await db.upsertLocal(SESSION, session);
  return { ok: true, session };
}

export type MemberPinCheck =
  | { ok: true; member: StaffMember }
  | { ok: false; reason: 'unknown' | 'deactivated' }
  | { ok: false; reason: 'not-allowed' }
  | { ok: false; reason: 'wrong'; attemptsLeft: number }
  | { ok: false; reason: 'locked'; remainingMs: number };

/**
 * A staff member's PIN checked on this device against the replicated verifier, wrong PINs counted in the device's
 * lockout record of their number (sign-in and a manager's approval on the till count in the same one, so five wrong
 * PINs lock that person on this device for both). `mayAct` refuses a member before their PIN is checked (a role
 * that may not approve), counting nothing.
 */
export async function checkMemberPin(
  db: VitrineDatabase,
  input: { storeId: string; staffNumber: string; pin: string },
  now: () => number = Date.now,
  mayAct: (member: StaffMember) => boolean = () => true,
): Promise<MemberPinCheck> {
  const { staffNumber } = input;
  const doc = await db.staff.findOne({ selector: { storeId: input.storeId, staffNumber } }).exec();
  const staff = doc?.toJSON() as StaffMember | undefined;
  const existing = (await readLockouts(db))[staffNumber];
  const gate = signInGate(staff, existing, now());
  if (!staff || gate.kind === 'unknown' || gate.kind === 'deactivated')
    return { ok: false, reason: gate.kind === 'deactivated' ? 'deactivated' : 'unknown' };
  if (!mayAct(staff)) return { ok: false, reason: 'not-allowed' };
  if (gate.record !== existing) await writeLockout(db, staffNumber, gate.record ?? null);
  if (gate.kind === 'locked') return { ok: false, reason: 'locked', remainingMs: gate.remainingMs };

  const outcome = afterPinCheck(gate.record, await verifyPin(input.pin, staff.pinVerifier), now());
  if (outcome.record !== null || existing) await writeLockout(db, staffNumber, outcome.record);
  if (outcome.kind === 'wrong') return { ok: false, reason: 'wrong', attemptsLeft: outcome.attemptsLeft };
  if (outcome.kind === 'locked') return { ok: false, reason: 'locked', remainingMs: outcome.remainingMs };
  return { ok: true, member: staff };
}

export async function signOut(db: VitrineDatabase): Promise<void> {
  const doc = await db.getLocal(SESSION);
  await doc?.remove();
}

export function session$(db: VitrineDatabase): Observable<Session | null> {
  return localDocument$(db, SESSION).pipe(
    map((doc) => {
      if (!doc) return null;
      const parsed = SessionSchema.safeParse(doc.toJSON().data);
      return parsed.success ? parsed.data : null;
    }),
  );
}
