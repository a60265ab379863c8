import type { Order } from '../order/schema.js';

/** States in which a ready order waits for its customer (the hold period runs, the expiry job looks). */
export const AWAITING_COLLECTION = ['ready', 'customer_waiting'] as const;
export const isAwaitingCollection = (state: Order['state']): boolean => (AWAITING_COLLECTION as readonly string[]).includes(state);

/**
 * The server-side keys pickup finds orders by (registry `orders.lookupKeys`): the customer page's token, and the
 * orders of a store waiting for collection (the expiry job's worklist, kept in step on every write of the order).
 */
export const pickupLookupValues = {
  pickupToken: (o: Pick<Order, 'pickupToken'>) => (o.pickupToken ? [o.pickupToken] : []),
  awaitingCollection: (o: Pick<Order, 'state' | 'storeId'>) => (o.storeId !== null && isAwaitingCollection(o.state) ? [o.storeId] : []),
};
