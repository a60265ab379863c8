import { acceptFact, decideCustomerViewed, rejectFact, type CustomerViewedFact, type StaffMember } from '../../src/domain/index.js';
import type { FactPolicy } from '../facts/policy.js';

/** `customer.viewed`: the access log of profiles, accepted for active staff of the store, writing nothing else. */
export const customerViewedPolicy: FactPolicy<CustomerViewedFact> = {
  load: (facts) => ({ documents: { staff: facts.map((f) => f.associateId) } }),
  decide(fact, state) {
    const decided = decideCustomerViewed(fact, state.document('staff', fact.associateId) as StaffMember | undefined);
    return decided.ok ? acceptFact({ documents: [] }) : rejectFact(decided.error);
  },
};
