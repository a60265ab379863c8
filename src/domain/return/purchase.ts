import type { Product } from '../catalog/schema.js';
import type { Order } from '../order/schema.js';
import type { Sale } from '../sale/schema.js';
import type { Purchase } from './eligibility.js';
import type { PricedLine } from './refund.js';

/** What the catalog says of a product for its return: its category (window) and whether it is final sale. */
export type CatalogOf = (sku: string) => Pick<Product, 'category' | 'finalSale'> | undefined;

/** A line's category and final-sale flag as the catalog has them (neither, for a SKU that left the catalog). */
export function catalogFields(catalogOf: CatalogOf, sku: string): { category: string | undefined; finalSale: boolean } {
  const product = catalogOf(sku);
  return { category: product?.category, finalSale: product?.finalSale === true };
}

/** A store sale as a purchase: only an accepted sale was ever made, and its windows count from the server's decision. */
export function purchaseOfSale(sale: Sale, catalogOf: CatalogOf): Purchase & { priced: PricedLine[] } {
  return {
    kind: 'sale',
    receivedAt: sale.outcome?.status === 'accepted' ? sale.outcome.decidedAt : null,
    lines: sale.lines.map((l) => ({ lineNo: l.lineNo, sku: l.sku, bought: l.quantity, ...catalogFields(catalogOf, l.sku) })),
    priced: sale.lines.map(({ lineNo, quantity, total }) => ({ lineNo, quantity, total })),
  };
}

/**
 * An online order as a purchase: the customer has what they collected at a store, or, shipped, what was delivered
 * (all but released units); the windows count from the collection or the delivery.
 */
export function purchaseOfOrder(order: Order, catalogOf: CatalogOf): Purchase & { priced: PricedLine[] } {
  const shipped = order.fulfilment.type === 'ship';
  return {
    kind: 'order',
    receivedAt: order.collectedAt ?? order.deliveredAt,
    lines: order.lines.map((l) => ({
      lineNo: l.lineNo,
      sku: l.sku,
      bought: shipped ? (order.deliveredAt ? l.quantity - l.released : 0) : l.collected,
      ...catalogFields(catalogOf, l.sku),
    })),
    priced: order.lines.map(({ lineNo, quantity, total }) => ({ lineNo, quantity, total })),
  };
}
