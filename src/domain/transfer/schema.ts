import { z } from 'zod';
import { SkuSchema, StoreIdSchema } from '../catalog/schema.js';
import { defineFactKind, type FactOf } from '../fact/kind.js';
import { ID_MAX_LENGTH } from '../kernel/ids.js';
import type { StockMovement } from '../stock/schema.js';

/**
 * Holds and transfers between stores: an associate of the requesting store asks another store (the sender) to hold
 * units of a SKU for a customer until a time, to send them to the requesting store, or to ship them to the customer's
 * address. Every step is a fact of the `facts` collection whose subject is the transfer's id (the request's own id),
 * and every one names the other store of the transfer, so both stores' devices receive it (the registry's `storesOf`).
 *
 * What the sender learns of the customer is what it needs and no more: for a hold, the name and phone its staff ask
 * for at the counter; for a shipment, the name, phone and address on the parcel; for a transfer to the requesting
 * store, nothing (the customer collects where they asked). The requesting store's customer id never leaves it.
 */
export const TransferModeSchema = z.enum(['hold', 'to_store', 'to_customer']);
export type TransferMode = z.infer<typeof TransferModeSchema>;

/** A hold lasts at most this long from the request: longer is a reservation the sender cannot plan for. */
export const HOLD_MAX_DAYS = 14;

const TransferId = z.string().min(1).max(ID_MAX_LENGTH);
const Units = z.int().min(1).max(99);
const Instant = z.iso.datetime({ offset: true });
const Phone = z
  .string()
  .trim()
  .min(8)
  .max(20)
  .regex(/^\+?[0-9 ().-]+$/, 'a phone number');

export const TransferAddressSchema = z.object({
  street: z.string().trim().min(1).max(200),
  city: z.string().trim().min(1).max(80),
  postalCode: z.string().trim().min(1).max(20),
});

/** The customer as the sender sees them: a name to call out and a phone, plus an address only for a shipment. */
export const TransferCustomerSchema = z.object({
  name: z.string().trim().min(1).max(120),
  phone: Phone,
  address: TransferAddressSchema.nullable().default(null),
});
export type TransferCustomer = z.infer<typeof TransferCustomerSchema>;

export const TransferRequestPayloadSchema = z
  .object({
    mode: TransferModeSchema,
    /** The store asked to hold or send the units. */
    fromStoreId: StoreIdSchema,
    sku: SkuSchema,
    quantity: Units,
    /** Until when a hold keeps the units (holds only). */
    holdUntil: Instant.nullable().default(null),
    customer: TransferCustomerSchema.nullable().default(null),
    note: z.string().trim().max(200).default(''),
  })
  .superRefine((p, ctx) => {
    if (p.mode === 'hold' && p.holdUntil === null) ctx.addIssue({ code: 'custom', path: ['holdUntil'], message: 'a hold needs the time it ends' });
    if (p.mode !== 'hold' && p.holdUntil !== null) ctx.addIssue({ code: 'custom', path: ['holdUntil'], message: 'only a hold has an end time' });
    if (p.mode === 'to_store' && p.customer !== null)
      ctx.addIssue({ code: 'custom', path: ['customer'], message: 'a transfer to this store carries nothing about the customer' });
    if (p.mode !== 'to_store' && p.customer === null) ctx.addIssue({ code: 'custom', path: ['customer'], message: "the customer's name and phone" });
    if (p.mode === 'hold' && p.customer?.address)
      ctx.addIssue({ code: 'custom', path: ['customer', 'address'], message: 'a hold carries no address: the customer collects' });
    if (p.mode === 'to_customer' && p.customer && !p.customer.address)
      ctx.addIssue({ code: 'custom', path: ['customer', 'address'], message: "the customer's address" });
  });
export type TransferRequestPayload = z.infer<typeof TransferRequestPayloadSchema>;

/** Every step after the request names the other store of the transfer (who else sees it) and what it moves. */
const StepPayload = z.object({ peerStoreId: StoreIdSchema, sku: SkuSchema, quantity: Units });

export const transferRequested = defineFactKind({ kind: 'transfer.requested', subject: TransferId, payload: TransferRequestPayloadSchema });

/** The sender takes it on: a hold reserves the units until its time, a transfer reserves them until they ship. */
export const transferAccepted = defineFactKind({
  kind: 'transfer.accepted',
  subject: TransferId,
  payload: StepPayload.extend({
    /** The hold's end, as the request has it (the server checks): the expiry job finds due holds by it. */
    holdUntil: Instant.nullable().default(null),
    /** What the accepting device showed as available: a hold beyond it is accepted, flagged to both stores. */
    availableSeen: z.int().min(-1_000_000).max(1_000_000).nullable().default(null),
  }),
  movements: (f, _stock, at) => [move(f, 'reserve', f.storeId, f.payload.quantity, 'reservation', at)],
});

export const DeclineReasonSchema = z.enum(['not_in_stock', 'damaged', 'cannot_ship', 'other']);
export const transferDeclined = defineFactKind({
  kind: 'transfer.declined',
  subject: TransferId,
  payload: StepPayload.extend({ reason: DeclineReasonSchema, note: z.string().trim().max(200).default('') }),
});

/** The units left the sender: out of its stock (and its reservation); in transit until the requester scans them in. */
export const transferShipped = defineFactKind({
  kind: 'transfer.shipped',
  subject: TransferId,
  payload: StepPayload,
  movements: (f, _stock, at) => [
    move(f, 'release', f.storeId, -f.payload.quantity, 'release', at),
    move(f, 'out', f.storeId, -f.payload.quantity, 'transfer', at),
  ],
});

/** The requester scanned the parcel's item in: the units are on hand there. */
export const transferReceived = defineFactKind({
  kind: 'transfer.received',
  subject: TransferId,
  payload: StepPayload.extend({ scanned: z.string().trim().min(1).max(64) }),
  movements: (f, _stock, at) => [move(f, 'in', f.storeId, f.payload.quantity, 'transfer', at)],
});

/** The sender ends a hold before its time: the customer bought the units, or said they will not come. */
export const transferReleased = defineFactKind({
  kind: 'transfer.released',
  subject: TransferId,
  payload: StepPayload.extend({ reason: z.enum(['collected', 'not_coming']) }),
  movements: (f, _stock, at) => [move(f, 'release', f.storeId, -f.payload.quantity, 'release', at)],
});

/**
 * The requester withdraws the request (the customer changed their mind) before anything shipped. Its movement is at
 * the sender, and only when the sender had reserved: the decision records it then; the device shows no effect.
 */
export const transferCancelled = defineFactKind({ kind: 'transfer.cancelled', subject: TransferId, payload: StepPayload });

export const transferFactKinds = {
  'transfer.requested': transferRequested,
  'transfer.accepted': transferAccepted,
  'transfer.declined': transferDeclined,
  'transfer.shipped': transferShipped,
  'transfer.received': transferReceived,
  'transfer.released': transferReleased,
  'transfer.cancelled': transferCancelled,
} as const;

/**
 * `hold.expired` is the server's (the expiry job), never a device's: it is not in the push registry, so a device
 * pushing one is refused as an unknown kind. Stored like the others (storeId the sender, device and associate
 * `server`), so both stores see the hold end.
 */
export const HOLD_EXPIRED = 'hold.expired';
export const SERVER_ACTOR = 'server';
export const HoldExpiredPayloadSchema = StepPayload;

export type TransferRequest = FactOf<typeof TransferId, typeof TransferRequestPayloadSchema>;
export type TransferStepFact = FactOf<typeof TransferId, typeof StepPayload> & { payload: Record<string, unknown> };

/**
 * Ledger movements of a transfer, one id per effect and transfer: whichever step releases a hold (shipped, released,
 * cancelled, expired) records the same `${id}:release`, so two of them racing can never release twice.
 */
export type TransferEffect = 'reserve' | 'release' | 'out' | 'in';
export function transferMovement(
  transferId: string,
  effect: TransferEffect,
  storeId: string,
  sku: string,
  quantity: number,
  reason: StockMovement['reason'],
  at: string,
): StockMovement {
  return { id: `${transferId}:${effect}`, storeId, sku, quantity, reason, sourceId: transferId, recordedAt: at };
}

const move = (
  f: { subjectId: string; payload: { sku: string } },
  effect: TransferEffect,
  storeId: string,
  quantity: number,
  reason: StockMovement['reason'],
  at: string,
) => transferMovement(f.subjectId, effect, storeId, f.payload.sku, quantity, reason, at);
