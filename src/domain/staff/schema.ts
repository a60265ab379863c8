import { z } from 'zod';
import { ID_MAX_LENGTH } from '../kernel/ids.js';
import { StoreIdSchema } from '../catalog/schema.js';

export const RoleSchema = z.enum(['associate', 'pickup', 'manager']);
export type Role = z.infer<typeof RoleSchema>;

/** What a staff member types to sign in: the number on their badge. */
export const StaffNumberSchema = z.string().regex(/^\d{1,12}$/, 'digits only (1 to 12)');
/** 4 to 8 digits. */
export const PinSchema = z.string().regex(/^\d{4,8}$/, 'the PIN is 4 to 8 digits');

/** A salted PBKDF2 hash of a PIN: the only form in which a PIN is stored or replicated. */
export const PinVerifierSchema = z.object({
  algorithm: z.literal('PBKDF2-SHA256'),
  iterations: z.int().min(100_000).max(10_000_000),
  salt: z.string().min(16).max(128),
  hash: z.string().min(16).max(128),
});
export type PinVerifier = z.infer<typeof PinVerifierSchema>;

/** Authoritative (server-owned, pull-only): a device pulls its own store's staff, with verifiers, to sign in offline. */
export const StaffMemberSchema = z.object({
  id: z.string().min(1).max(ID_MAX_LENGTH),
  storeId: StoreIdSchema,
  staffNumber: StaffNumberSchema,
  name: z.string().min(1).max(120),
  role: RoleSchema,
  active: z.boolean(),
  pinVerifier: PinVerifierSchema,
});
export type StaffMember = z.infer<typeof StaffMemberSchema>;

/** POST /api/enrollment-codes: a manager of the device's store mints a code for a new till, with their PIN. */
export const ManagerEnrollmentCodeRequestSchema = z.object({
  storeId: StoreIdSchema,
  staffNumber: StaffNumberSchema,
  pin: PinSchema,
  hours: z.number().positive().max(168).optional(),
});
export type ManagerEnrollmentCodeRequest = z.infer<typeof ManagerEnrollmentCodeRequestSchema>;

export const EnrollmentCodeResponseSchema = z.object({ code: z.string(), expiresAt: z.iso.datetime() });
export type EnrollmentCodeResponse = z.infer<typeof EnrollmentCodeResponseSchema>;
