import { z } from 'zod';
import { StoreIdSchema } from '../catalog/schema.js';
import { ErrorCode, fail, ok, type Result } from '../kernel/errors.js';
import { PinSchema, PinVerifierSchema, RoleSchema, StaffNumberSchema, type StaffMember } from './schema.js';

/**
 * A manager adds staff and changes them from a device of the store (POST /api/staff). The new PIN is hashed on the
 * device: only its verifier travels, so no PIN but the manager's own (to authorise the change) reaches the server.
 */
const StaffNameSchema = z.string().trim().min(1).max(120);

export const StaffChangeSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('add'),
    staffNumber: StaffNumberSchema,
    name: StaffNameSchema,
    role: RoleSchema,
    pinVerifier: PinVerifierSchema,
  }),
  z
    .object({
      kind: z.literal('update'),
      staffNumber: StaffNumberSchema,
      name: StaffNameSchema.optional(),
      role: RoleSchema.optional(),
      active: z.boolean().optional(),
      pinVerifier: PinVerifierSchema.optional(),
    })
    .refine((u) => u.name !== undefined || u.role !== undefined || u.active !== undefined || u.pinVerifier !== undefined, {
      message: 'nothing to change: give a name, role, active or pinVerifier',
    }),
]);
export type StaffChange = z.infer<typeof StaffChangeSchema>;

export const StaffChangeRequestSchema = z.object({
  storeId: StoreIdSchema,
  /** The signed-in manager, re-verified by the server. */
  manager: z.object({ staffNumber: StaffNumberSchema, pin: PinSchema }),
  change: StaffChangeSchema,
});
export type StaffChangeRequest = z.infer<typeof StaffChangeRequestSchema>;

/** What POST /api/staff answers: the member as stored, without the verifier. */
export const StaffChangeResponseSchema = z.object({
  member: z.object({
    id: z.string(),
    storeId: StoreIdSchema,
    staffNumber: StaffNumberSchema,
    name: z.string(),
    role: RoleSchema,
    active: z.boolean(),
  }),
  changed: z.boolean(),
});
export type StaffChangeResponse = z.infer<typeof StaffChangeResponseSchema>;

/** Staff ids are unique across the chain, as a sale's `associateId` must be. */
export const staffIdFor = (storeId: string, staffNumber: string) => `${storeId}-${staffNumber}`;

/**
 * The member after `change`, pure. Re-sending the same change (a retry after a lost answer) is not an error: it
 * answers `changed: false`. A manager cannot deactivate or demote themselves, so a store never loses its last
 * manager by accident.
 */
export function applyStaffChange(
  existing: StaffMember | undefined,
  change: StaffChange,
  context: { storeId: string; actingStaffId: string },
): Result<{ member: StaffMember; changed: boolean }> {
  const numberPath = 'change.staffNumber';
  if (change.kind === 'add') {
    const wanted: StaffMember = {
      id: staffIdFor(context.storeId, change.staffNumber),
      storeId: context.storeId,
      staffNumber: change.staffNumber,
      name: change.name,
      role: change.role,
      active: true,
      pinVerifier: change.pinVerifier,
    };
    if (!existing) return ok({ member: wanted, changed: true });
    if (sameMember(existing, wanted)) return ok({ member: existing, changed: false });
    const message = `staff number ${change.staffNumber} is already ${existing.name}'s`;
    return fail(ErrorCode.STAFF_NUMBER_TAKEN, message, [{ path: numberPath, message }]);
  }
  if (!existing) {
    const message = `no staff member has number ${change.staffNumber} in this store`;
    return fail(ErrorCode.NOT_FOUND, message, [{ path: numberPath, message }]);
  }
  if (existing.id === context.actingStaffId && (change.active === false || (change.role !== undefined && change.role !== 'manager'))) {
    const path = change.active === false ? 'change.active' : 'change.role';
    const message = 'you cannot deactivate or demote yourself; ask another manager';
    return fail(ErrorCode.FORBIDDEN, message, [{ path, message }]);
  }
  const member: StaffMember = {
    ...existing,
    ...(change.name !== undefined && { name: change.name }),
    ...(change.role !== undefined && { role: change.role }),
    ...(change.active !== undefined && { active: change.active }),
    ...(change.pinVerifier !== undefined && { pinVerifier: change.pinVerifier }),
  };
  return ok({ member, changed: !sameMember(existing, member) });
}

function sameMember(a: StaffMember, b: StaffMember): boolean {
  return (
    a.name === b.name &&
    a.role === b.role &&
    a.active === b.active &&
    a.pinVerifier.salt === b.pinVerifier.salt &&
    a.pinVerifier.hash === b.pinVerifier.hash &&
    a.pinVerifier.iterations === b.pinVerifier.iterations
  );
}
