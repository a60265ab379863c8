import { z } from 'zod';
import { CurrencyCodeSchema, MinorUnitsSchema } from '../kernel/money.js';
import { ID_MAX_LENGTH } from '../kernel/ids.js';
import { SkuSchema, StoreIdSchema, TaxClassSchema } from '../catalog/schema.js';
import { OutcomeSchema } from '../fact/outcome.js';

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

/** Version 1 (current): a sale may name the customer it was rung up for, linking store purchases to the profile. */
export const SaleSchema = SaleSchemaV0.extend({
  customerId: z.string().min(1).max(64).nullable(),
});
export type Sale = z.infer<typeof SaleSchema>;
