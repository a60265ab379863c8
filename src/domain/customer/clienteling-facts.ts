import { z } from 'zod';
import { SkuSchema } from '../catalog/schema.js';
import { defineFactKind, type FactOfKind } from '../fact/kind.js';
import { ConsentPurposeSchema, CustomerIdSchema } from './schema.js';

/**
 * What an associate does to look after a customer, one fact kind each in the `facts` collection (subject = the
 * customer's id, so it works offline and an erasure finds it): follow-up tasks, the assigned associate, wishlist
 * items and the log of outreach. They are kept apart from `customerFactKinds` on purpose: those change the profile
 * document (and the device folds them into it), these do not — the profile's schema stays as it is, and each of
 * these is read back by a pure fold over the store's facts (tasks.ts, assignment.ts, wishlist.ts, outreach.ts).
 * Facts of a store replicate to every device of that store, which is exactly the audience of its clienteling.
 */

const StaffId = z.string().min(1).max(40);
const FactId = z.uuid({ version: 'v7' }).max(36);

/** A follow-up: what to do ("call when the 38 arrives"), by when, for whom (the associate who will do it). */
export const CustomerTaskAddedPayloadSchema = z.object({
  text: z.string().trim().min(1, 'write what to do').max(300),
  dueOn: z.iso.date('pick a due date'),
  assignee: StaffId,
  /** The suggestion it was made from (suggestions.ts `key`), so that suggestion is not offered again. */
  suggestion: z.string().max(160).nullable().default(null),
});
export type CustomerTaskAddedPayload = z.infer<typeof CustomerTaskAddedPayloadSchema>;

/** A task done (its id is the customer.task-added fact's id). */
export const CustomerTaskDonePayloadSchema = z.object({ taskId: FactId });

/** The associate who looks after the customer in this store; null: nobody any more. */
export const CustomerAssignedPayloadSchema = z.object({ staffId: StaffId.nullable() });

/** An item the customer wants (a SKU: its size and colour), or no longer wants; `availableThen` is the level seen. */
export const CustomerWishlistChangedPayloadSchema = z.object({
  sku: SkuSchema,
  wanted: z.boolean(),
  /** Units available in the store when the customer asked: 0 or less makes a later arrival "back in stock". */
  availableThen: z.int().min(-1_000_000).max(1_000_000).default(0),
});

/** The channels outreach opens an app for: a mail, an SMS, a WhatsApp chat (a phone call needs no link). */
export const OutreachChannelSchema = z.enum(['email', 'sms', 'whatsapp']);
export type OutreachChannel = z.infer<typeof OutreachChannelSchema>;
export const OUTREACH_CHANNELS = OutreachChannelSchema.options;

/** The customer was contacted: on which channel, for which purpose; who and when are the fact's own. No message. */
export const CustomerContactedPayloadSchema = z.object({ channel: OutreachChannelSchema, purpose: ConsentPurposeSchema });

export const customerTaskAdded = defineFactKind({ kind: 'customer.task-added', subject: CustomerIdSchema, payload: CustomerTaskAddedPayloadSchema });
export const customerTaskDone = defineFactKind({ kind: 'customer.task-done', subject: CustomerIdSchema, payload: CustomerTaskDonePayloadSchema });
export const customerAssigned = defineFactKind({ kind: 'customer.assigned', subject: CustomerIdSchema, payload: CustomerAssignedPayloadSchema });
export const customerWishlistChanged = defineFactKind({
  kind: 'customer.wishlist-changed',
  subject: CustomerIdSchema,
  payload: CustomerWishlistChangedPayloadSchema,
});
export const customerContacted = defineFactKind({ kind: 'customer.contacted', subject: CustomerIdSchema, payload: CustomerContactedPayloadSchema });

export const clientelingFactKinds = {
  'customer.task-added': customerTaskAdded,
  'customer.task-done': customerTaskDone,
  'customer.assigned': customerAssigned,
  'customer.wishlist-changed': customerWishlistChanged,
  'customer.contacted': customerContacted,
} as const;
export type ClientelingFactKindName = keyof typeof clientelingFactKinds;
export type ClientelingFact = {
  [K in ClientelingFactKindName]: FactOfKind<(typeof clientelingFactKinds)[K]> & { kind: K };
}[ClientelingFactKindName];
export const isClientelingFactKind = (kind: string): kind is ClientelingFactKindName => Object.hasOwn(clientelingFactKinds, kind);

/**
 * What is left of a clienteling fact's payload in its deletion after an erasure: nothing the customer said or
 * wanted, yet valid for its kind (privacy.ts, scrubbedCustomerPayload).
 */
export function scrubbedClientelingPayload(kind: string, payload: Record<string, unknown>): Record<string, unknown> | undefined {
  switch (kind) {
    case 'customer.task-added':
      return { text: '-', dueOn: '2000-01-01', assignee: String(payload.assignee ?? '-'), suggestion: null };
    case 'customer.wishlist-changed':
      return { sku: String(payload.sku ?? '-'), wanted: false, availableThen: 0 };
    case 'customer.task-done':
    case 'customer.assigned':
    case 'customer.contacted':
      return payload;
    default:
      return undefined;
  }
}
