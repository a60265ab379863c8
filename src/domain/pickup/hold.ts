import type { Order } from '../order/schema.js';
import { isAwaitingCollection } from './lookup.js';

/** A store that has not set `pickupHoldDays` holds ready orders this long. */
export const DEFAULT_PICKUP_HOLD_DAYS = 5;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Where a ready order stands in its store's hold period: expire it (the period is over), remind the customer (the
 * last day began and no reminder went out yet), or wait. Orders not waiting for collection always wait.
 */
export function holdStatus(order: Order, holdDays: number, now: Date): { action: 'expire' | 'remind' | 'wait'; expiresAt: string | null } {
  if (!isAwaitingCollection(order.state) || order.readyAt === null) return { action: 'wait', expiresAt: null };
  const expires = Date.parse(order.readyAt) + holdDays * DAY_MS;
  const expiresAt = new Date(expires).toISOString();
  if (now.getTime() >= expires) return { action: 'expire', expiresAt };
  if (now.getTime() >= expires - DAY_MS && order.pickup?.reminderSentAt == null) return { action: 'remind', expiresAt };
  return { action: 'wait', expiresAt };
}
