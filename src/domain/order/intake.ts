import { z } from 'zod';
import { CurrencyCodeSchema } from '../kernel/money.js';
import { StoreIdSchema } from '../catalog/schema.js';
import { NationalIdInputSchema } from './national-id.js';
import { PhoneInputSchema } from './phone.js';
import {
  AddressSchema,
  NonNegativeMinor,
  OrderChannelSchema,
  OrderDiscountSchema,
  OrderNumberSchema,
  OrderTotalsSchema,
  PaymentSchema,
  PricedLineShape,
} from './schema.js';

/** Instants as platforms send them: any offset; the server stores them in UTC. */
const InstantInputSchema = z.iso.datetime({ offset: true }).transform((v) => new Date(v).toISOString());

export const OrderIntakeLineSchema = z.object({
  ...PricedLineShape,
  discount: PricedLineShape.discount.default(0),
  tax: PricedLineShape.tax.default(0),
});
export type OrderIntakeLine = z.infer<typeof OrderIntakeLineSchema>;

export const OrderIntakeSchema = z.object({
  /** The platform's order number, unique per integration. */
  number: OrderNumberSchema,
  channel: OrderChannelSchema,
  placedAt: InstantInputSchema,
  customer: z.object({
    name: z.string().trim().min(1).max(120),
    email: z
      .string()
      .trim()
      .max(254)
      .pipe(z.email())
      .transform((v) => v.toLowerCase()),
    phone: PhoneInputSchema,
    /** Where the country has one (CPF in Brazil): check digits are verified. */
    nationalId: NationalIdInputSchema.nullable().default(null),
  }),
  currency: CurrencyCodeSchema,
  /** Brazilian prices include tax; line totals then exclude it, otherwise they add it. */
  pricesIncludeTax: z.boolean(),
  lines: z.array(OrderIntakeLineSchema).min(1).max(200),
  /** Coupons and promotions on the whole order. */
  discounts: z.array(OrderDiscountSchema).max(20).default([]),
  /** The shipping charge (0 for pickup). */
  shipping: NonNegativeMinor.default(0),
  payments: z.array(PaymentSchema).min(1).max(10),
  fulfilment: z.discriminatedUnion('type', [
    z.object({
      type: z.literal('pickup'),
      storeId: StoreIdSchema,
      mode: z.enum(['counter', 'curbside']),
      /** When the customer was told the order would be ready; a time already past is accepted. */
      promisedAt: InstantInputSchema,
    }),
    z.object({
      type: z.literal('ship'),
      address: AddressSchema,
      carrier: z.string().max(80).nullable().default(null),
      trackingCode: z.string().max(80).nullable().default(null),
      promisedAt: InstantInputSchema,
    }),
  ]),
  totals: OrderTotalsSchema,
});
export type OrderIntake = z.infer<typeof OrderIntakeSchema>;
/** What a platform sends (before defaults and normalisation). */
export type OrderIntakeInput = z.input<typeof OrderIntakeSchema>;
