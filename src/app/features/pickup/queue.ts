import { awaitingPayment, type Order, type OrderLine } from '../../../domain/index.js';

/**
 * The pickup queue's order and filters, pure: customers already waiting first (longest wait first), then by the
 * time promised to the customer (most urgent first); closed orders this device still has news of last.
 */
type QueueOrder = Pick<Order, 'state' | 'promisedAt' | 'customerArrivedAt' | 'fulfilment' | 'payments'>;

export type StateFilter = 'all' | 'todo' | 'ready' | 'waiting';
export type ModeFilter = 'all' | 'counter' | 'curbside';
export type WhenFilter = 'all' | 'today' | 'overdue';
export interface QueueFilter {
  state: StateFilter;
  mode: ModeFilter;
  when: WhenFilter;
}
export const NO_FILTER: QueueFilter = { state: 'all', mode: 'all', when: 'all' };

const OPEN = ['new', 'picking', 'ready', 'customer_waiting'];
export const isOpen = (o: Pick<Order, 'state'>) => OPEN.includes(o.state);

/** Past its promised time and not with the customer yet. */
export const isOverdue = (o: QueueOrder, now: number) => isOpen(o) && Date.parse(o.promisedAt) < now;

/** Waiting for its picker: a pending boleto or Pix holds a new order back. */
export const waitsForPayment = (o: QueueOrder) => o.state === 'new' && awaitingPayment(o);

const rank = (o: QueueOrder) => (o.state === 'customer_waiting' ? 0 : isOpen(o) ? 1 : 2);

export function compareQueue(a: QueueOrder, b: QueueOrder): number {
  const byRank = rank(a) - rank(b);
  if (byRank !== 0) return byRank;
  if (rank(a) === 0) return (a.customerArrivedAt ?? '').localeCompare(b.customerArrivedAt ?? '');
  return Date.parse(a.promisedAt) - Date.parse(b.promisedAt);
}

const modeOf = (o: QueueOrder) => (o.fulfilment.type === 'pickup' ? o.fulfilment.mode : null);

export function matches(o: QueueOrder, filter: QueueFilter, now: number, endOfToday: number): boolean {
  if (filter.mode !== 'all' && modeOf(o) !== filter.mode) return false;
  if (filter.when === 'overdue' && !isOverdue(o, now)) return false;
  if (filter.when === 'today' && Date.parse(o.promisedAt) >= endOfToday) return false;
  switch (filter.state) {
    case 'todo':
      return o.state === 'new' || o.state === 'picking';
    case 'ready':
      return o.state === 'ready';
    case 'waiting':
      return o.state === 'customer_waiting';
    default:
      return true;
  }
}

/** Orders to list, sorted, those matching the filter; a waiting customer is listed whatever the filter says. */
export function queueOf<T extends { order: QueueOrder }>(items: readonly T[], filter: QueueFilter, now: number, endOfToday: number): T[] {
  return items
    .filter(({ order }) => order.state === 'customer_waiting' || matches(order, filter, now, endOfToday))
    .sort((a, b) => compareQueue(a.order, b.order));
}

/** "4:05" minutes and seconds (or "1:02:05") since an instant: how long a customer has been waiting. */
export function elapsed(sinceIso: string, now: number): string {
  const total = Math.max(0, Math.floor((now - Date.parse(sinceIso)) / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/**
 * The pick list: by shelf order where the catalogue has a location (the product schema has none yet), so by
 * category then name, lines still to pick first.
 */
export function pickListOrder<L extends Pick<OrderLine, 'name' | 'quantity' | 'released' | 'picked'>>(
  lines: readonly L[],
  categoryOf: (l: L) => string,
): L[] {
  const done = (l: L) => (l.quantity - l.released - l.picked <= 0 ? 1 : 0);
  return [...lines].sort((a, b) => done(a) - done(b) || categoryOf(a).localeCompare(categoryOf(b)) || a.name.localeCompare(b.name));
}
