import { z } from 'zod';
import { ID_MAX_LENGTH } from '../kernel/ids.js';
import { CreditCheckSchema, CreditCodeSchema } from '../credit/schema.js';
import { PixTxidSchema } from './pix-br-code.js';

/**
 * How a sale is paid: one tender per payment taken, of any kind, in any number (split tender). Card and Pix are
 * settled outside Vitrine (the store's terminal, the customer's bank); a tender records the proof the associate saw.
 * Store credit and gift cards (`credit`) are one more member: the server's ledger keeps their balances.
 */

const IdSchema = z.string().min(1).max(ID_MAX_LENGTH);
const AssociateIdSchema = z.string().min(1).max(40);
const AmountSchema = z.int().min(1).max(1_000_000_000_000);

/**
 * 13 or more digits in a row, spaces and dashes allowed between them: the shape of a card number (PAN). Not 12, so
 * a terminal's 12-digit authorization or NSU number still records.
 */
const PAN_LIKE = /\d(?:[ -]?\d){12,}/;
/** Free text on a card tender must never carry a card number: Vitrine stays out of PCI scope. */
const noCardNumber = (text: string) => !PAN_LIKE.test(text);
const NO_CARD_NUMBER = 'looks like a card number: record only the last four digits, card numbers never enter Vitrine';

/** Why a tender taken before the sale completed was undone; kept on the tender, which stays in the sale. */
export const TenderReversalSchema = z.object({
  reason: z.enum(['entered_in_error', 'customer_changed_method', 'payment_failed']),
  reversedBy: AssociateIdSchema,
});
export type TenderReversal = z.infer<typeof TenderReversalSchema>;

const tenderBase = {
  id: IdSchema,
  amount: AmountSchema,
  reversal: TenderReversalSchema.optional(),
};

/** Cash handed over: the amount is what the customer gave; change is computed, never typed. */
export const CashTenderSchema = z.object({ kind: z.literal('cash'), ...tenderBase });

export const CardBrandSchema = z.enum(['visa', 'mastercard', 'elo', 'amex', 'hipercard', 'diners', 'discover', 'jcb', 'other']);

/** A card charged on the store's own terminal: approval code, brand and last four digits only. */
export const CardTenderSchema = z
  .object({
    kind: z.literal('card'),
    ...tenderBase,
    funding: z.enum(['credit', 'debit']),
    brand: CardBrandSchema,
    last4: z.string().regex(/^\d{4}$/, 'must be exactly the last four digits of the card'),
    /** The authorization code the terminal printed. */
    approvalCode: z
      .string()
      .trim()
      .min(1, 'the approval code on the terminal slip is required')
      .max(12)
      .regex(/^[A-Za-z0-9]+$/, 'letters and digits only, as the terminal slip prints it')
      .refine(noCardNumber, NO_CARD_NUMBER),
    /** Parcelas: Brazilian customers split a credit purchase into up to 12 monthly instalments; debit is always 1. */
    installments: z.int().min(1).max(12),
  })
  .refine((card) => card.funding === 'credit' || card.installments === 1, {
    message: 'a debit card is paid in one instalment',
    path: ['installments'],
  });

/** The Banco Central's end-to-end id: E or D, the payer's ISPB (8 digits), yyyyMMddHHmm, 11 letters or digits. */
const EndToEndIdSchema = z.string().regex(/^[ED]\d{20}[A-Za-z0-9]{11}$/, 'must be the 32-character end-to-end id from the bank (E…)');

/** A Pix the associate saw arrive (bank app, notification): the txid of the code shown, and the payment's proof. */
export const PixTenderSchema = z
  .object({
    kind: z.literal('pix'),
    ...tenderBase,
    txid: PixTxidSchema,
    endToEndId: EndToEndIdSchema.optional(),
    /** What the associate could see when the end-to-end id is not at hand (the payer's name, the bank's receipt number). */
    reference: z.string().trim().min(1).max(80).optional(),
    confirmedBy: AssociateIdSchema,
  })
  .refine((pix) => pix.endToEndId !== undefined || pix.reference !== undefined, {
    message: 'a Pix is recorded with its end-to-end id or a reference from the payment',
    path: ['reference'],
  });

/**
 * Store credit or a gift card, by the code the customer holds, and how the till checked it (online balance, offline
 * within the store's limit, or the credit an exchange's return just issued). The server posts the redemption on the
 * credit's ledger when the sale arrives; an overdraw is flagged for a manager, the sale still stands.
 */
export const CreditTenderSchema = z.object({
  kind: z.literal('credit'),
  ...tenderBase,
  code: CreditCodeSchema,
  check: CreditCheckSchema,
});

/** The tenders of sales v2 (cash, card, Pix): what apps before store credit push and pull. */
export const PaymentTenderV2Schema = z.discriminatedUnion('kind', [CashTenderSchema, CardTenderSchema, PixTenderSchema]);
export type PaymentTenderV2 = z.infer<typeof PaymentTenderV2Schema>;

export const PaymentTenderSchema = z.discriminatedUnion('kind', [CashTenderSchema, CardTenderSchema, PixTenderSchema, CreditTenderSchema]);
export type PaymentTender = z.infer<typeof PaymentTenderSchema>;
export type PaymentTenderKind = PaymentTender['kind'];

export { CashRoundingSchema, type CashRounding } from '../catalog/store-settings.js';
