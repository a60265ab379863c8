import { randomBytes, randomInt } from 'node:crypto';
import type { Order, OrderState } from '../../src/domain/index.js';
import type { StoreReads } from '../store/store.js';

/**
 * The customer's pickup page token and the pickup code. Both are drawn when staff mark the order ready (the
 * pickup.ready policy puts them on the order in the fact's transaction): the code on the order, replicated to the
 * store's devices so a curbside phone checks it offline; the token server-only (registry `serverOnly`), found by
 * the `pickupToken` lookup key.
 */

/** 192 random bits, URL-safe: unguessable, and short enough for a link in a text message. */
export const newPickupToken = (): string => randomBytes(24).toString('base64url');

/** Six digits, read out or typed at the counter; it proves nothing alone beyond the order number it goes with. */
export const newPickupCode = (): string => String(randomInt(0, 1_000_000)).padStart(6, '0');

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{32}$/;

/** After an order closes its page keeps answering this long (the customer sees "collected"), then never again. */
export const PICKUP_TOKEN_GRACE_MS = 2 * 60 * 60 * 1000;

function closedAt(o: Order): string | null {
  const closing: Partial<Record<OrderState, string | null>> = {
    collected: o.collectedAt,
    partially_collected: o.collectedAt,
    cancelled: o.cancelledAt,
    expired: o.expiredAt,
  };
  return closing[o.state] ?? null;
}

/**
 * The order a pickup page token opens, or undefined for a malformed, unknown or expired token (the caller answers
 * 404 alike, with no hint). A token expires PICKUP_TOKEN_GRACE_MS after its order closed.
 */
export async function findOrderByPickupToken(reads: StoreReads, token: string, now: Date): Promise<Order | undefined> {
  if (!TOKEN_SHAPE.test(token)) return undefined;
  const [doc] = await reads.findByKey('orders', 'pickupToken', token);
  if (!doc || doc.deleted) return undefined;
  const order = JSON.parse(doc.body) as Order;
  const closed = closedAt(order);
  if (closed !== null && Date.parse(closed) + PICKUP_TOKEN_GRACE_MS <= now.getTime()) return undefined;
  return order;
}
