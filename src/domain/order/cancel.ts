import { ErrorCode, fail, ok, type Result } from '../kernel/errors.js';
import type { StockMovement } from '../stock/schema.js';
import type { Order, OrderState } from './schema.js';

/** States an order can be cancelled from: before the customer took anything, and before it left for delivery. */
const CANCELLABLE: ReadonlySet<OrderState> = new Set(['new', 'picking', 'ready', 'customer_waiting']);

export interface Cancellation {
  order: Order;
  /** One `release` movement per line still holding units (id `${orderId}:release:${lineNo}`). */
  movements: StockMovement[];
  /** False when the order was already cancelled: nothing to write, nothing to tell. */
  changed: boolean;
}

/**
 * Cancels an order and releases what it holds. Cancelling a cancelled order changes nothing (a platform retrying
 * with a new key gets the order back); once the customer collected any of it the order can only be returned
 * (ORDER_ALREADY_COLLECTED); a shipped, delivered or expired order is ORDER_NOT_CANCELLABLE.
 */
export function cancelOrder(order: Order, at: string): Result<Cancellation> {
  if (order.state === 'cancelled') return ok({ order, movements: [], changed: false });
  if (order.state === 'collected' || order.state === 'partially_collected') {
    return fail(
      ErrorCode.ORDER_ALREADY_COLLECTED,
      `order ${order.number} was collected on ${order.collectedAt ?? 'an earlier visit'}; it can only be returned now`,
    );
  }
  if (!CANCELLABLE.has(order.state)) {
    return fail(ErrorCode.ORDER_NOT_CANCELLABLE, `order ${order.number} is ${order.state} and can no longer be cancelled`);
  }
  const storeId = order.storeId;
  const movements: StockMovement[] =
    storeId === null
      ? []
      : order.lines
          .filter((l) => l.reserved > 0)
          .map((l) => ({
            id: `${order.id}:release:${l.lineNo}`,
            storeId,
            sku: l.sku,
            quantity: -l.reserved,
            reason: 'release' as const,
            sourceId: order.id,
            recordedAt: at,
          }));
  const lines = order.lines.map((l) => ({ ...l, reserved: 0, released: l.quantity - l.collected }));
  return ok({ order: { ...order, state: 'cancelled', lines, cancelledAt: at, updatedAt: at }, movements, changed: true });
}
