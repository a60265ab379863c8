import { z } from 'zod';
import { CurrencyCodeSchema, MinorUnitsSchema } from '../kernel/money.js';
import { ID_MAX_LENGTH } from '../kernel/ids.js';
import { SkuSchema, StoreIdSchema } from '../catalog/schema.js';
import { NationalIdSchema } from './national-id.js';
import { E164PhoneSchema } from './phone.js';
import { PickupRecordSchema } from '../pickup/record.js';

/**
 * Shapes shared by the intake request (intake.ts) and the stored order. The platform owns prices and coupons; the
 * server keeps them as sent once their arithmetic checks out (arithmetic.ts).
 */

export const NonNegativeMinor = MinorUnitsSchema.min(0);
/** UTC instants as the server stores them ("…Z"), bounded so RxDB can index them. */
export const InstantSchema = z.iso.datetime().max(30);

export const OrderNumberSchema = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._/#-]*$/, 'letters, digits and . _ / # - only');

export const OrderChannelSchema = z.enum(['web', 'app', 'marketplace']);

/**
 * The whole life of an order, pickup and shipped, so later issues drive it without a schema change:
 * pickup: new → picking → ready → customer_waiting → collected | partially_collected; cancelled, expired.
 * shipped: new → shipped → delivered; cancelled.
 */
export const OrderStateSchema = z
  .enum(['new', 'picking', 'ready', 'customer_waiting', 'collected', 'partially_collected', 'cancelled', 'expired', 'shipped', 'delivered'])
  .meta({ maxLength: 24 });
export type OrderState = z.infer<typeof OrderStateSchema>;

export const OrderDiscountSchema = z.object({
  /** The coupon the customer typed, if any. */
  code: z.string().min(1).max(40).nullable().default(null),
  description: z.string().min(1).max(120),
  amount: NonNegativeMinor.min(1),
});
export type OrderDiscount = z.infer<typeof OrderDiscountSchema>;

export const PaymentMethodSchema = z.enum(['pix', 'boleto', 'credit_card', 'debit_card', 'wallet', 'gift_card', 'store_credit']);

/**
 * A payment taken online by the platform's payment provider. Strict: card numbers and the like never reach Vitrine,
 * so an unknown field is refused rather than silently dropped (the integrator learns they are sending it).
 */
export const PaymentSchema = z
  .strictObject({
    method: PaymentMethodSchema,
    amount: NonNegativeMinor.min(1),
    /** The provider's transaction id, for refunds. */
    reference: z
      .string()
      .min(1)
      .max(120)
      .refine((v) => !looksLikeCardNumber(v), 'must be the provider transaction id, never a card number'),
    /** 'pending': a boleto or Pix issued and not paid yet. */
    status: z.enum(['paid', 'authorized', 'pending']),
  })
  .refine((p) => p.status !== 'pending' || p.method === 'boleto' || p.method === 'pix', {
    message: 'only a boleto or Pix can be pending',
    path: ['status'],
  });
export type Payment = z.infer<typeof PaymentSchema>;

export const AddressSchema = z.object({
  recipient: z.string().min(1).max(120),
  street: z.string().min(1).max(160),
  number: z.string().min(1).max(20),
  complement: z.string().max(80).nullable().default(null),
  district: z.string().max(80).nullable().default(null),
  city: z.string().min(1).max(80),
  region: z.string().min(1).max(40),
  postalCode: z.string().min(3).max(16),
  country: z.string().regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2, e.g. BR'),
});
export type Address = z.infer<typeof AddressSchema>;

export const OrderTotalsSchema = z.object({
  /** Σ quantity × unit price */
  subtotal: NonNegativeMinor,
  /** Σ line discounts + Σ order discounts */
  discount: NonNegativeMinor,
  shipping: NonNegativeMinor,
  /** Σ line tax (included in the prices or added to them, as `pricesIncludeTax` says) */
  tax: NonNegativeMinor,
  /** Σ line totals − Σ order discounts + shipping; the payments add up to it. */
  total: NonNegativeMinor,
});
export type OrderTotals = z.infer<typeof OrderTotalsSchema>;

/** The figures of a line as the platform priced it. */
export const PricedLineShape = {
  sku: SkuSchema,
  quantity: z.int().min(1).max(9_999),
  unitPrice: NonNegativeMinor,
  discount: NonNegativeMinor,
  tax: NonNegativeMinor,
  /** quantity × unitPrice − discount, plus tax when prices exclude it */
  total: NonNegativeMinor,
};

const Quantity = z.int().min(0).max(9_999);

export const OrderLineSchema = z.object({
  lineNo: z.int().min(1).max(999),
  ...PricedLineShape,
  /** The chain's product name, so staff pick the right item whatever the platform called it. */
  name: z.string().min(1).max(160),
  /** Units held for this line at the pickup store (reserved + shortfall = quantity at intake). */
  reserved: Quantity,
  /** Units the store could not cover when the order arrived: flagged for the store, never a refusal. */
  shortfall: Quantity,
  picked: Quantity,
  collected: Quantity,
  returned: Quantity,
  /** Units the store no longer holds for the customer: short-picked, left at a partial handoff, cancelled, expired. */
  released: Quantity,
  /** A substitute the customer agreed to: the line it stands in for (priced at 0, the original line carries the price). */
  substituteFor: z.int().min(1).max(999).nullable(),
});
export type OrderLine = z.infer<typeof OrderLineSchema>;

export const CustomerSchema = z.object({
  name: z.string().trim().min(1).max(120),
  email: z.email().max(254),
  phone: E164PhoneSchema,
  nationalId: NationalIdSchema.nullable(),
});
export type Customer = z.infer<typeof CustomerSchema>;

export const PickupFulfilmentSchema = z.object({
  type: z.literal('pickup'),
  storeId: StoreIdSchema,
  /** At the counter inside, or brought out to the customer's car. */
  mode: z.enum(['counter', 'curbside']),
  promisedAt: InstantSchema,
});

export const ShipFulfilmentSchema = z.object({
  type: z.literal('ship'),
  address: AddressSchema,
  carrier: z.string().max(80).nullable(),
  trackingCode: z.string().max(80).nullable(),
  /** The delivery date promised to the customer. */
  promisedAt: InstantSchema,
});

export const FulfilmentSchema = z.discriminatedUnion('type', [PickupFulfilmentSchema, ShipFulfilmentSchema]);
export type Fulfilment = z.infer<typeof FulfilmentSchema>;

const Timestamp = InstantSchema.nullable();

/**
 * An online order as Vitrine keeps it: the authoritative document the server owns. Pickup orders replicate to the
 * devices of their pickup store; shipped orders reach no device and are found by lookup (number, email, phone).
 */
export const OrderSchema = z.object({
  /** The server's UUIDv7. */
  id: z.string().min(1).max(ID_MAX_LENGTH),
  /** The integration that posted it (server-only: stripped from everything devices receive). */
  integrationId: z.string().min(1).max(ID_MAX_LENGTH),
  /** The platform's order number, unique per integration. */
  number: OrderNumberSchema,
  channel: OrderChannelSchema,
  state: OrderStateSchema,
  /** The pickup store; null for a shipped order. */
  storeId: StoreIdSchema.nullable(),
  currency: CurrencyCodeSchema,
  pricesIncludeTax: z.boolean(),
  customer: CustomerSchema,
  lines: z.array(OrderLineSchema).min(1).max(200),
  discounts: z.array(OrderDiscountSchema).max(20),
  payments: z.array(PaymentSchema).min(1).max(10),
  fulfilment: FulfilmentSchema,
  totals: OrderTotalsSchema,
  /** Some line could not be fully reserved: the store has to find the units or call the customer. */
  hasShortfall: z.boolean(),
  /** fulfilment.promisedAt, on top for the device's index (the pickup queue sorts by it). */
  promisedAt: InstantSchema,
  placedAt: InstantSchema,
  acceptedAt: InstantSchema,
  pickingAt: Timestamp,
  readyAt: Timestamp,
  customerArrivedAt: Timestamp,
  collectedAt: Timestamp,
  cancelledAt: Timestamp,
  expiredAt: Timestamp,
  shippedAt: Timestamp,
  deliveredAt: Timestamp,
  updatedAt: InstantSchema,
  /** The pickup flow's record (who picked, readied, handed off; the pickup code); null for a shipped order. */
  pickup: PickupRecordSchema.nullable(),
  /** The customer's pickup page link token (server-only: staff devices never see it), set when the order is ready. */
  pickupToken: z.string().min(20).max(64).nullable(),
});
export type Order = z.infer<typeof OrderSchema>;

/** Luhn-valid runs of 13–19 digits are card numbers (PANs). */
function looksLikeCardNumber(value: string): boolean {
  const digits = value.replace(/[\s-]/g, '');
  if (!/^\d{13,19}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}
