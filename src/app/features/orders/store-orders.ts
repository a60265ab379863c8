import { map, type Observable } from 'rxjs';
import type { Order, OrderState } from '../../../domain/index.js';
import type { VitrineDatabase } from '../../db/database.js';

/** An order as the pickup store's devices receive it: the registry's server-only fields stay on the server. */
export type StoreOrder = Omit<Order, 'integrationId' | 'pickupToken'>;

/** Orders the store still has to hand over: the BOPIS issue moves them through these states. */
export const OPEN_ORDER_STATES = ['new', 'picking', 'ready', 'customer_waiting'] as const satisfies readonly OrderState[];
const openSelector = { state: { $in: [...OPEN_ORDER_STATES] } };

export type OrderFilter = 'open' | 'all';

export const isOpenOrder = (order: Pick<Order, 'state'>) => (OPEN_ORDER_STATES as readonly string[]).includes(order.state);

/**
 * The store's online orders, live: the open ones most urgent first (earliest promised time), or every order the
 * device holds, latest promised first.
 */
export function storeOrders$(db: VitrineDatabase, filter: OrderFilter): Observable<StoreOrder[]> {
  const query =
    filter === 'open'
      ? db.orders.find({ selector: openSelector, sort: [{ promisedAt: 'asc' }] })
      : db.orders.find({ sort: [{ promisedAt: 'desc' }], limit: 200 });
  return query.$.pipe(map((docs) => docs.map((d): StoreOrder => d.toMutableJSON())));
}

/** A find, not RxDB's count(): a count over `$in` is a "slow count" RxDB refuses, and a store's open orders are few. */
export const openOrderCount$ = (db: VitrineDatabase): Observable<number> =>
  db.orders.find({ selector: openSelector }).$.pipe(map((docs) => docs.length));

export const order$ = (db: VitrineDatabase, id: string): Observable<StoreOrder | null> =>
  db.orders.findOne(id).$.pipe(map((d) => (d ? d.toMutableJSON() : null)));

/** Units the store could not reserve when the order arrived, over all lines. */
export const shortfallOf = (order: Pick<Order, 'lines'>) => order.lines.reduce((sum, l) => sum + l.shortfall, 0);
