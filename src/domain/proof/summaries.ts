import type { Order } from '../order/schema.js';
import type { Sale } from '../sale/schema.js';
import { proofInstant } from './encoding.js';
import type { ProofSummary } from './schema.js';

/**
 * A store sale as its proof says it: what the customer paid with, reversed tenders left out and the change taken
 * off the cash, so the tenders add up to what the store kept (what a refund to the original tender may give back).
 */
export function saleProofSummary(sale: Sale): ProofSummary {
  let change = sale.totals.change;
  const tenders = sale.tenders
    .filter((t) => !t.reversal)
    .toReversed()
    .map((t) => {
      if (t.kind !== 'cash' || change === 0) return { method: t.kind as string, amount: t.amount };
      const off = Math.min(change, t.amount);
      change -= off;
      return { method: 'cash', amount: t.amount - off };
    })
    .filter((t) => t.amount > 0)
    .toReversed();
  return {
    v: 1,
    kind: 'sale',
    id: sale.id,
    number: sale.receiptNumber,
    storeId: sale.storeId,
    at: proofInstant(sale.createdAtDevice),
    receivedAt: null,
    currency: sale.currency,
    total: sale.totals.total,
    tax: sale.totals.tax,
    lines: sale.lines.map((l) => ({ lineNo: l.lineNo, sku: l.sku, quantity: l.quantity, total: l.total, received: null })),
    tenders,
  };
}

/**
 * An online order as its proof says it: the lines as bought and, once collected (or delivered), how many units of
 * each the customer received and when, since returns count from then.
 */
export function orderProofSummary(order: Order): ProofSummary {
  const receivedAt = order.collectedAt ?? order.deliveredAt;
  const shipped = order.fulfilment.type === 'ship';
  return {
    v: 1,
    kind: 'order',
    id: order.id,
    number: order.number,
    storeId: order.storeId,
    at: proofInstant(order.placedAt),
    receivedAt: receivedAt === null ? null : proofInstant(receivedAt),
    currency: order.currency,
    total: order.totals.total,
    tax: order.totals.tax,
    lines: order.lines.map((l) => ({
      lineNo: l.lineNo,
      sku: l.sku,
      quantity: l.quantity,
      total: l.total,
      received: receivedAt === null ? null : shipped ? l.quantity - l.released : l.collected,
    })),
    tenders: order.payments.map((p) => ({ method: p.method, amount: p.amount })),
  };
}
