import { z } from 'zod';
import { CurrencyCodeSchema, MinorUnitsSchema } from '../kernel/money.js';
import { ID_MAX_LENGTH } from '../kernel/ids.js';

/**
 * Store credit and gift cards: one balance ledger per credit, kept by the server and found by the code the customer
 * holds (printed and as a QR on the return receipt, or the number on a gift card). A code is a bearer instrument, so
 * the ones Vitrine draws are long enough (16 characters of Crockford base32, 80 bits) that guessing one is hopeless
 * within the lookup route's rate limit; a gift card's own number is taken as printed.
 */

/** Letters and digits as typed or scanned, spaces and dashes dropped, upper case: how a code is stored and compared. */
export function normalizeCreditCode(text: string): string {
  return text.replace(/[\s-]/g, '').toUpperCase();
}

const CODE_MESSAGE = 'must be the 8 to 32 letters and digits printed on the credit or the card';

/** A code as stored and sent (normalised): what tenders, refunds and entries carry. */
export const CreditCodeSchema = z.string().regex(/^[A-Z0-9]{8,32}$/, CODE_MESSAGE);

/** A code as staff type or scan it, normalised on the way in. */
export const TypedCreditCodeSchema = z.string().max(64).transform(normalizeCreditCode).pipe(CreditCodeSchema);

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A new credit code drawn on the device (offline): 16 characters, 80 random bits, no I, L, O or U to misread. */
export function newCreditCode(random: (bytes: Uint8Array) => Uint8Array = (b) => globalThis.crypto.getRandomValues(b)): string {
  const bytes = random(new Uint8Array(16));
  let code = '';
  for (const byte of bytes) code += CROCKFORD[byte & 31];
  return code;
}

/** A code as printed, in groups of four ("7K2M-9QXD-…"), easier to read out and type. */
export const formatCreditCode = (code: string): string => code.match(/.{1,4}/g)?.join('-') ?? code;

/** The end of a code, enough for staff and a manager's list to tell credits apart without handing the code out. */
export const maskCreditCode = (code: string): string => `••••${code.slice(-4)}`;

export const CreditEntryKindSchema = z.enum(['issue', 'redeem', 'adjust']);
export type CreditEntryKind = z.infer<typeof CreditEntryKindSchema>;

/** Where a credit came from: a return refunded to credit (or an exchange), a gift card sold, or not known yet. */
export const CreditOriginSchema = z.enum(['return', 'gift_card', 'unknown']);
export type CreditOrigin = z.infer<typeof CreditOriginSchema>;

/**
 * How a till accepted a credit as payment: its balance checked with the server (`online`), without the network
 * within the store's offline limit (`offline`), or the credit a return at this till just issued (`exchange`).
 */
export const CreditCheckSchema = z.enum(['online', 'offline', 'exchange']);
export type CreditCheck = z.infer<typeof CreditCheckSchema>;

/**
 * One line of a credit's ledger, caused by one fact and identified by it (`${factId}:…`), so applying the same fact
 * again adds nothing. `amount` is signed: issue +, redeem −, adjust either way.
 */
export const CreditEntrySchema = z.object({
  id: z
    .string()
    .min(1)
    .max(2 * ID_MAX_LENGTH + 8),
  code: CreditCodeSchema,
  kind: CreditEntryKindSchema,
  amount: MinorUnitsSchema,
  currency: CurrencyCodeSchema,
  storeId: z.string().min(1).max(32),
  /** The fact that caused it: a sale (redeemed, or a gift card sold) or a return (issued). */
  factId: z.string().min(1).max(ID_MAX_LENGTH),
  /** Redeemed without a balance check (the till was offline): the server reconciles it when the sale arrives. */
  offline: z.boolean(),
  /** Server time of the posting. */
  at: z.iso.datetime({ offset: true }),
  /** On an issue: what the credit is (a return's credit, a gift card sold). */
  origin: CreditOriginSchema.optional(),
});
export type CreditEntry = z.infer<typeof CreditEntrySchema>;

/** Why a manager must look at a credit. */
export const CreditFlagSchema = z.object({
  reason: z.enum(['overdrawn', 'currency_mismatch']),
  /** The entry that raised it. */
  entryId: z.string(),
  storeId: z.string(),
  at: z.iso.datetime({ offset: true }),
});
export type CreditFlag = z.infer<typeof CreditFlagSchema>;

/** A credit as the server keeps it: its balance is the sum of its applied entries, and may be below zero only flagged. */
export const CreditSchema = z.object({
  code: CreditCodeSchema,
  currency: CurrencyCodeSchema,
  balance: MinorUnitsSchema,
  origin: CreditOriginSchema,
  issuedStoreId: z.string().nullable(),
  issuedAt: z.iso.datetime({ offset: true }).nullable(),
  flag: CreditFlagSchema.nullable(),
  updatedAt: z.iso.datetime({ offset: true }),
});
export type Credit = z.infer<typeof CreditSchema>;

/** A posted entry: the balance it left and how far below zero it took the credit (0 when it did not). */
export interface PostedEntry extends CreditEntry {
  /** False for an entry in another currency than the credit's: recorded and flagged, not added to the balance. */
  applied: boolean;
  balanceAfter: number;
  overdraw: number;
}
