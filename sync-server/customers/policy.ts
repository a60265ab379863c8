import {
  acceptFact,
  DomainError,
  ErrorCode,
  decideCustomerFact,
  matchValues,
  rejectFact,
  type CustomerFact,
  type CustomerFactKindName,
  type CustomerMatchKey,
  type FactOfKindName,
} from '../../src/domain/index.js';
import type { FactPolicy } from '../facts/policy.js';

/**
 * The policy of every customer fact kind: the batch reads the associates, the profiles the subjects are (or were
 * merged into, by `identity`), and the profiles the new contact details find (email, phone, CPF) — one query per
 * key for the whole push. The domain's decideCustomerFact decides; the profiles it writes (a merge writes the
 * survivor and the pointers) commit with the fact, and facts of one push see each other's profiles (two tablets'
 * customers with one phone in a batch merge too).
 */
export const customerPolicy: FactPolicy<CustomerFact> = {
  load(facts) {
    const byKey: Record<CustomerMatchKey, string[]> = { email: [], phone: [], nationalId: [] };
    for (const f of facts) {
      const fields = f.kind === 'customer.created' ? f.payload : f.kind === 'customer.updated' ? f.payload.fields : null;
      if (!fields) continue;
      for (const { key, value } of matchValues({ email: fields.email ?? null, phone: fields.phone ?? null, nationalId: fields.nationalId ?? null })) {
        byKey[key].push(value);
      }
    }
    return {
      documents: { staff: facts.map((f) => f.associateId) },
      keys: {
        customers: { identity: facts.map((f) => f.subjectId), ...byKey },
        // An erasure's audit fact, found by the ids it erased: a later fact about them is refused.
        facts: { erasedCustomer: facts.map((f) => f.subjectId) },
      },
    };
  },
  decide(fact, state, decidedAt) {
    if (state.documentsByKey('facts', 'erasedCustomer', fact.subjectId).length > 0) {
      return rejectFact(
        new DomainError(ErrorCode.CUSTOMER_ERASED, 'this customer was erased at their request; nothing about them can be recorded any more'),
        // What the device wrote about them (a note, a changed phone) is personal data of someone erased: not kept.
        { redact: true },
      );
    }
    const decided = decideCustomerFact(fact, {
      at: decidedAt,
      store: state.store,
      staff: (id) => state.document('staff', id),
      byIdentity: (id) => state.documentsByKey('customers', 'identity', id),
      byKey: (key, value) => state.documentsByKey('customers', key, value),
    });
    if (!decided.ok) return rejectFact(decided.error);
    return acceptFact({ documents: decided.value.map((body) => ({ collection: 'customers' as const, body })) });
  },
};

/** The one customer policy under each customer kind's name (the server's kind map). */
export const customerPolicies = {
  'customer.created': customerPolicy,
  'customer.updated': customerPolicy,
  'customer.note-added': customerPolicy,
  'customer.consent-changed': customerPolicy,
} as unknown as { [K in CustomerFactKindName]: FactPolicy<FactOfKindName<K>> };
