import { fail, ok, ErrorCode, type Result } from '../kernel/errors.js';
import type { Role, StaffMember } from './schema.js';

/**
 * Who may do what, as data: one row per action, read by the device (which buttons to offer) and by the server
 * (what to accept). Pickup staff hand orders off but do not ring sales: a sale moves stock and cash, and stores
 * want it tied to a selling associate or a manager.
 */
export const permissions = {
  'sale.create': ['associate', 'manager'],
  'pickup.handoff': ['associate', 'pickup', 'manager'],
  'enrollment.create': ['manager'],
  'device.reset': ['manager'],
  'staff.manage': ['manager'],
} as const satisfies Record<string, readonly Role[]>;
export type Action = keyof typeof permissions;

export const can = (role: Role, action: Action): boolean => (permissions[action] as readonly Role[]).includes(role);

/**
 * The server's check of a sale's `associateId`: an active staff member of the sale's store whose role may ring
 * sales. `staff` is the document the id names, or undefined when there is none.
 */
export function checkAssociate(staff: StaffMember | undefined, sale: { associateId: string; storeId: string }): Result<StaffMember> {
  if (!staff) return fail(ErrorCode.ASSOCIATE_NOT_ALLOWED, `associate ${sale.associateId} is not a staff member`);
  if (staff.storeId !== sale.storeId) return fail(ErrorCode.ASSOCIATE_NOT_ALLOWED, `associate ${sale.associateId} is not staff of store ${sale.storeId}`);
  if (!staff.active) return fail(ErrorCode.ASSOCIATE_NOT_ALLOWED, `associate ${sale.associateId} is no longer active`);
  if (!can(staff.role, 'sale.create')) return fail(ErrorCode.ASSOCIATE_NOT_ALLOWED, `a ${staff.role} may not ring sales`);
  return ok(staff);
}
