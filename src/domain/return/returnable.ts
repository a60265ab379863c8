import { z } from 'zod';
import { CurrencyCodeSchema } from '../kernel/money.js';
import { StoreIdSchema } from '../catalog/schema.js';
import type { OrderSummary } from '../order/lookup.js';
import { saleLookupKey } from '../sale/lookup.js';
import { ReceiptNumberSchema, type Sale } from '../sale/schema.js';
import type { Purchase } from './eligibility.js';
import { catalogFields, type CatalogOf } from './purchase.js';
import type { RefundSource } from './refund.js';
import { paidByKind } from './refund.js';
import type { ReturnSource } from './schema.js';

/** GET /api/lookup/sales?receiptNumber=…: another store's sale, found by the number printed on its receipt. */
export const SaleLookupQuerySchema = z
  .object({
    receiptNumber: z.string().trim().min(3).max(40).optional().describe('the receipt number as printed, in any case'),
    email: z.string().trim().min(3).max(254).optional().describe("the customer's email, in any case"),
    phone: z.string().trim().min(8).max(30).optional().describe("the customer's phone as typed, read as the asking store's country writes it"),
  })
  .refine((q) => [q.receiptNumber, q.email, q.phone].filter((v) => v !== undefined).length === 1, {
    error: 'give exactly one of receiptNumber, email or phone',
  });
export type SaleLookupQuery = z.infer<typeof SaleLookupQuerySchema>;
export const normaliseReceiptNumber = saleLookupKey.receiptNumber;

/**
 * What the sale lookup answers another store: only what a return needs. Lines with what they cost and how many came
 * back already, what each tender kind paid (cash net of change; no card digits, approval codes or Pix ids), when the
 * server accepted it (windows count from there). No customer, associate or device.
 */
export const SaleSummarySchema = z.object({
  id: z.string(),
  receiptNumber: ReceiptNumberSchema,
  storeId: StoreIdSchema,
  currency: CurrencyCodeSchema,
  acceptedAt: z.iso.datetime(),
  total: z.int().min(0),
  paid: z.array(z.object({ kind: z.enum(['cash', 'card', 'pix', 'credit']), amount: z.int().min(0) })),
  lines: z.array(
    z.object({
      lineNo: z.int().min(1),
      sku: z.string(),
      name: z.string(),
      quantity: z.int().min(1),
      total: z.int(),
      returned: z.int().min(0),
    }),
  ),
});
export type SaleSummary = z.infer<typeof SaleSummarySchema>;

export function toSaleSummary(sale: Sale, returned: ReadonlyMap<number, number>): SaleSummary | null {
  if (sale.outcome?.status !== 'accepted') return null;
  return {
    id: sale.id,
    receiptNumber: sale.receiptNumber,
    storeId: sale.storeId,
    currency: sale.currency,
    acceptedAt: sale.outcome.decidedAt,
    total: sale.totals.total,
    paid: paidByKind(sale).flatMap(([kind, amount]): SaleSummary['paid'] =>
      kind === 'cash' || kind === 'card' || kind === 'pix' ? [{ kind, amount }] : kind === 'store_credit' ? [{ kind: 'credit', amount }] : [],
    ),
    lines: sale.lines.map(({ lineNo, sku, name, quantity, total }) => ({ lineNo, sku, name, quantity, total, returned: returned.get(lineNo) ?? 0 })),
  };
}

/** One line of a purchase as the return screen shows it. */
export interface ReturnableLine {
  lineNo: number;
  sku: string;
  name: string;
  /** Units the customer has (a sale's quantity; an order's collected or delivered units). */
  bought: number;
  /** What the whole line cost, for `quantity` units (the refund shares it by units). */
  total: number;
  quantity: number;
  /** Units already taken back, as the source of this purchase knows it (the device adds its own unsynced returns). */
  returned: number;
}

/** A purchase the return screen can take back, whatever it came from: this store's sale, a looked-up sale or order. */
export interface Returnable {
  source: ReturnSource;
  kind: Purchase['kind'];
  /** The receipt or order number, as the customer has it. */
  number: string;
  /** The store that sold it or the order's pickup store; null for a shipped order. */
  storeId: string | null;
  currency: string;
  receivedAt: string | null;
  customerId: string | null;
  lines: ReturnableLine[];
  paidBy: RefundSource;
  /** The signed proof of purchase (QR text) it was read from, when it was: the return carries it to the server. */
  proof?: string;
}

/** A sale of this store from the device's replica (accepted or still waiting: the server decides with its copy). */
export function returnableOfSale(sale: Sale): Returnable {
  return {
    source: { kind: 'sale', saleId: sale.id },
    kind: 'sale',
    number: sale.receiptNumber,
    storeId: sale.storeId,
    currency: sale.currency,
    // Until the server decides the sale, its windows count from when it was rung up.
    receivedAt: sale.outcome?.status === 'accepted' ? sale.outcome.decidedAt : sale.createdAtDevice,
    customerId: sale.customerId,
    lines: sale.lines.map((l) => ({
      lineNo: l.lineNo,
      sku: l.sku,
      name: l.name,
      bought: l.quantity,
      total: l.total,
      quantity: l.quantity,
      returned: 0,
    })),
    paidBy: { kind: 'sale', sale },
  };
}

export function returnableOfSaleSummary(sale: SaleSummary): Returnable {
  return {
    source: { kind: 'sale', saleId: sale.id },
    kind: 'sale',
    number: sale.receiptNumber,
    storeId: sale.storeId,
    currency: sale.currency,
    receivedAt: sale.acceptedAt,
    customerId: null,
    lines: sale.lines.map((l) => ({ ...l, bought: l.quantity })),
    paidBy: { kind: 'sale', sale: { tenders: sale.paid, totals: { total: sale.total } } },
  };
}

export function returnableOfOrder(order: OrderSummary): Returnable {
  const shipped = order.fulfilment === 'ship';
  return {
    source: { kind: 'order', orderId: order.id },
    kind: 'order',
    number: order.number,
    storeId: order.storeId,
    currency: order.currency,
    receivedAt: order.collectedAt ?? order.deliveredAt,
    customerId: null,
    lines: order.lines.map((l) => ({
      lineNo: l.lineNo,
      sku: l.sku,
      name: l.name,
      bought: shipped ? (order.deliveredAt ? l.quantity : 0) : l.collected,
      total: l.total,
      quantity: l.quantity,
      returned: l.returned,
    })),
    paidBy: { kind: 'order', order: { payments: order.payments } },
  };
}

/** The purchase as eligibility reads it, with each line's category and final-sale flag from the device's catalog. */
export function purchaseOfReturnable(r: Returnable, catalogOf: CatalogOf): Purchase {
  return {
    kind: r.kind,
    receivedAt: r.receivedAt,
    lines: r.lines.map((l) => ({ lineNo: l.lineNo, sku: l.sku, bought: l.bought, ...catalogFields(catalogOf, l.sku) })),
  };
}
