import type { ReturnReason, ReturnRecorded } from './schema.js';

/** What the reports read of a return: its shift, its lines and its refund, and whether the server refused it. */
export type ReportedReturn = Pick<ReturnRecorded, 'id' | 'createdAtDevice'> & {
  payload: Pick<ReturnRecorded['payload'], 'lines' | 'refund'> & { shiftId?: string | null | undefined };
  outcome?: { status: 'accepted' | 'rejected' } | null | undefined;
};

export interface ShiftReturns {
  count: number;
  /** Everything refunded, all tenders. */
  amount: number;
  /** Handed over from the drawer: the drawer's expected cash counts it out. */
  cash: number;
  /** Recorded for the card terminal and the bank: their expected figures are net of these. */
  card: number;
  pix: number;
}

/**
 * The returns a shift's Z report counts: those taken on its register while it was open (the return carries the
 * shift), synced or not — the cash left the drawer either way — and not refused by the server (a refused return's
 * money is a manager's follow-up, shown as a conflict, not a drawer figure).
 */
export function shiftReturns(returns: readonly ReportedReturn[], shiftId: string): ShiftReturns {
  const counted = returns.filter((r) => r.payload.shiftId === shiftId && r.outcome?.status !== 'rejected');
  const tenders = counted.flatMap((r) => r.payload.refund.tenders);
  const of = (kind: string) => tenders.filter((t) => t.kind === kind).reduce((a, t) => a + t.amount, 0);
  return {
    count: counted.length,
    amount: tenders.reduce((a, t) => a + t.amount, 0),
    cash: of('cash'),
    card: of('card'),
    pix: of('pix'),
  };
}

export interface StoreReturnFigures {
  /** Units returned over units sold in the same period, 0..1 (0 when nothing was sold). */
  rate: number;
  unitsReturned: number;
  unitsSold: number;
  refunded: number;
  /** Reasons by units returned, most first (ties in the order first met), at most `top`. */
  topReasons: { reason: ReturnReason; units: number }[];
}

/**
 * The store's return figures over a period: how many units came back against how many were sold, and why. Refused
 * returns are left out (nothing came back).
 */
export function storeReturnFigures(returns: readonly ReportedReturn[], unitsSold: number, top = 3): StoreReturnFigures {
  const kept = returns.filter((r) => r.outcome?.status !== 'rejected');
  const lines = kept.flatMap((r) => r.payload.lines);
  const byReason = new Map<ReturnReason, number>();
  for (const l of lines) byReason.set(l.reason, (byReason.get(l.reason) ?? 0) + l.quantity);
  const unitsReturned = lines.reduce((a, l) => a + l.quantity, 0);
  return {
    rate: unitsSold > 0 ? unitsReturned / unitsSold : 0,
    unitsReturned,
    unitsSold,
    refunded: kept.flatMap((r) => r.payload.refund.tenders).reduce((a, t) => a + t.amount, 0),
    topReasons: [...byReason]
      .map(([reason, units]) => ({ reason, units }))
      .sort((a, b) => b.units - a.units)
      .slice(0, top),
  };
}
