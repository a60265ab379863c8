import { decideCreditAdjusted, type CreditAdjusted } from '../../src/domain/index.js';
import type { FactPolicy } from '../facts/policy.js';

/** `credit.adjusted`: reads who adjusted; the domain accepts it from an active manager and posts the ledger entry. */
export const creditAdjustedPolicy: FactPolicy<CreditAdjusted> = {
  load: (adjustments) => ({ documents: { staff: adjustments.map((a) => a.associateId) } }),
  decide: decideCreditAdjusted,
};
