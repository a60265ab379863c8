import type { PaymentTenderKind, Sale } from '../../../domain/index.js';
import type { SaleSyncState } from '../../db/sync-status.js';

/** What the sales list narrows today's sales by. Amounts in minor units; empty means no limit. */
export interface SalesFilter {
  associateId: string | null;
  status: SaleSyncState | null;
  minTotal: number | null;
  maxTotal: number | null;
  /** Part of a receipt number, e.g. "000123" or "S1-02-000123"; case and spaces ignored. */
  receipt: string;
}

export const NO_FILTER: SalesFilter = { associateId: null, status: null, minTotal: null, maxTotal: null, receipt: '' };

export function filterSales(sales: readonly Sale[], filter: SalesFilter, statusOf: (sale: Sale) => SaleSyncState): Sale[] {
  const receipt = filter.receipt.replace(/\s+/g, '').toUpperCase();
  return sales.filter(
    (sale) =>
      (filter.associateId === null || sale.associateId === filter.associateId) &&
      (filter.status === null || statusOf(sale) === filter.status) &&
      (filter.minTotal === null || sale.totals.total >= filter.minTotal) &&
      (filter.maxTotal === null || sale.totals.total <= filter.maxTotal) &&
      (receipt === '' || sale.receiptNumber.toUpperCase().includes(receipt)),
  );
}

export type TenderTotals = Record<PaymentTenderKind, number> & { total: number };

/**
 * What the sales took, by kind of tender: each tender that paid (reversed ones took nothing), cash net of the change
 * given back, so cash + card + Pix + store credit is the sales' total plus any cash rounding.
 */
export function tenderTotals(sales: readonly Sale[]): TenderTotals {
  const totals: TenderTotals = { cash: 0, card: 0, pix: 0, credit: 0, total: 0 };
  for (const sale of sales) {
    for (const tender of sale.tenders) if (!tender.reversal) totals[tender.kind] += tender.amount;
    totals.cash -= sale.totals.change;
    totals.total += sale.totals.total + sale.totals.cashRounding;
  }
  return totals;
}

/** The calendar day of an instant on the store's clock ("2026-11-26"); the UTC day when the zone is not known. */
export function storeDay(at: string | number | Date, timeZone: string | undefined): string {
  const date = new Date(at);
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
  } catch {
    return date.toISOString().slice(0, 10);
  }
}

/**
 * The smallest UUIDv7 of an instant: sale ids are UUIDv7, so `id >= this` reads the sales created since then along
 * the primary key, without scanning the store's whole history.
 */
export function uuidv7Floor(ms: number): string {
  const hex = Math.max(0, Math.floor(ms)).toString(16).padStart(12, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-0000-0000-000000000000`;
}
