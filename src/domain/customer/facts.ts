import { z } from 'zod';
import { defineFactKind, type FactOfKind } from '../fact/kind.js';
import { ConsentChannelSchema, ConsentMethodSchema, ConsentPurposeSchema, CustomerFieldsShape, CustomerIdSchema } from './schema.js';

/**
 * What staff do to a customer on a device, one fact kind each in the `facts` collection, subject = the customer's id
 * (chosen by the device for a new customer, so it works offline). Kind names are "area.verb" with hyphens, as the
 * facts collection's schema requires (`customer.note-added`, `customer.consent-changed`). The server applies them (decide.ts); a fact
 * addressed to a profile merged since applies to the survivor. Bad input is refused field by field on push
 * (`0.newDocumentState.payload.email`), before anything is written.
 */

/** A consent decision as staff record it: the channel and the purpose are required, given or withdrawn, and how. */
export const ConsentInputSchema = z.object({
  channel: ConsentChannelSchema,
  purpose: ConsentPurposeSchema,
  given: z.boolean(),
  method: ConsentMethodSchema,
});
export type ConsentInput = z.infer<typeof ConsentInputSchema>;

const { name, email, phone, nationalId, birthday, preferredStoreId, sizes, preferences, tags } = CustomerFieldsShape;

/** A new customer: a name and whatever else they gave; what they left out stays empty (and no consent is assumed). */
export const CustomerCreatedPayloadSchema = z.object({
  name,
  email: email.default(null),
  phone: phone.default(null),
  nationalId: nationalId.default(null),
  birthday: birthday.default(null),
  preferredStoreId: preferredStoreId.default(null),
  sizes: sizes.default([]),
  preferences: preferences.default([]),
  tags: tags.default([]),
  consents: z.array(ConsentInputSchema).max(8).default([]),
});
export type CustomerCreatedPayload = z.infer<typeof CustomerCreatedPayloadSchema>;

/** The fields changed, and only those (null clears one). */
export const CustomerUpdatedPayloadSchema = z.object({
  fields: z
    .object(CustomerFieldsShape)
    .partial()
    .refine((f) => Object.values(f).some((v) => v !== undefined), 'change at least one field'),
});

export const customerCreated = defineFactKind({ kind: 'customer.created', subject: CustomerIdSchema, payload: CustomerCreatedPayloadSchema });
export const customerUpdated = defineFactKind({ kind: 'customer.updated', subject: CustomerIdSchema, payload: CustomerUpdatedPayloadSchema });
export const customerNoteAdded = defineFactKind({
  kind: 'customer.note-added',
  subject: CustomerIdSchema,
  payload: z.object({ text: z.string().trim().min(1, 'write the note first').max(1_000) }),
});
export const customerConsentChanged = defineFactKind({ kind: 'customer.consent-changed', subject: CustomerIdSchema, payload: ConsentInputSchema });

export const customerFactKinds = {
  'customer.created': customerCreated,
  'customer.updated': customerUpdated,
  'customer.note-added': customerNoteAdded,
  'customer.consent-changed': customerConsentChanged,
} as const;
export type CustomerFactKindName = keyof typeof customerFactKinds;

/** A customer fact of any kind, discriminated by `kind`. */
export type CustomerFact = { [K in CustomerFactKindName]: FactOfKind<(typeof customerFactKinds)[K]> & { kind: K } }[CustomerFactKindName];
export const isCustomerFactKind = (kind: string): kind is CustomerFactKindName => Object.hasOwn(customerFactKinds, kind);
