import type { Product } from '../catalog/schema.js';
import type { Order } from '../order/schema.js';
import type { Sale } from '../sale/schema.js';
import type { Purchase } from './eligibility.js';
import type { PricedLine } from './refund.js';

type CategoryOf = (sku: string) => Product['category'] | undefined;

/** A store sale as a purchase: only an accepted sale was ever made, and its windows count from the server's decision. */
export function purchaseOfSale(sale: Sale, categoryOf: CategoryOf): Purchase & { priced: PricedLine[] } {
  return {
    kind: 'sale',
    receivedAt: sale.outcome?.status === 'accepted' ? sale.outcome.decidedAt : null,
    lines: sale.lines.map((l) => ({ lineNo: l.lineNo, sku: l.sku, bought: l.quantity, category: categoryOf(l.sku) })),
    priced: sale.lines.map(({ lineNo, quantity, total }) => ({ lineNo, quantity, total })),
  };
}

/**
 * An online order as a purchase: the customer has what they collected at a store, or, shipped, what was delivered
 * (all but released units); the windows count from the collection or the delivery.
 */
export function purchaseOfOrder(order: Order, categoryOf: CategoryOf): Purchase & { priced: PricedLine[] } {
  const shipped = order.fulfilment.type === 'ship';
  return {
    kind: 'order',
    receivedAt: order.collectedAt ?? order.deliveredAt,
    lines: order.lines.map((l) => ({
      lineNo: l.lineNo,
      sku: l.sku,
      bought: shipped ? (order.deliveredAt ? l.quantity - l.released : 0) : l.collected,
      category: categoryOf(l.sku),
    })),
    priced: order.lines.map(({ lineNo, quantity, total }) => ({ lineNo, quantity, total })),
  };
}
