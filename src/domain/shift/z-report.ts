import { shiftReturns, type ReportedReturn } from '../return/report.js';
import { giftCardsTotal } from '../sale/gift-cards.js';
import { DiscountReasonSchema, type Sale, type VoidedLine } from '../sale/schema.js';
import type { ShiftCashMovedPayload, ZReport } from './schema.js';

/** What the Z report reads of a sale: its figures, tenders, voided lines and whether the server refused it. */
export type ShiftSale = Pick<Sale, 'id' | 'shiftId' | 'lines' | 'voidedLines' | 'tenders' | 'totals' | 'outcome' | 'giftCards'>;

/** A whole sale voided before completion (the `sale.voided` fact): what had been rung up and its total. */
export interface VoidedSale {
  shiftId: string | null;
  lines: readonly Pick<VoidedLine, 'quantity' | 'unitPrice'>[];
  total: number;
  /** The server refused the void fact: left out. */
  rejected?: boolean;
}

export interface ZReportInput {
  shiftId: string;
  currency: string;
  openedAt: string;
  closedAt: string;
  float: number;
  cashMoves: readonly Pick<ShiftCashMovedPayload, 'direction' | 'amount'>[];
  /** The device's sales; only the shift's are counted (a sale carries its `shiftId`), synced or not. */
  sales: readonly ShiftSale[];
  voidedSales: readonly VoidedSale[];
  /** The device's returns; only those taken in this shift count (a return carries its `shiftId`), synced or not. */
  returns?: readonly ReportedReturn[];
  counted: { cash: number; card: number; pix: number };
}

const sum = (amounts: Iterable<number>) => {
  let total = 0;
  for (const a of amounts) total += a;
  return total;
};

/**
 * The Z report of a shift, from its facts and its sales: pure, so the close screen, the printout and the tests
 * compute the same figures. Every sale of the shift counts whether it reached the server or not (the drawer holds
 * its cash either way); a sale the server refused is left out and reported in `rejectedSales`.
 *
 * Cash: what stayed in the drawer is cash tendered − change (cash rounding included: it was taken in cash), so
 * expected cash = float + Σ (cash tendered − change) + cash in − cash out. Card and Pix: their tenders' amounts.
 * Store credit and gift cards: what they paid, counted apart (no drawer or terminal holds it; the ledger does).
 * Reversed tenders count in none of these, only in `reversedTenders`. Returns taken in the shift: cash refunds are
 * part of cash out, card and Pix refunds come off their expected figures.
 */
export function computeZReport(input: ZReportInput): ZReport {
  const ofShift = input.sales.filter((s) => s.shiftId === input.shiftId);
  const rejected = ofShift.filter((s) => s.outcome?.status === 'rejected');
  const sales = ofShift.filter((s) => s.outcome?.status !== 'rejected');
  const lines = sales.flatMap((s) => s.lines);
  const tenders = sales.flatMap((s) => s.tenders);
  const active = tenders.filter((t) => !t.reversal);
  const reversed = tenders.filter((t) => t.reversal);

  const cashTenders = active.filter((t) => t.kind === 'cash');
  const cashTendered = sum(cashTenders.map((t) => t.amount));
  const change = sum(sales.map((s) => s.totals.change));
  const cashNet = cashTendered - change;
  const cards = active.flatMap((t) => (t.kind === 'card' ? [t] : []));
  const pix = active.filter((t) => t.kind === 'pix');
  const credits = active.filter((t) => t.kind === 'credit');

  const cashIn = sum(input.cashMoves.filter((m) => m.direction === 'in').map((m) => m.amount));
  const returns = shiftReturns(input.returns ?? [], input.shiftId);
  // Cash handed back for returns left the drawer like a cash-out: counted in it, so the close's arithmetic
  // (float + cash net + in − out) holds; the view shows the refunds' part. Card and Pix refunds lower what the
  // terminal and the bank should show.
  const cashOut = sum(input.cashMoves.filter((m) => m.direction === 'out').map((m) => m.amount)) + returns.cash;
  const expected = {
    cash: input.float + cashNet + cashIn - cashOut,
    card: sum(cards.map((t) => t.amount)) - returns.card,
    pix: sum(pix.map((t) => t.amount)) - returns.pix,
  };

  const voidedLines = sales.flatMap((s) => s.voidedLines);
  const voidedSales = input.voidedSales.filter((v) => v.shiftId === input.shiftId && !v.rejected);

  return {
    shiftId: input.shiftId,
    currency: input.currency,
    openedAt: input.openedAt,
    closedAt: input.closedAt,
    salesCount: sales.length,
    unsyncedSales: sales.filter((s) => !s.outcome).length,
    gross: sum(lines.map((l) => l.quantity * l.unitPrice)),
    discounts: discountsOf(lines),
    tax: sum(sales.map((s) => s.totals.tax)),
    net: sum(sales.map((s) => s.totals.total)),
    giftCardsSold: { count: sales.reduce((n, s) => n + (s.giftCards?.length ?? 0), 0), amount: sum(sales.map((s) => giftCardsTotal(s.giftCards))) },
    tenders: {
      cash: { count: cashTenders.length, tendered: cashTendered, change, cashRounding: sum(sales.map((s) => s.totals.cashRounding)), net: cashNet },
      card: {
        count: cards.length,
        net: sum(cards.map((t) => t.amount)),
        credit: sum(cards.filter((c) => c.funding === 'credit').map((c) => c.amount)),
        debit: sum(cards.filter((c) => c.funding === 'debit').map((c) => c.amount)),
        installments: installmentPlans(cards),
      },
      pix: { count: pix.length, net: sum(pix.map((t) => t.amount)) },
      storeCredit: { count: credits.length, net: sum(credits.map((t) => t.amount)) },
    },
    reversedTenders: { count: reversed.length, amount: sum(reversed.map((t) => t.amount)) },
    voidedLines: { count: voidedLines.length, amount: sum(voidedLines.map((l) => l.quantity * l.unitPrice)) },
    voidedSales: { count: voidedSales.length, amount: sum(voidedSales.map((v) => v.total)) },
    returns: { count: returns.count, amount: returns.amount },
    rejectedSales: { count: rejected.length, amount: sum(rejected.map((s) => s.totals.total)) },
    float: input.float,
    cashIn,
    cashOut,
    expected,
    counted: { ...input.counted },
    overShort: {
      cash: input.counted.cash - expected.cash,
      card: input.counted.card - expected.card,
      pix: input.counted.pix - expected.pix,
    },
  };
}

/** Discounts by promotion (by id) and by the manual reason, each in a stable order so two reports compare equal. */
function discountsOf(lines: readonly Sale['lines'][number][]): ZReport['discounts'] {
  const byPromotion = new Map<string, number>();
  const byReason = new Map<string, number>();
  for (const d of lines.flatMap((l) => l.discounts)) {
    if (d.source === 'promotion') byPromotion.set(d.promotionId, (byPromotion.get(d.promotionId) ?? 0) + d.amount);
    else byReason.set(d.reason, (byReason.get(d.reason) ?? 0) + d.amount);
  }
  return {
    total: sum(lines.map((l) => l.discount)),
    byPromotion: [...byPromotion].sort(([a], [b]) => a.localeCompare(b)).map(([promotionId, amount]) => ({ promotionId, amount })),
    byReason: DiscountReasonSchema.options.flatMap((reason) => (byReason.has(reason) ? [{ reason, amount: byReason.get(reason)! }] : [])),
  };
}

/** Credit payments in 2 to 12 instalments, grouped by their number of instalments. */
function installmentPlans(cards: readonly { funding: 'credit' | 'debit'; installments: number; amount: number }[]) {
  const plans = new Map<number, { count: number; amount: number }>();
  for (const card of cards) {
    if (card.installments < 2) continue;
    const plan = plans.get(card.installments) ?? { count: 0, amount: 0 };
    plans.set(card.installments, { count: plan.count + 1, amount: plan.amount + card.amount });
  }
  return [...plans].sort(([a], [b]) => a - b).map(([installments, plan]) => ({ installments, ...plan }));
}
