import { z } from 'zod';
import { CurrencyCodeSchema } from '../kernel/money.js';
import { StoreIdSchema } from '../catalog/schema.js';
import { nationalNumber, phoneDigits } from './phone.js';
import {
  InstantSchema,
  NonNegativeMinor,
  OrderChannelSchema,
  OrderLineSchema,
  OrderNumberSchema,
  OrderStateSchema,
  OrderTotalsSchema,
  PaymentMethodSchema,
  type Order,
} from './schema.js';

/**
 * How any store finds an order of the chain (for a return, a question at the counter): by its number, the
 * customer's email or phone. Each key normalises what staff type and what the order holds the same way, so the
 * server's lookup index and the lookup route agree.
 */
export const orderLookupKey = {
  number: (typed: string) => typed.trim().toUpperCase(),
  email: (typed: string) => typed.trim().toLowerCase(),
  /** Digits only; typed with or without the country code. */
  phone: (typed: string) => phoneDigits(typed),
} as const;
export type OrderLookupKeyName = keyof typeof orderLookupKey;

/** The values an order is found by, per key (the registry's `lookupKeys`). */
export const orderLookupValues = {
  number: (o: Pick<Order, 'number'>) => [orderLookupKey.number(o.number)],
  email: (o: Pick<Order, 'customer'>) => [orderLookupKey.email(o.customer.email)],
  /** The international and the national number, so "(11) 98765-4321" and "+55 11 98765-4321" both find it. */
  phone: (o: Pick<Order, 'customer'>) => [...new Set([phoneDigits(o.customer.phone), nationalNumber(o.customer.phone)])],
} satisfies Record<OrderLookupKeyName, (o: Order) => string[]>;

/** One of number, email or phone, as a device's lookup request carries it (query parameters). */
export const OrderLookupQuerySchema = z
  .object({
    number: z.string().trim().min(1).max(40).optional().describe('the order number, in any case'),
    email: z.string().trim().min(3).max(254).optional().describe("the customer's email, in any case"),
    phone: z
      .string()
      .max(32)
      .refine((v) => phoneDigits(v).length >= 8, 'at least 8 digits')
      .optional()
      .describe("the customer's phone, with or without the country code"),
  })
  .refine((q) => [q.number, q.email, q.phone].filter((v) => v !== undefined).length === 1, { error: 'give exactly one of number, email or phone' });
export type OrderLookupQuery = z.infer<typeof OrderLookupQuerySchema>;

/** The key a lookup query uses, and its value. */
export function lookupKeyOf(query: OrderLookupQuery): [OrderLookupKeyName, string] {
  if (query.number !== undefined) return ['number', query.number];
  if (query.email !== undefined) return ['email', query.email];
  return ['phone', query.phone!];
}

/**
 * What a lookup answers a device, of any store: only what a return or a question needs. No payment references or
 * amounts per provider, no contact details, no street address: the city of a delivery at most.
 */
export const OrderSummarySchema = z.object({
  id: z.string(),
  number: OrderNumberSchema,
  channel: OrderChannelSchema,
  state: OrderStateSchema,
  /** The pickup store; null for a shipped order. */
  storeId: StoreIdSchema.nullable(),
  fulfilment: z.enum(['pickup', 'ship']),
  deliveryCity: z.string().nullable(),
  customerName: z.string(),
  currency: CurrencyCodeSchema,
  pricesIncludeTax: z.boolean(),
  lines: z.array(
    OrderLineSchema.pick({
      lineNo: true,
      sku: true,
      name: true,
      quantity: true,
      unitPrice: true,
      discount: true,
      tax: true,
      total: true,
      collected: true,
      returned: true,
    }),
  ),
  totals: OrderTotalsSchema,
  /** How it was paid (a refund goes back the same way), without the provider's references. */
  payments: z.array(z.object({ method: PaymentMethodSchema, amount: NonNegativeMinor, status: z.enum(['paid', 'authorized', 'pending']) })),
  placedAt: InstantSchema,
  collectedAt: InstantSchema.nullable(),
  deliveredAt: InstantSchema.nullable(),
  cancelledAt: InstantSchema.nullable(),
});
export type OrderSummary = z.infer<typeof OrderSummarySchema>;

export function toOrderSummary(o: Order): OrderSummary {
  return {
    id: o.id,
    number: o.number,
    channel: o.channel,
    state: o.state,
    storeId: o.storeId,
    fulfilment: o.fulfilment.type,
    deliveryCity: o.fulfilment.type === 'ship' ? o.fulfilment.address.city : null,
    customerName: o.customer.name,
    currency: o.currency,
    pricesIncludeTax: o.pricesIncludeTax,
    lines: o.lines.map(({ lineNo, sku, name, quantity, unitPrice, discount, tax, total, collected, returned }) => ({
      lineNo,
      sku,
      name,
      quantity,
      unitPrice,
      discount,
      tax,
      total,
      collected,
      returned,
    })),
    totals: o.totals,
    payments: o.payments.map(({ method, amount, status }) => ({ method, amount, status })),
    placedAt: o.placedAt,
    collectedAt: o.collectedAt,
    deliveredAt: o.deliveredAt,
    cancelledAt: o.cancelledAt,
  };
}
