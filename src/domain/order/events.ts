import type { Order } from './schema.js';

/** An order as the platform sees it (API answers, event data): without the fields only the server holds. */
export type PublicOrder = Omit<Order, 'integrationId' | 'pickupToken'>;
export const publicOrder = ({ integrationId: _serverOnly, pickupToken: _customerOnly, ...order }: Order): PublicOrder => order;

/**
 * The data of the events an order sends back to the platform (through the server's outbox): the order as it now
 * is, plus what the event is about.
 */
export interface OrderAcceptedPayload extends PublicOrder {
  /** The lines the pickup store could not fully reserve, named, so the platform can tell the customer. */
  shortLines: { lineNo: number; sku: string; name: string; shortfall: number }[];
}

export interface OrderCancelledPayload extends PublicOrder {
  /** Units given back to the pickup store's stock, per line. */
  released: { lineNo: number; sku: string; quantity: number }[];
}

export function orderAcceptedPayload(order: Order): OrderAcceptedPayload {
  return {
    ...publicOrder(order),
    shortLines: order.lines.filter((l) => l.shortfall > 0).map(({ lineNo, sku, name, shortfall }) => ({ lineNo, sku, name, shortfall })),
  };
}

/** `before` is the order as it was, holding its reservations; `after` the cancelled order. */
export function orderCancelledPayload(before: Order, after: Order): OrderCancelledPayload {
  return {
    ...publicOrder(after),
    released: before.lines.filter((l) => l.reserved > 0).map((l) => ({ lineNo: l.lineNo, sku: l.sku, quantity: l.reserved })),
  };
}
