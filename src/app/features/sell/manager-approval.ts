import { can, PinSchema, StaffNumberSchema } from '../../../domain/index.js';
import type { VitrineDatabase } from '../../db/database.js';
import { checkMemberPin, type MemberPinCheck } from '../../device/session.js';

export type ManagerApproval =
  | { ok: true; manager: Extract<MemberPinCheck, { ok: true }>['member'] }
  | { ok: false; reason: 'invalid' | 'unknown' | 'deactivated' | 'not-manager' }
  | { ok: false; reason: 'wrong'; attemptsLeft: number }
  | { ok: false; reason: 'locked'; remainingMs: number };

/**
 * A manager allows a discount above the store's limit by typing their staff number and PIN on this till: checked
 * here, offline, against the verifier replicated with the store's staff (the PIN never leaves the device), through
 * sign-in's own check, so wrong PINs count in that manager's lockout record on this device: five lock them out, for
 * approvals and sign-in alike, and a reload does not reset it. A number that is not a manager's is refused before
 * any PIN is checked, counting nothing against anyone.
 */
export async function approveAsManager(
  db: VitrineDatabase,
  input: { storeId: string; staffNumber: string; pin: string },
  now: () => number = Date.now,
): Promise<ManagerApproval> {
  const staffNumber = input.staffNumber.trim();
  if (!StaffNumberSchema.safeParse(staffNumber).success || !PinSchema.safeParse(input.pin).success) return { ok: false, reason: 'invalid' };
  const checked = await checkMemberPin(db, { ...input, staffNumber }, now, (member) => can(member.role, 'discount.approve'));
  if (checked.ok) return { ok: true, manager: checked.member };
  return checked.reason === 'not-allowed' ? { ok: false, reason: 'not-manager' } : checked;
}
