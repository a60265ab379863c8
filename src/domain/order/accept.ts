import { ErrorCode, fail, ok, type Result } from '../kernel/errors.js';
import type { Product, Store } from '../catalog/schema.js';
import { checkOrderArithmetic } from './arithmetic.js';
import type { OrderIntake } from './intake.js';
import type { Order } from './schema.js';
import { emptyPickupRecord } from '../pickup/record.js';

export interface AcceptContext {
  /** The server's new order id (UUIDv7). */
  id: string;
  integrationId: string;
  /** Server time of acceptance. */
  at: string;
  /** The catalog's products the order names (missing SKUs are refused). */
  productsBySku: ReadonlyMap<string, Pick<Product, 'sku' | 'name'>>;
  /** The pickup store, when the order is for pickup; undefined when no such store exists. */
  pickupStore: Store | undefined;
}

/**
 * The server's decision on a validated intake request: refuse it (unknown store or SKU, foreign currency, figures
 * that do not add up: 422 naming what) or build the order as it will be stored, state `new`, nothing reserved yet
 * (reserveOrder does that against the levels). Stock never refuses an order.
 */
export function acceptOrder(intake: OrderIntake, ctx: AcceptContext): Result<Order> {
  const { fulfilment } = intake;
  if (fulfilment.type === 'pickup' && !ctx.pickupStore) {
    const message = `no store "${fulfilment.storeId}"`;
    return fail(ErrorCode.ORDER_UNKNOWN_STORE, message, [{ path: 'fulfilment.storeId', message }]);
  }
  const unknown = intake.lines.flatMap((l, i) => (ctx.productsBySku.has(l.sku) ? [] : [{ path: `lines.${i}.sku`, message: `unknown SKU ${l.sku}` }]));
  if (unknown.length > 0) {
    return fail(ErrorCode.ORDER_UNKNOWN_SKU, `unknown SKU(s): ${unknown.map((e) => e.message.slice(12)).join(', ')}`, unknown);
  }
  if (ctx.pickupStore && ctx.pickupStore.currency !== intake.currency) {
    const message = `store ${ctx.pickupStore.id} sells in ${ctx.pickupStore.currency}, the order is in ${intake.currency}`;
    return fail(ErrorCode.ORDER_CURRENCY_MISMATCH, message, [{ path: 'currency', message }]);
  }
  const arithmetic = checkOrderArithmetic(intake);
  if (!arithmetic.ok) return arithmetic;

  return ok({
    id: ctx.id,
    integrationId: ctx.integrationId,
    number: intake.number,
    channel: intake.channel,
    state: 'new',
    storeId: fulfilment.type === 'pickup' ? fulfilment.storeId : null,
    currency: intake.currency,
    pricesIncludeTax: intake.pricesIncludeTax,
    customer: intake.customer,
    lines: intake.lines.map((l, i) => ({
      lineNo: i + 1,
      ...l,
      name: ctx.productsBySku.get(l.sku)!.name,
      reserved: 0,
      shortfall: 0,
      picked: 0,
      collected: 0,
      returned: 0,
      released: 0,
      substituteFor: null,
    })),
    discounts: intake.discounts,
    payments: intake.payments,
    fulfilment,
    totals: intake.totals,
    hasShortfall: false,
    promisedAt: fulfilment.promisedAt,
    placedAt: intake.placedAt,
    acceptedAt: ctx.at,
    pickingAt: null,
    readyAt: null,
    customerArrivedAt: null,
    collectedAt: null,
    cancelledAt: null,
    expiredAt: null,
    shippedAt: null,
    deliveredAt: null,
    updatedAt: ctx.at,
    pickup: fulfilment.type === 'pickup' ? emptyPickupRecord() : null,
    pickupToken: null,
  });
}
