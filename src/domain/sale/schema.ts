import { z } from 'zod';
import { CurrencyCodeSchema, MinorUnitsSchema } from '../kernel/money.js';
import { ID_MAX_LENGTH } from '../kernel/ids.js';
import { SkuSchema, StoreIdSchema, TaxClassSchema } from '../catalog/schema.js';
import { OutcomeSchema } from '../fact/outcome.js';
import { isCnpj, isCpf } from '../catalog/store-settings.js';
import { TaxRoundingSchema } from '../tax/schema.js';
import { CashRoundingSchema, PaymentTenderSchema, PaymentTenderV2Schema } from '../tender/schema.js';
import { CreditCodeSchema } from '../credit/schema.js';

const IdSchema = z.string().min(1).max(ID_MAX_LENGTH);
const NonNegativeMinor = MinorUnitsSchema.min(0);

export const SaleLineSchema = z.object({
  lineNo: z.int().min(1).max(999),
  sku: SkuSchema,
  /** Name and price as the device showed them: the receipt reprints what the customer saw. */
  name: z.string().min(1).max(160),
  quantity: z.int().min(1).max(9_999),
  unitPrice: NonNegativeMinor,
  discount: NonNegativeMinor,
  taxClass: TaxClassSchema,
  /** Rate applied, in basis points; kept on the line so a rate change later never rewrites history. */
  taxRateBp: z.int().min(0).max(10_000),
  /** quantity × unitPrice − discount */
  net: NonNegativeMinor,
  tax: NonNegativeMinor,
  /** What the customer pays for the line: net (tax included) or net + tax (tax added). */
  total: NonNegativeMinor,
});
export type SaleLine = z.infer<typeof SaleLineSchema>;

export const TenderSchema = z.object({
  id: IdSchema,
  kind: z.enum(['cash', 'card']),
  amount: NonNegativeMinor.min(1),
});
export type Tender = z.infer<typeof TenderSchema>;

export const SaleTotalsSchema = z.object({
  subtotal: NonNegativeMinor,
  discount: NonNegativeMinor,
  tax: NonNegativeMinor,
  total: NonNegativeMinor,
  tendered: NonNegativeMinor,
  change: NonNegativeMinor,
});
export type SaleTotals = z.infer<typeof SaleTotalsSchema>;

/** Version 0 of the sale, as apps before the clienteling link push and pull it (`/sync/sales/0/…`). */
export const SaleSchemaV0 = z.object({
  id: IdSchema,
  storeId: StoreIdSchema,
  deviceId: IdSchema,
  associateId: z.string().min(1).max(40),
  currency: CurrencyCodeSchema,
  pricesIncludeTax: z.boolean(),
  lines: z.array(SaleLineSchema).min(1).max(200),
  tenders: z.array(TenderSchema).min(1).max(10),
  totals: SaleTotalsSchema,
  /** Device wall-clock time: printed on the receipt, never used for ordering. */
  createdAtDevice: z.iso.datetime({ offset: true }),
  outcome: OutcomeSchema.optional(),
});
export type SaleV0 = z.infer<typeof SaleSchemaV0>;

/** Version 1: a sale may name the customer it was rung up for, linking store purchases to the profile. */
export const SaleSchemaV1 = SaleSchemaV0.extend({
  customerId: z.string().min(1).max(64).nullable(),
});
export type SaleV1 = z.infer<typeof SaleSchemaV1>;

const PositiveMinor = MinorUnitsSchema.min(1);
const StaffIdSchema = z.string().min(1).max(40);

/** Why an associate discounted by hand; the receipt, the shift's Z report and the server's check read it. */
export const DiscountReasonSchema = z.enum(['damaged_item', 'price_match', 'customer_goodwill', 'staff_purchase', 'loyalty', 'other']);
export type DiscountReason = z.infer<typeof DiscountReasonSchema>;

/**
 * One discount on a line. A promotion that applied names itself; a manual discount carries its reason and whether it
 * was given on the line or is the line's share of a discount on the whole cart (cart discounts, by promotion or by
 * hand, are shared out to the lines, so each line's tax is on what was really paid for it).
 */
export const LineDiscountSchema = z.discriminatedUnion('source', [
  z.object({ source: z.literal('promotion'), promotionId: z.string().min(1).max(64), amount: PositiveMinor }),
  z.object({ source: z.literal('manual'), scope: z.enum(['line', 'cart']), reason: DiscountReasonSchema, amount: PositiveMinor }),
]);
export type LineDiscount = z.infer<typeof LineDiscountSchema>;

/** A v2 line: its discounts, one by one, adding up to `discount`. */
export const SaleLineV2Schema = SaleLineSchema.extend({
  discounts: z.array(LineDiscountSchema).max(20),
}).refine((line) => line.discounts.reduce((sum, d) => sum + d.amount, 0) === line.discount, {
  message: 'the line discount must be the sum of its discounts',
  path: ['discount'],
});
export type SaleLineV2 = z.infer<typeof SaleLineV2Schema>;

/** A line rung up and taken off again before the sale completed: no stock moves, the shift's record keeps it. */
export const VoidedLineSchema = z.object({
  sku: SkuSchema,
  name: z.string().min(1).max(160),
  quantity: z.int().min(1).max(9_999),
  unitPrice: NonNegativeMinor,
  voidedBy: StaffIdSchema,
});
export type VoidedLine = z.infer<typeof VoidedLineSchema>;

/**
 * A receipt number unique without the network: the store, the device's number in the store (given at enrollment)
 * and the device's own sequence, e.g. `S1-03-000123`.
 */
export const ReceiptNumberSchema = z
  .string()
  .max(48)
  .regex(/^[A-Za-z0-9_-]+-\d{2,4}-\d{6,9}$/, 'must be store-device-sequence, e.g. S1-03-000123');

export const SaleTotalsV2Schema = SaleTotalsSchema.extend({
  /** The cash rounding of the sale (store setting), signed: tendered = total + cashRounding + change. */
  cashRounding: z.int().min(-50).max(50),
});
export type SaleTotalsV2 = z.infer<typeof SaleTotalsV2Schema>;

/**
 * Version 3 is version 2 with one more tender kind, `credit` (store credit and gift cards); see `SaleSchemaV2` below
 * and versions.ts for how v2 apps are served.
 *
 * Version 2: every tender (cash, card on the store's terminal, Pix; split, reversals kept), discounts line
 * by line with their promotion or reason, voided lines, the receipt number, the shift, the customer's CPF when they
 * ask for it on the receipt ("CPF na nota"), and the store's rounding rules the figures were computed under.
 */
export const SaleSchemaV3 = z.object({
  id: IdSchema,
  storeId: StoreIdSchema,
  deviceId: IdSchema,
  associateId: StaffIdSchema,
  currency: CurrencyCodeSchema,
  pricesIncludeTax: z.boolean(),
  taxRounding: TaxRoundingSchema,
  cashRoundingStep: CashRoundingSchema,
  receiptNumber: ReceiptNumberSchema,
  /** The register shift the sale was rung up in; null on a till with no shift open (stores that do not use shifts). */
  shiftId: IdSchema.nullable(),
  lines: z.array(SaleLineV2Schema).min(1).max(200),
  voidedLines: z.array(VoidedLineSchema).max(200),
  tenders: z.array(PaymentTenderSchema).min(1).max(20),
  /** The manager whose PIN allowed manual discounts above the store's limit; null when none were needed. */
  discountApprovedBy: StaffIdSchema.nullable(),
  totals: SaleTotalsV2Schema,
  customerId: z.string().min(1).max(64).nullable(),
  /** CPF (11 digits) or CNPJ (14 digits) printed on the receipt at the customer's request, check digits valid. */
  customerTaxId: z
    .string()
    .regex(/^\d{11}$|^\d{14}$/, 'must be a CPF (11 digits) or a CNPJ (14 digits)')
    .refine((digits) => (digits.length === 11 ? isCpf(digits) : isCnpj(digits)), 'check digits do not match')
    .nullable(),
  /** Device wall-clock time: printed on the receipt, never used for ordering. */
  createdAtDevice: z.iso.datetime({ offset: true }),
  outcome: OutcomeSchema.optional(),
});
export type SaleV3 = z.infer<typeof SaleSchemaV3>;

/**
 * A gift card sold at the till: the card's number (scanned or typed from the card, or drawn by the till for a card
 * without one) and the value loaded on it. It is not an item: no stock, no tax (tax is due on what the card later
 * buys); the sale's `totals` are its items', and the customer pays them plus the cards (gift-cards.ts, `amountDue`).
 */
export const GiftCardSoldSchema = z.object({
  code: CreditCodeSchema,
  amount: PositiveMinor,
});
export type GiftCardSold = z.infer<typeof GiftCardSoldSchema>;

/**
 * Version 4 (current): a sale may sell gift cards (`giftCards`), and a sale of gift cards only has no item lines.
 * A v3 sale is a valid v4 one; versions.ts shows a v4 sale to v3 apps with its cards as tax-exempt lines.
 */
export const SaleSchema = SaleSchemaV3.extend({
  lines: z.array(SaleLineV2Schema).max(200),
  giftCards: z.array(GiftCardSoldSchema).max(20).optional(),
});
export type Sale = z.infer<typeof SaleSchema>;

/** Version 2: the tenders apps before store credit know (cash, card, Pix). A v2 sale is a valid v3 one. */
export const SaleSchemaV2 = SaleSchemaV3.extend({ tenders: z.array(PaymentTenderV2Schema).min(1).max(20) });
export type SaleV2 = z.infer<typeof SaleSchemaV2>;
