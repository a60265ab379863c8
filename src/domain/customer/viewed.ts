import { z } from 'zod';
import { defineFactKind, type FactOfKind } from '../fact/kind.js';
import { ErrorCode, fail, ok, type Result } from '../kernel/errors.js';
import type { StaffMember } from '../staff/schema.js';
import { CustomerIdSchema } from './schema.js';

/**
 * The access log of profiles (LGPD Art. 37, GDPR Art. 30): a device records a `customer.viewed` fact each time staff
 * open a profile — who (`associateId`), where (store, device), when (device time, and the server's `decidedAt`),
 * which profile (`subjectId`). It carries no personal data, works offline like every fact, and changes nothing.
 */
export const customerViewed = defineFactKind({ kind: 'customer.viewed', subject: CustomerIdSchema, payload: z.object({}) });
export type CustomerViewedFact = FactOfKind<typeof customerViewed>;

/** Accepted for any active staff member of the fact's store: the log itself is the point, there is nothing to apply. */
export function decideCustomerViewed(fact: Pick<CustomerViewedFact, 'associateId' | 'storeId'>, staff: StaffMember | undefined): Result<null> {
  if (!staff || staff.storeId !== fact.storeId || !staff.active) {
    return fail(ErrorCode.ASSOCIATE_NOT_ALLOWED, `associate ${fact.associateId} is not active staff of store ${fact.storeId}`);
  }
  return ok(null);
}
