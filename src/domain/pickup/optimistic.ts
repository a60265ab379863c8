import type { Fact } from '../fact/schema.js';
import type { DomainError } from '../kernel/errors.js';
import type { Order } from '../order/schema.js';
import { decidePickupFact, type PickupContext } from './decide.js';
import { isPickupFactKind, pickupFactKinds, type PickupFact } from './facts.js';

export interface OptimisticOrder {
  /** The order as the device's pending facts will make it once the server accepts them. */
  order: Order;
  /** Pending facts the server will refuse as things stand (shown as such, never hidden), with the reason. */
  refused: { factId: string; error: DomainError }[];
}

/**
 * Whether a fact still changes what the device shows of the order: while it waits for its outcome, and once accepted
 * only while the replicated order is older than the decision (the server writes the order in the same transaction
 * with `updatedAt` = the decision's time, never moving it back), because the outcome may reach the device before the
 * order does. A rejected fact changes nothing.
 */
export function stillAhead(fact: Fact, order: Order): boolean {
  if (!fact.outcome) return true;
  return fact.outcome.status === 'accepted' && order.updatedAt < fact.outcome.decidedAt;
}

/**
 * The order as a device shows it: the replicated order with the device's own pickup facts of it that it does not
 * hold yet folded on (see `stillAhead`), in the order they were recorded, by the same decision the server makes.
 * A pending fact the decision refuses changes nothing and is listed; an accepted one is the server's word already.
 */
export function optimisticOrder(order: Order, facts: readonly Fact[], view: Omit<PickupContext, 'issue' | 'readyMail'>): OptimisticOrder {
  let current = order;
  const refused: OptimisticOrder['refused'] = [];
  for (const fact of facts) {
    if (fact.subjectId !== order.id || !isPickupFactKind(fact.kind) || !stillAhead(fact, order)) continue;
    const payload = pickupFactKinds[fact.kind].payload.safeParse(fact.payload);
    if (!payload.success) continue; // never pushed as it is: the push answers 400 and the device quarantines it
    const at = fact.outcome?.decidedAt ?? view.at;
    const decided = decidePickupFact({ ...fact, payload: payload.data } as PickupFact, current, { ...view, at });
    if (decided.ok) current = decided.value.order;
    else if (!fact.outcome) refused.push({ factId: fact.id, error: decided.error });
  }
  return { order: current, refused };
}
