import type { Order } from '../order/schema.js';

/**
 * What the customer's QR code says: the order number and its pickup code, so a curbside phone checks it with no
 * connection (the order, code included, is on the device). Never the page token: that stays between the server
 * and the customer.
 */
const PREFIX = 'vitrine-pickup';

export const pickupQrText = (order: Pick<Order, 'number'>, code: string) => `${PREFIX}:${order.number}:${code}`;

/** The number and code a scanned QR carries, or undefined when it is not a pickup QR. */
export function parsePickupQr(scanned: string): { number: string; code: string } | undefined {
  const match = /^vitrine-pickup:([A-Za-z0-9][A-Za-z0-9._/#-]*):(\d{6})$/.exec(scanned.trim());
  return match ? { number: match[1]!, code: match[2]! } : undefined;
}
