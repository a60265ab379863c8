import type { Sale } from '../sale/schema.js';
import type { Refund, RefundTenderKind } from './schema.js';

/** A purchase line's price basis: what the whole line cost, for how many units. */
export interface PricedLine {
  lineNo: number;
  quantity: number;
  total: number;
}

/**
 * What `quantity` more units of a line give back when `already` were returned before: the line's total shared by
 * units, rounded so that every sequence of returns of the whole line adds up to exactly its total (no cent lost or
 * refunded twice).
 */
export function lineRefund(line: PricedLine, already: number, quantity: number): number {
  const share = (units: number) => Math.round((line.total * Math.min(units, line.quantity)) / line.quantity);
  return share(already + quantity) - share(already);
}

/** Amount to refund for the requested lines, given units of each line already returned. */
export function refundAmount(
  lines: readonly PricedLine[],
  requested: readonly { lineNo: number; quantity: number }[],
  returned: ReadonlyMap<number, number>,
): number {
  const byLine = new Map(lines.map((l) => [l.lineNo, l]));
  const counted = new Map(returned);
  let amount = 0;
  for (const r of requested) {
    const line = byLine.get(r.lineNo);
    if (!line) continue;
    const already = counted.get(r.lineNo) ?? 0;
    amount += lineRefund(line, already, r.quantity);
    counted.set(r.lineNo, already + r.quantity);
  }
  return amount;
}

/**
 * What each tender kind of a store sale paid toward its total: card, Pix and store credit as taken (reversed ones
 * paid nothing), cash the rest (what was handed over minus change and rounding). What store credit paid goes back
 * as store credit.
 */
export function paidByKind(sale: SalePayment): [RefundTenderKind, number][] {
  const live = sale.tenders.filter((t) => !t.reversal);
  const sum = (kind: string) => live.filter((t) => t.kind === kind).reduce((a, t) => a + t.amount, 0);
  const card = sum('card');
  const pix = sum('pix');
  const credit = sum('credit');
  const cash = Math.max(0, sale.totals.total - card - pix - credit);
  return (
    [
      ['cash', cash],
      ['card', card],
      ['pix', pix],
      ['store_credit', credit],
    ] as [RefundTenderKind, number][]
  ).filter(([, paid]) => paid > 0);
}

/**
 * Splits an amount over what each kind paid, in proportion (floored), the cents left over going to the kinds that
 * paid most: a sale paid half by card, half in cash refunds half to each.
 */
export function splitByPaid(amount: number, paid: readonly [RefundTenderKind, number][]): Refund['tenders'] {
  const whole = paid.reduce((a, [, p]) => a + p, 0);
  if (amount <= 0 || whole <= 0) return [];
  const shares = paid.map(([kind, p]) => ({ kind, paid: p, amount: Math.floor((amount * p) / whole) }));
  let left = amount - shares.reduce((a, s) => a + s.amount, 0);
  for (const s of [...shares].sort((a, b) => b.paid - a.paid)) {
    if (left === 0) break;
    s.amount += 1;
    left -= 1;
  }
  return shares.filter((s) => s.amount > 0).map(({ kind, amount: a }) => ({ kind, amount: a }));
}

/**
 * What a refund reads of a sale: its tenders (kind, amount, whether reversed) and its total. A whole sale fits, and
 * so does a looked-up summary of another store's sale (its tenders as paid, none reversed).
 */
export type SalePayment = {
  tenders: readonly { kind: Sale['tenders'][number]['kind']; amount: number; reversal?: unknown }[];
  totals: Pick<Sale['totals'], 'total'>;
};

/** The source of a refund: a store sale's tenders, or an online order (refunded by its platform). */
export type RefundSource = { kind: 'sale'; sale: SalePayment } | { kind: 'order'; order: { payments: readonly unknown[] } };

/**
 * The refund of a return, the one computation of device and server: to store credit, or to the original tender
 * (a sale's tenders in proportion to what each paid; an online order's payment through its platform).
 */
export function computeRefund(method: Refund['method'], amount: number, source: RefundSource): Refund {
  if (amount <= 0) return { method, tenders: [] };
  if (method === 'store_credit' || method === 'exchange') return { method, tenders: [{ kind: 'store_credit', amount }] };
  if (source.kind === 'order') return { method, tenders: [{ kind: 'platform', amount }] };
  return { method, tenders: splitByPaid(amount, paidByKind(source.sale)) };
}
