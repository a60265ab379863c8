import { DomainError, ErrorCode, OrderSchema, orderLookupKey, publicOrder, type Order, type OrderLookupKeyName } from '../../src/domain/index.js';
import type { DocumentWrite, StoreReads } from '../store/store.js';

/** How orders are kept in the store: one `orders` document each, home store the pickup store ('' when shipped). */
export const orderWrite = (order: Order): DocumentWrite => ({ collection: 'orders', id: order.id, storeId: order.storeId ?? '', body: order });

const parse = (body: string): Order => JSON.parse(body) as Order;

export async function findOrder(reads: StoreReads, id: string): Promise<Order | undefined> {
  const doc = await reads.getDocument('orders', id);
  return doc && !doc.deleted ? parse(doc.body) : undefined;
}

/** An integration's own order, or 404: another integration's order is as good as absent. */
export async function integrationOrder(reads: StoreReads, integrationId: string, id: string): Promise<Order> {
  const order = await findOrder(reads, id);
  if (!order || order.integrationId !== integrationId) throw new DomainError(ErrorCode.NOT_FOUND, `no order ${id}`);
  return order;
}

/** Orders found by a lookup key (the registry's `orders.lookupKeys`), most recently placed first. */
export async function ordersByKey(reads: StoreReads, key: OrderLookupKeyName, typed: string): Promise<Order[]> {
  const docs = await reads.findByKey('orders', key, orderLookupKey[key](typed));
  return docs
    .filter((d) => !d.deleted)
    .map((d) => parse(d.body))
    .sort((a, b) => (a.placedAt < b.placedAt ? 1 : a.placedAt > b.placedAt ? -1 : 0));
}

/** The order as the integration API answers it: without server-only fields. */
export const ApiOrderSchema = OrderSchema.omit({ integrationId: true, pickupToken: true });
export const toApiOrder = publicOrder;
