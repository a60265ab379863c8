import { fail, ok, ErrorCode, type Result } from '../kernel/errors.js';
import type { Role, StaffMember } from './schema.js';

/**
 * Who may do what, as data: one row per action, read by the device (which buttons to offer) and by the server
 * (what to accept). Pickup staff hand orders off but do not ring sales: a sale moves stock and cash, and stores
 * want it tied to a selling associate or a manager.
 */
export const permissions = {
  'sale.create': ['associate', 'manager'],
  'pickup.pick': ['associate', 'pickup', 'manager'],
  'pickup.handoff': ['associate', 'pickup', 'manager'],
  'pickup.cancel': ['pickup', 'manager'],
  /** Hand an order over on a photo ID when the customer has no code. */
  'pickup.override': ['manager'],
  /** Allow manual discounts above the store's limit, with a PIN typed on the till. */
  'discount.approve': ['manager'],
  'enrollment.create': ['manager'],
  'device.reset': ['manager'],
  'staff.manage': ['manager'],
  'stock.count': ['manager'],
  /** Export or erase a customer's data at their request (LGPD Art. 18, GDPR Art. 15 and 17). */
  'customer.privacy': ['manager'],
  /** Take back what a customer bought (any store's sale, an online order) and refund it. */
  'return.create': ['associate', 'manager'],
  /** Allow a return outside the store's policy, with a PIN typed on the till and a reason. */
  'return.approve': ['manager'],
  /** Ask another store to hold units for a customer or to send them. */
  'transfer.request': ['associate', 'manager'],
  /** Accept, decline, ship, receive or release another store's hold or transfer request. */
  'transfer.handle': ['associate', 'pickup', 'manager'],
  /** Adjust a store credit's or gift card's balance (write off an overdraw, correct a mistake), with a reason. */
  'credit.adjust': ['manager'],
} as const satisfies Record<string, readonly Role[]>;
export type Action = keyof typeof permissions;

export const can = (role: Role, action: Action): boolean => (permissions[action] as readonly Role[]).includes(role);

/** How a refusal names each action to the staff member who tried it. */
const actionPhrases: Record<Action, string> = {
  'sale.create': 'ring sales',
  'pickup.pick': 'pick pickup orders',
  'pickup.handoff': 'hand off pickup orders',
  'pickup.cancel': 'cancel pickup orders',
  'pickup.override': 'approve a handoff on a photo ID',
  'discount.approve': 'approve discounts above the store limit',
  'enrollment.create': 'enroll devices',
  'device.reset': 'reset devices',
  'staff.manage': 'manage staff',
  'stock.count': 'record stock counts',
  'customer.privacy': "export or erase a customer's data",
  'return.create': 'take back returns',
  'return.approve': 'approve returns outside the store policy',
  'transfer.request': 'ask other stores to hold or send stock',
  'transfer.handle': "handle other stores' hold and transfer requests",
  'credit.adjust': 'adjust store credit balances',
};

/**
 * The server's check of who did a fact (`associateId`), when it applies it: an active staff member of the fact's
 * store whose role may do `action`. `staff` is the document the id names, or undefined when there is none. An id of
 * another store's staff is refused with the same words as an unknown one, so a device never learns which ids exist
 * elsewhere.
 */
export function checkAssociate(staff: StaffMember | undefined, fact: { associateId: string; storeId: string }, action: Action): Result<StaffMember> {
  if (!staff || staff.storeId !== fact.storeId) {
    return fail(ErrorCode.ASSOCIATE_NOT_ALLOWED, `associate ${fact.associateId} is not staff of store ${fact.storeId}`);
  }
  if (!staff.active) return fail(ErrorCode.ASSOCIATE_NOT_ALLOWED, `associate ${fact.associateId} is no longer active`);
  if (!can(staff.role, action)) return fail(ErrorCode.ASSOCIATE_NOT_ALLOWED, `the ${staff.role} role may not ${actionPhrases[action]}`);
  return ok(staff);
}
