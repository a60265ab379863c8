import type { Fact } from '../fact/schema.js';
import { inFoldOrder, type ResolveCustomerId } from './clienteling-order.js';
import { CustomerAssignedPayloadSchema } from './clienteling-facts.js';

/**
 * Who looks after each customer in this store, from its customer.assigned facts: the last one in server order
 * (this device's pending one on top until the server decides). A customer with nobody assigned is absent.
 */
export function assignmentsOf(facts: readonly Fact[], resolve: ResolveCustomerId = (id) => id): Map<string, string> {
  const assigned = new Map<string, string>();
  for (const f of inFoldOrder(facts.filter((x) => x.kind === 'customer.assigned'))) {
    const p = CustomerAssignedPayloadSchema.safeParse(f.payload);
    if (!p.success) continue;
    const id = resolve(f.subjectId);
    if (p.data.staffId === null) assigned.delete(id);
    else assigned.set(id, p.data.staffId);
  }
  return assigned;
}
