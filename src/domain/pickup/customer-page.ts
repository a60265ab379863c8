import { z } from 'zod';
import type { Order } from '../order/schema.js';
import { pickupQrText } from './qr.js';
import { ArrivalSchema } from './record.js';
import { refusalOf } from './transitions.js';

/**
 * What the customer's pickup page (/pickup/{token}) may know of an order: its number, the customer's first name,
 * where the order is in its life and the pickup code. Never the payment, the address, the lines' prices or the
 * staff's names: whoever holds the link (a forwarded text message) learns only this.
 */
export const PickupStageSchema = z.enum(['received', 'preparing', 'ready', 'waiting', 'collected', 'cancelled', 'expired']);
export type PickupStage = z.infer<typeof PickupStageSchema>;

export const PickupPageStateSchema = z.object({
  number: z.string(),
  firstName: z.string(),
  stage: PickupStageSchema,
  mode: z.enum(['counter', 'curbside']),
  promisedAt: z.string(),
  /** The six digits given at handoff; null until the order is ready. */
  code: z.string().nullable(),
  /** What the QR code on the page says (the number and the code, as the curbside phone scans it). */
  qrText: z.string().nullable(),
  /** The customer's check-in, as recorded (once). */
  arrival: ArrivalSchema.nullable(),
  /** Whether "I'm here" would be taken now (the pickup transition table, actor: the customer). */
  canArrive: z.boolean(),
});
export type PickupPageState = z.infer<typeof PickupPageStateSchema>;

/** "I'm here": what the customer typed ("blue car, spot 4") and whether the page checked them in by itself. */
export const ArrivalRequestSchema = z.object({
  note: z.string().trim().max(120).default(''),
  /** 'geofence': the page saw the phone come within the store's `pickupGeofenceMeters` (location shared). */
  source: z.enum(['button', 'geofence']).default('button'),
});
export type ArrivalRequest = z.infer<typeof ArrivalRequestSchema>;

const STAGE_OF: Record<Order['state'], PickupStage> = {
  new: 'received',
  picking: 'preparing',
  ready: 'ready',
  customer_waiting: 'waiting',
  collected: 'collected',
  partially_collected: 'collected',
  cancelled: 'cancelled',
  expired: 'expired',
  // Shipped orders have no pickup page; listed so every state has a stage.
  shipped: 'collected',
  delivered: 'collected',
};

export const firstNameOf = (fullName: string): string => fullName.trim().split(/\s+/)[0] ?? '';

/** The page's view of a pickup order (a shipped order has no page: the caller never gets here with one). */
export function pickupPageState(order: Order): PickupPageState {
  const code = order.pickup?.code ?? null;
  return {
    number: order.number,
    firstName: firstNameOf(order.customer.name),
    stage: STAGE_OF[order.state],
    mode: order.fulfilment.type === 'pickup' ? order.fulfilment.mode : 'counter',
    promisedAt: order.promisedAt,
    code,
    qrText: code === null ? null : pickupQrText(order, code),
    arrival: order.pickup?.arrival ?? null,
    canArrive: order.customerArrivedAt === null && refusalOf(order, 'arrive', 'customer') === null,
  };
}
