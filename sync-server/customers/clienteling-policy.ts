import {
  acceptFact,
  DomainError,
  ErrorCode,
  decideClientelingFact,
  rejectFact,
  type ClientelingFact,
  type ClientelingFactKindName,
  type Fact,
  type FactOfKindName,
} from '../../src/domain/index.js';
import type { FactPolicy } from '../facts/policy.js';

/**
 * The policy of the clienteling kinds (tasks, assignment, wishlist, outreach log): one read per collection for the
 * whole push — the associates and assignees, the customers by every id that was theirs, the tasks a "done" names,
 * the wished SKUs, and the erasures of the subjects. decideClientelingFact decides; a task or an assignment in a
 * store that does not hold the customer yet writes the profile with that store added (it joins the store's book).
 */
export const clientelingPolicy: FactPolicy<ClientelingFact> = {
  load(facts) {
    const staff = facts.flatMap((f) => [
      f.associateId,
      ...(f.kind === 'customer.task-added' ? [f.payload.assignee] : []),
      ...(f.kind === 'customer.assigned' && f.payload.staffId ? [f.payload.staffId] : []),
    ]);
    return {
      documents: {
        staff,
        facts: facts.flatMap((f) => (f.kind === 'customer.task-done' ? [f.payload.taskId] : [])),
        products: facts.flatMap((f) => (f.kind === 'customer.wishlist-changed' ? [f.payload.sku] : [])),
      },
      keys: {
        customers: { identity: facts.map((f) => f.subjectId) },
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
    const decided = decideClientelingFact(fact, {
      at: decidedAt,
      staff: (id) => state.document('staff', id),
      customer: (id) => state.documentsByKey('customers', 'identity', id)[0],
      fact: (id) => state.document('facts', id) as Fact | undefined,
      knownSku: (sku) => state.document('products', sku) !== undefined,
    });
    if (!decided.ok) return rejectFact(decided.error);
    return acceptFact({ documents: decided.value.map((body) => ({ collection: 'customers' as const, body })) });
  },
};

/** The one clienteling policy under each of its kinds' names (the server's kind map). */
export const clientelingPolicies = {
  'customer.task-added': clientelingPolicy,
  'customer.task-done': clientelingPolicy,
  'customer.assigned': clientelingPolicy,
  'customer.wishlist-changed': clientelingPolicy,
  'customer.contacted': clientelingPolicy,
} as unknown as { [K in ClientelingFactKindName]: FactPolicy<FactOfKindName<K>> };
