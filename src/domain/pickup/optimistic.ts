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
 * The order as a device shows it: the replicated order with the device's own pending pickup facts of it folded on,
 * in the order they were recorded, by the same decision the server makes. A fact the decision refuses changes
 * nothing and is listed. Pass only facts without an outcome: a decided fact is already in the replicated order.
 */
export function optimisticOrder(order: Order, pending: readonly Fact[], view: Omit<PickupContext, 'issue' | 'readyMail'>): OptimisticOrder {
  let current = order;
  const refused: OptimisticOrder['refused'] = [];
  for (const fact of pending) {
    if (fact.subjectId !== order.id || fact.outcome || !isPickupFactKind(fact.kind)) continue;
    const payload = pickupFactKinds[fact.kind].payload.safeParse(fact.payload);
    if (!payload.success) continue; // never pushed as it is: the push answers 400 and the device quarantines it
    const decided = decidePickupFact({ ...fact, payload: payload.data } as PickupFact, current, view);
    if (decided.ok) current = decided.value.order;
    else refused.push({ factId: fact.id, error: decided.error });
  }
  return { order: current, refused };
}
