import {
  hashPin,
  PinSchema,
  StaffNumberSchema,
  type Role,
  type StaffChange,
  type StaffChangeRequest,
  type StaffChangeResponse,
  type StaffMember,
} from '../../domain/index.js';
import { postApi, type FetchLike } from '../db/http.js';

/** What the staff form holds; `member` is the one being changed, absent when adding. */
export interface StaffForm {
  staffNumber: string;
  name: string;
  role: Role;
  active: boolean;
  newPin: string;
  repeatPin: string;
}

export type StaffFormField = 'staffNumber' | 'name' | 'newPin' | 'repeatPin' | 'form';
export type StaffFormErrors = Partial<Record<StaffFormField, 'format' | 'required' | 'mismatch' | 'nothing'>>;

export const emptyStaffForm = (member?: StaffMember): StaffForm => ({
  staffNumber: member?.staffNumber ?? '',
  name: member?.name ?? '',
  role: member?.role ?? 'associate',
  active: member?.active ?? true,
  newPin: '',
  repeatPin: '',
});

/**
 * The change a filled-in form asks for, checked on the device first: only changed fields go in an update, and a
 * new PIN leaves the device as a PBKDF2 verifier, never in clear.
 */
export async function buildStaffChange(
  form: StaffForm,
  member: StaffMember | undefined,
  hash: (pin: string) => Promise<StaffMember['pinVerifier']> = hashPin,
): Promise<{ ok: true; change: StaffChange } | { ok: false; errors: StaffFormErrors }> {
  const errors: StaffFormErrors = {};
  const name = form.name.trim();
  if (!member && !StaffNumberSchema.safeParse(form.staffNumber).success) errors.staffNumber = 'format';
  if (!name) errors.name = 'required';
  const pinWanted = !member || form.newPin !== '' || form.repeatPin !== '';
  if (pinWanted && !PinSchema.safeParse(form.newPin).success) errors.newPin = 'format';
  else if (pinWanted && form.newPin !== form.repeatPin) errors.repeatPin = 'mismatch';
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  const pinVerifier = pinWanted ? await hash(form.newPin) : undefined;
  if (!member) return { ok: true, change: { kind: 'add', staffNumber: form.staffNumber, name, role: form.role, pinVerifier: pinVerifier! } };
  const change: StaffChange = {
    kind: 'update',
    staffNumber: member.staffNumber,
    ...(name !== member.name && { name }),
    ...(form.role !== member.role && { role: form.role }),
    ...(form.active !== member.active && { active: form.active }),
    ...(pinVerifier && { pinVerifier }),
  };
  if (Object.keys(change).length === 2) return { ok: false, errors: { form: 'nothing' } };
  return { ok: true, change };
}

/** POST /api/staff. Throws DomainError with the server's code and field errors (paths like `change.staffNumber`). */
export function changeStaff(options: {
  baseUrl: string;
  token: string;
  request: StaffChangeRequest;
  fetch?: FetchLike;
}): Promise<StaffChangeResponse> {
  return postApi({ baseUrl: options.baseUrl, token: options.token, path: '/api/staff', body: options.request, fetch: options.fetch });
}
