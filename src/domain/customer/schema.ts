import { z } from 'zod';
import { StoreIdSchema } from '../catalog/schema.js';
import { ID_MAX_LENGTH } from '../kernel/ids.js';
import { NationalIdSchema } from '../order/national-id.js';
import { E164PhoneSchema } from '../order/phone.js';

/**
 * A customer's profile as the server keeps it and the store's devices replicate it (the `customers` collection): the
 * one source of truth for its shape. Every change arrives as a fact (customer.created, .updated, .note_added,
 * .consent_changed, decide.ts) or from order intake, and is applied by the server, which also merges duplicates
 * (merge.ts). A profile merged into another stays as a pointer: `mergedInto` names the survivor, its contact
 * details are gone, so a device holding the old id finds the survivor and no personal data is kept twice.
 */

export const CustomerIdSchema = z.string().min(1).max(ID_MAX_LENGTH);
const Instant = z.iso.datetime().max(30);
const StaffId = z.string().min(1).max(40);

/** The channels a customer can be reached on, each consented to separately. */
export const ConsentChannelSchema = z.enum(['email', 'sms', 'whatsapp', 'phone']);
export type ConsentChannel = z.infer<typeof ConsentChannelSchema>;
/** Why we would reach them: offers (marketing) or about their own orders, repairs, pickups (service). */
export const ConsentPurposeSchema = z.enum(['marketing', 'service']);
export type ConsentPurpose = z.infer<typeof ConsentPurposeSchema>;
/** How the customer told us: at the counter, on the web shop, on the phone, in writing (an email), imported. */
export const ConsentMethodSchema = z.enum(['in_store', 'online', 'phone_call', 'written', 'import']);
export type ConsentMethod = z.infer<typeof ConsentMethodSchema>;

export const CONSENT_CHANNELS = ConsentChannelSchema.options;
export const CONSENT_PURPOSES = ConsentPurposeSchema.options;

/**
 * One consent decision: given or withdrawn, for one channel and purpose, when (server time: the order decisions are
 * compared in, never a device clock), by whom (the staff member who recorded it, or the integration) and how. `id`
 * is the fact (or intake) that recorded it, so a decision is never counted twice, and a merge keeps every one.
 */
export const ConsentDecisionSchema = z.object({
  id: z.string().min(1).max(80),
  channel: ConsentChannelSchema,
  purpose: ConsentPurposeSchema,
  given: z.boolean(),
  method: ConsentMethodSchema,
  by: StaffId,
  storeId: StoreIdSchema.nullable(),
  decidedAt: Instant,
});
export type ConsentDecision = z.infer<typeof ConsentDecisionSchema>;

/** A note staff wrote about the customer ("prefers slim fit"); who, where and when (server time). */
export const CustomerNoteSchema = z.object({
  id: z.string().min(1).max(80),
  text: z.string().trim().min(1).max(1_000),
  by: StaffId,
  storeId: StoreIdSchema,
  at: Instant,
});
export type CustomerNote = z.infer<typeof CustomerNoteSchema>;

/** The sizes a customer wears, by category ("Calçados": "38"), and what they like (free text, by category). */
export const SizeSchema = z.object({ category: z.string().trim().min(1).max(60), size: z.string().trim().min(1).max(20) });
export const PreferenceSchema = z.object({ category: z.string().trim().min(1).max(60), note: z.string().trim().min(1).max(200) });
export const TagSchema = z.string().trim().min(1).max(40);

/** What happened to the profile, in server order: each fact applied, each order matched, each merge. */
export const CustomerEventSchema = z.object({
  /** The fact, order or merge that did it. */
  id: z.string().min(1).max(80),
  kind: z.enum(['created', 'updated', 'note_added', 'consent_changed', 'order_matched', 'merged']),
  at: Instant,
  by: StaffId,
  storeId: StoreIdSchema.nullable(),
  /** The profile fields it set (created, updated, order_matched). */
  fields: z.array(z.string().max(40)).max(20),
  /** What it refers to: the order (order_matched), the merged-away profile (merged). */
  ref: z.string().max(80).nullable(),
});
export type CustomerEvent = z.infer<typeof CustomerEventSchema>;

/** A birthday as a calendar date, "1990-05-17". */
export const BirthdaySchema = z.iso.date();

/** The fields a person can give or change: one shape for the create form, an update and the profile. */
export const CustomerFieldsShape = {
  name: z.string().trim().min(1, 'a name is needed').max(120),
  /** Kept trimmed and in lower case: the form it is matched by. */
  email: z.string().trim().toLowerCase().pipe(z.email('not a valid email address').max(254)).nullable(),
  phone: E164PhoneSchema.nullable(),
  nationalId: NationalIdSchema.nullable(),
  birthday: BirthdaySchema.nullable(),
  preferredStoreId: StoreIdSchema.nullable(),
  sizes: z.array(SizeSchema).max(30),
  preferences: z.array(PreferenceSchema).max(30),
  tags: z.array(TagSchema).max(30),
};
export const CustomerFieldsSchema = z.object(CustomerFieldsShape);
export type CustomerFields = z.infer<typeof CustomerFieldsSchema>;
export type CustomerFieldName = keyof CustomerFields;
export const CUSTOMER_FIELD_NAMES = Object.keys(CustomerFieldsShape) as CustomerFieldName[];

/**
 * Every field is stamped with the change that set it last (server order), so changes apply in any order to the same
 * result; on a merge a single-valued field takes the newest value, like a consent, and the lists are united.
 */
export const STAMPED_FIELDS = ['name', 'email', 'phone', 'nationalId', 'birthday', 'preferredStoreId', 'sizes', 'preferences', 'tags'] as const;
export type StampedField = (typeof STAMPED_FIELDS)[number];
/** When a field was last set, and by which fact: how a merge picks the value that is newest. */
export const FieldStampSchema = z.object({ field: z.enum(STAMPED_FIELDS), at: Instant, id: z.string().min(1).max(80) });
export type FieldStamp = z.infer<typeof FieldStampSchema>;

export const CustomerProfileSchema = z.object({
  /** Chosen by the device that created it (UUIDv7), or by the server at order intake. */
  id: CustomerIdSchema,
  ...CustomerFieldsShape,
  /** The latest decision per channel × purpose (derived from `consentHistory`; absent: never asked, so no). */
  consents: z.array(ConsentDecisionSchema).max(8),
  /** Every decision ever recorded, in server order: nothing is lost, merges included. */
  consentHistory: z.array(ConsentDecisionSchema).max(2_000),
  notes: z.array(CustomerNoteSchema).max(2_000),
  history: z.array(CustomerEventSchema).max(5_000),
  fieldStamps: z.array(FieldStampSchema).max(STAMPED_FIELDS.length),
  /** The survivor, when this profile was merged into another; it is then only a pointer. */
  mergedInto: CustomerIdSchema.nullable(),
  /** The profiles merged into this one (their ids still reach it). */
  mergedFrom: z.array(CustomerIdSchema).max(200),
  /**
   * The stores whose book holds the customer (they bought, picked up or are looked after there), home store first:
   * the audience the server replicates the profile to. Empty: no store's devices (an online-only customer).
   */
  stores: z.array(StoreIdSchema).max(50),
  createdAt: Instant,
  updatedAt: Instant,
});
export type CustomerProfile = z.infer<typeof CustomerProfileSchema>;

export const isPointer = (p: Pick<CustomerProfile, 'mergedInto'>): boolean => p.mergedInto !== null;
