import { stockLevelId, type StockLevel, type StockMovement } from '../stock/schema.js';
import type { Order } from './schema.js';

export interface Reservation {
  /** The order with each line's `reserved` and `shortfall` set, and `hasShortfall` when any line is short. */
  order: Order;
  /** One `reservation` movement per line that holds units (id `${orderId}:reserve:${lineNo}`, so re-applying is a no-op). */
  movements: StockMovement[];
}

/**
 * Holds a pickup order's units at its store. Each line reserves what the store has available, up to its quantity,
 * and records the rest as shortfall; an order is never refused for stock. A line never reserves more than is
 * available: when the level is at or below zero (nothing to give, or oversold), the line reserves nothing and is
 * short by all of it, so a reservation never pushes `available` below zero and the store sees exactly how many units
 * it has to find. Two lines of the same SKU share the availability, first line first. Shipped orders reserve nothing
 * (they leave from a warehouse, not a store).
 */
export function reserveOrder(order: Order, levels: ReadonlyMap<string, StockLevel>, at = order.acceptedAt): Reservation {
  const storeId = order.storeId;
  if (order.fulfilment.type !== 'pickup' || storeId === null) return { order, movements: [] };
  const left = new Map<string, number>();
  const movements: StockMovement[] = [];
  const lines = order.lines.map((line) => {
    const id = stockLevelId(storeId, line.sku);
    const available = left.get(id) ?? Math.max(0, levels.get(id)?.available ?? 0);
    const reserved = Math.min(line.quantity, available);
    left.set(id, available - reserved);
    if (reserved > 0) {
      movements.push({
        id: `${order.id}:reserve:${line.lineNo}`,
        storeId,
        sku: line.sku,
        quantity: reserved,
        reason: 'reservation',
        sourceId: order.id,
        recordedAt: at,
      });
    }
    return { ...line, reserved, shortfall: line.quantity - reserved };
  });
  return { order: { ...order, lines, hasShortfall: lines.some((l) => l.shortfall > 0) }, movements };
}

/** The SKUs a pickup order reserves, as level ids: what the server reads before reserving. */
export function reservationLevelIds(order: Pick<Order, 'storeId' | 'lines'>): string[] {
  const storeId = order.storeId;
  return storeId === null ? [] : [...new Set(order.lines.map((l) => stockLevelId(storeId, l.sku)))];
}
