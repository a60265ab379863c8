import { customerIdsOf, DomainError, ErrorCode, matchValues, type CustomerProfile, type Order, type Sale } from '../../src/domain/index.js';
import { queryRows } from '../outbox/sql.js';
import type { StoreReads, StoreSql, TxSql } from '../store/store.js';

/** What the server holds about one customer: the live profile (a merged-away id answers its survivor), sales, orders. */
export interface CustomerData {
  profile: CustomerProfile;
  sales: Sale[];
  orders: Order[];
}

/**
 * Gathers a customer's data for an export or an erasure. Sales have no lookup key by customer (the till never needs
 * one), so they are found by a scan of the sales whose JSON names one of the customer's ids: a rare manager's
 * request, not a hot path. Orders are those the profile's history matched and those placed with its email or phone.
 */
export async function loadCustomerData(reads: StoreReads, sql: StoreSql | TxSql, customerId: string): Promise<CustomerData> {
  let doc = await reads.getDocument('customers', customerId);
  let profile = doc && !doc.deleted ? (JSON.parse(doc.body) as CustomerProfile) : undefined;
  if (profile?.mergedInto) {
    doc = await reads.getDocument('customers', profile.mergedInto);
    profile = doc && !doc.deleted ? (JSON.parse(doc.body) as CustomerProfile) : undefined;
  }
  if (!profile) throw new DomainError(ErrorCode.NOT_FOUND, `no customer ${customerId} (never recorded, or erased)`);
  const ids = customerIdsOf(profile);
  return { profile, sales: await salesNaming(sql, ids), orders: await ordersOf(reads, profile) };
}

async function salesNaming(sql: StoreSql | TxSql, ids: readonly string[]): Promise<Sale[]> {
  const deleted = sql.dialect === 'sqlite' ? '0' : 'false';
  const like = ids.map(() => 'body LIKE ?').join(' OR ');
  const rows = await queryRows<{ body: string }>(
    sql,
    `SELECT body FROM documents WHERE collection = 'sales' AND deleted = ${deleted} AND (${like}) ORDER BY seq`,
    ids.map((id) => `%"customerId":${JSON.stringify(id)}%`),
  );
  // The LIKE is a coarse filter (an id could appear in another field); the parsed field decides.
  return rows.map((r) => JSON.parse(r.body) as Sale).filter((s) => s.customerId !== null && ids.includes(s.customerId));
}

async function ordersOf(reads: StoreReads, profile: CustomerProfile): Promise<Order[]> {
  const byId = new Map<string, Order>();
  const matched = profile.history.flatMap((e) => (e.kind === 'order_matched' && e.ref ? [e.ref] : []));
  for (const d of await reads.getDocuments('orders', matched)) if (!d.deleted) byId.set(d.id, JSON.parse(d.body) as Order);
  for (const { key, value } of matchValues(profile)) {
    if (key === 'nationalId') continue;
    for (const d of await reads.findByKey('orders', key, value)) if (!d.deleted) byId.set(d.id, JSON.parse(d.body) as Order);
  }
  return [...byId.values()].sort((a, b) => a.placedAt.localeCompare(b.placedAt));
}
