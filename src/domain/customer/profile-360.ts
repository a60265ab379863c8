import { z } from 'zod';
import type { Fact } from '../fact/schema.js';
import type { Order, OrderState } from '../order/schema.js';
import type { Sale } from '../sale/schema.js';

/**
 * The figures of a customer's 360° profile, from what the device holds (this store's sales, the online orders
 * matched to the customer, returns of either) and, when the device could ask the server, a summary of the sales in
 * the chain's other stores. Pure: the same figures on any device holding the same data.
 */
export interface OtherStoresSummary {
  count: number;
  total: number;
  lastAt: string | null;
}

export type Profile360Order = Pick<Order, 'id' | 'state' | 'totals' | 'currency' | 'placedAt' | 'collectedAt' | 'storeId'>;

export interface Profile360 {
  storeSales: { count: number; total: number };
  otherStores: OtherStoresSummary | null;
  online: { count: number; total: number };
  returns: { count: number; refunded: number };
  /** Online orders collected in a store. */
  pickups: number;
  /** Online orders still under way (not collected, delivered, cancelled or expired). */
  openOrders: number;
  /** Everything bought, in stores and online, less what was refunded: minor units of `currency`. */
  lifetimeValue: number;
  /** Purchases in a store (this one and the others) and pickups. */
  visits: number;
  /** The average store sale (this store and the others). */
  averageBasket: number;
  lastVisit: string | null;
}

const CLOSED: readonly OrderState[] = ['collected', 'partially_collected', 'delivered', 'cancelled', 'expired'];
const NOT_BOUGHT: readonly OrderState[] = ['cancelled', 'expired'];

const later = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a > b ? a : b);

export function profile360(input: {
  currency: string;
  sales: readonly Sale[];
  otherStores: OtherStoresSummary | null;
  orders: readonly Profile360Order[];
  /** return.recorded facts; those whose source is one of `sales` or `orders` count. */
  returns: readonly Fact[];
}): Profile360 {
  const sales = input.sales.filter((s) => s.outcome?.status !== 'rejected' && s.currency === input.currency);
  const storeTotal = sales.reduce((sum, s) => sum + s.totals.total, 0);
  const orders = input.orders.filter((o) => o.currency === input.currency);
  const bought = orders.filter((o) => !NOT_BOUGHT.includes(o.state));
  const onlineTotal = bought.reduce((sum, o) => sum + o.totals.total, 0);
  const purchases = new Set([...sales.map((s) => s.id), ...orders.map((o) => o.id)]);
  const returns = input.returns.filter((f) => {
    if (f.kind !== 'return.recorded' || f.outcome?.status === 'rejected') return false;
    const source = f.payload.source as { kind?: string; saleId?: string; orderId?: string } | undefined;
    return purchases.has(String(source?.saleId ?? source?.orderId ?? ''));
  });
  const refunded = returns.reduce((sum, f) => {
    const tenders = (f.payload.refund as { tenders?: { amount: number }[] } | undefined)?.tenders ?? [];
    return sum + tenders.reduce((s, t) => s + t.amount, 0);
  }, 0);
  const collected = orders.filter((o) => o.collectedAt !== null && o.storeId !== null);
  const other = input.otherStores;
  const storeCount = sales.length + (other?.count ?? 0);
  const storeSum = storeTotal + (other?.total ?? 0);
  let lastVisit: string | null = other?.lastAt ?? null;
  for (const s of sales) lastVisit = later(lastVisit, new Date(s.createdAtDevice).toISOString());
  for (const o of collected) lastVisit = later(lastVisit, o.collectedAt);
  return {
    storeSales: { count: sales.length, total: storeTotal },
    otherStores: other,
    online: { count: bought.length, total: onlineTotal },
    returns: { count: returns.length, refunded },
    pickups: collected.length,
    openOrders: orders.filter((o) => !CLOSED.includes(o.state)).length,
    lifetimeValue: storeSum + onlineTotal - refunded,
    visits: storeCount + collected.length,
    averageBasket: storeCount === 0 ? 0 : Math.round(storeSum / storeCount),
    lastVisit,
  };
}

/** A customer's purchases in one store of the chain. */
export interface StorePurchases {
  storeId: string;
  count: number;
  total: number;
  lastAt: string | null;
}

export type PurchasedSale = Pick<Sale, 'id' | 'storeId' | 'currency' | 'totals' | 'createdAtDevice' | 'outcome'>;

/**
 * What the server tells a store of a customer's sales in the chain's other stores: how many, how much, when last,
 * per store and in all; only the sales it accepted, in the asking store's currency. Amounts and dates, never lines.
 */
export function otherStoresPurchases(
  sales: readonly PurchasedSale[],
  askingStoreId: string,
  currency: string,
): { summary: OtherStoresSummary; stores: StorePurchases[] } {
  const byStore = new Map<string, StorePurchases>();
  const seen = new Set<string>();
  for (const sale of sales) {
    if (seen.has(sale.id) || sale.storeId === askingStoreId || sale.currency !== currency) continue;
    if (sale.outcome?.status !== 'accepted') continue;
    seen.add(sale.id);
    const at = new Date(sale.createdAtDevice).toISOString();
    const store = byStore.get(sale.storeId) ?? { storeId: sale.storeId, count: 0, total: 0, lastAt: null };
    byStore.set(sale.storeId, { ...store, count: store.count + 1, total: store.total + sale.totals.total, lastAt: later(store.lastAt, at) });
  }
  const stores = [...byStore.values()].sort((a, b) => (b.lastAt ?? '').localeCompare(a.lastAt ?? ''));
  const summary = stores.reduce<OtherStoresSummary>(
    (all, s) => ({ count: all.count + s.count, total: all.total + s.total, lastAt: later(all.lastAt, s.lastAt) }),
    { count: 0, total: 0, lastAt: null },
  );
  return { summary, stores };
}

/** GET /api/customers/{id}/purchases: the customer's purchases in the chain's other stores (the survivor's, merges included). */
export const CustomerPurchasesSchema = z.object({
  customerId: z.string(),
  currency: z.string(),
  summary: z.object({ count: z.number().int(), total: z.number().int(), lastAt: z.string().nullable() }),
  stores: z.array(
    z.object({ storeId: z.string(), name: z.string(), count: z.number().int(), total: z.number().int(), lastAt: z.string().nullable() }),
  ),
});
export type CustomerPurchases = z.infer<typeof CustomerPurchasesSchema>;
