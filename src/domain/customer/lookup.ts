import { z } from 'zod';
import { isValidCpf } from '../order/national-id.js';
import { E164PhoneSchema, nationalNumber, phoneDigits } from '../order/phone.js';
import type { CustomerProfile } from './schema.js';

/**
 * How a customer is recognised: by email, phone or national id (the server's lookup keys, which drive dedupe at
 * creation and the matching of online orders), and by any id that was ever theirs (`identity`: their own and every
 * profile merged into them), so a fact addressed to a merged-away id finds the survivor with one lookup. Pointers
 * (merged-away profiles) are found by none: only the survivor answers.
 */
export const customerKey = {
  email: (typed: string) => typed.trim().toLowerCase(),
  /** Digits only, with the country code: profiles hold E.164, so this is exact. */
  phone: (e164: string) => phoneDigits(e164),
  nationalId: (digits: string) => digits.replace(/\D/g, ''),
} as const;
export type CustomerMatchKey = keyof typeof customerKey;
export const CUSTOMER_MATCH_KEYS = Object.keys(customerKey) as CustomerMatchKey[];

type Keyed = Pick<CustomerProfile, 'id' | 'email' | 'phone' | 'nationalId' | 'mergedInto' | 'mergedFrom'>;
const live = (p: Keyed) => p.mergedInto === null;

export const customerLookupValues = {
  email: (p: Keyed) => (live(p) && p.email ? [customerKey.email(p.email)] : []),
  phone: (p: Keyed) => (live(p) && p.phone ? [customerKey.phone(p.phone)] : []),
  nationalId: (p: Keyed) => (live(p) && p.nationalId ? [customerKey.nationalId(p.nationalId.number)] : []),
  identity: (p: Keyed) => (live(p) ? [p.id, ...p.mergedFrom] : []),
} satisfies Record<CustomerMatchKey | 'identity', (p: Keyed) => string[]>;

/** The key values a profile (or the fields of a new one) would be matched by. */
export function matchValues(p: Pick<CustomerProfile, 'email' | 'phone' | 'nationalId'>): { key: CustomerMatchKey; value: string }[] {
  return [
    ...(p.email ? [{ key: 'email' as const, value: customerKey.email(p.email) }] : []),
    ...(p.phone ? [{ key: 'phone' as const, value: customerKey.phone(p.phone) }] : []),
    ...(p.nationalId ? [{ key: 'nationalId' as const, value: customerKey.nationalId(p.nationalId.number) }] : []),
  ];
}

/** What staff see of a phone: a Brazilian number as it is written there, "(11) 98765-4321"; others in full, "+351 912345678". */
export function displayPhone(e164: string | null): string {
  if (!e164) return '';
  const national = nationalNumber(e164);
  const br = /^\+55(\d{2})(\d{4,5})(\d{4})$/.exec(e164);
  if (br) return `(${br[1]}) ${br[2]}-${br[3]}`;
  return `+${phoneDigits(e164).slice(0, phoneDigits(e164).length - national.length)} ${national}`;
}

/**
 * A device's search of the whole chain for a customer outside its store's book (GET /api/lookup/customers): exactly
 * one of an email, a phone (E.164, as the device normalised it) or a CPF (digits).
 */
export const CustomerLookupQuerySchema = z
  .object({
    email: z.string().trim().min(3).max(254).optional().describe("the customer's email, in any case"),
    phone: E164PhoneSchema.optional().describe("the customer's phone in international form, e.g. +5511987654321"),
    cpf: z
      .string()
      .regex(/^\d{11}$/, 'must be 11 digits')
      .refine(isValidCpf, 'CPF check digits do not match')
      .optional()
      .describe("the customer's CPF, digits only"),
  })
  .refine((q) => [q.email, q.phone, q.cpf].filter((v) => v !== undefined).length === 1, { error: 'give exactly one of email, phone or cpf' });
export type CustomerLookupQuery = z.infer<typeof CustomerLookupQuerySchema>;

/** The lookup key a query uses, and its value as the key holds it. */
export function customerLookupKeyOf(query: CustomerLookupQuery): { key: CustomerMatchKey; value: string } {
  if (query.email !== undefined) return { key: 'email', value: customerKey.email(query.email) };
  if (query.phone !== undefined) return { key: 'phone', value: customerKey.phone(query.phone) };
  return { key: 'nationalId', value: customerKey.nationalId(query.cpf!) };
}
