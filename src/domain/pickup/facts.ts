import { z } from 'zod';
import { SkuSchema } from '../catalog/schema.js';
import { defineFactKind, type FactOfKind } from '../fact/kind.js';
import { ID_MAX_LENGTH } from '../kernel/ids.js';
import { CollectorSchema, ConsentSchema } from './record.js';

/**
 * The pickup transitions staff record on a device, one fact kind each in the `facts` collection, subject = the
 * order id (a device lists an order's facts by index). The customer's arrival and the expiry are not facts: the
 * server records them (the customer page, the expiry job).
 */
const OrderId = z.string().min(1).max(ID_MAX_LENGTH);
const LineNo = z.int().min(1).max(999);
const Units = z.int().min(1).max(9_999);

export const pickupStart = defineFactKind({ kind: 'pickup.start', subject: OrderId, payload: z.object({}) });

/** A scan: the SKU read off the item (the server finds the line; a SKU not in the order is refused by name). */
export const pickupPick = defineFactKind({
  kind: 'pickup.pick',
  subject: OrderId,
  payload: z.object({ sku: SkuSchema, quantity: Units.default(1) }),
});

/**
 * Units of a line the store cannot supply: given up (partial fulfilment), or replaced by a substitute the customer
 * agreed to (the consent is recorded; the substitute is reserved and picked like any line).
 */
export const pickupShort = defineFactKind({
  kind: 'pickup.short',
  subject: OrderId,
  payload: z.object({
    lineNo: LineNo,
    quantity: Units,
    substitute: z.object({ sku: SkuSchema, quantity: Units, consent: ConsentSchema }).nullable().default(null),
  }),
});

export const pickupReady = defineFactKind({ kind: 'pickup.ready', subject: OrderId, payload: z.object({}) });

/** How the collector proved the order is theirs: the code they read out, the QR they showed, or a photo ID. */
export const HandoffVerificationSchema = z.discriminatedUnion('method', [
  z.object({ method: z.literal('code'), code: z.string().trim().max(12) }),
  z.object({ method: z.literal('qr'), scanned: z.string().max(200) }),
  /** The manager typed their PIN on the device (checked there, offline); the server checks their role. */
  z.object({ method: z.literal('photo_id'), managerId: z.string().min(1).max(40), reason: z.string().trim().min(1).max(200) }),
]);
export type HandoffVerification = z.infer<typeof HandoffVerificationSchema>;

export const pickupHandoff = defineFactKind({
  kind: 'pickup.handoff',
  subject: OrderId,
  payload: z.object({
    collector: CollectorSchema,
    verification: HandoffVerificationSchema,
    /** What was handed over, per line; null: every picked unit. Units not handed over go back to stock. */
    lines: z
      .array(z.object({ lineNo: LineNo, quantity: z.int().min(0).max(9_999) }))
      .max(200)
      .nullable()
      .default(null),
  }),
});

/** "I'm on it": a staff member goes to the waiting customer; who and when come from the fact's associate and decision. */
export const pickupTake = defineFactKind({ kind: 'pickup.take', subject: OrderId, payload: z.object({}) });

export const pickupCancel = defineFactKind({
  kind: 'pickup.cancel',
  subject: OrderId,
  payload: z.object({ reason: z.string().trim().min(1).max(200) }),
});

export const pickupFactKinds = {
  'pickup.start': pickupStart,
  'pickup.pick': pickupPick,
  'pickup.short': pickupShort,
  'pickup.ready': pickupReady,
  'pickup.take': pickupTake,
  'pickup.handoff': pickupHandoff,
  'pickup.cancel': pickupCancel,
} as const;
export type PickupFactKindName = keyof typeof pickupFactKinds;

/** A pickup fact of any kind, discriminated by `kind`. */
export type PickupFact = { [K in PickupFactKindName]: FactOfKind<(typeof pickupFactKinds)[K]> & { kind: K } }[PickupFactKindName];
export const isPickupFactKind = (kind: string): kind is PickupFactKindName => Object.hasOwn(pickupFactKinds, kind);
