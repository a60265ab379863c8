import type { Order } from '../order/schema.js';

/**
 * The pickup dashboard's figures for a period, from the orders as a device holds them (replicated, so the manager's
 * tablet computes them offline). Each figure counts the orders whose step happened in the period: an order received
 * on Monday and collected on Tuesday counts as received on Monday and collected on Tuesday.
 */
export interface PickupFigures {
  /** Pickup orders the store received (acceptedAt in the period). */
  received: number;
  /** Orders made ready in the period. */
  readied: number;
  /** Of those, ready no later than the time promised to the customer. */
  readyOnTime: number;
  /** Median time from the order's arrival to ready, in ms (null: nothing readied). */
  medianOrderToReadyMs: number | null;
  /** Median time from ready to collected (full or partial), in ms. */
  medianReadyToCollectedMs: number | null;
  /** Median wait of a customer who said "I'm here", until the handoff, in ms (the curbside wait). */
  medianArrivalToHandoffMs: number | null;
  collected: number;
  /** Ready orders nobody collected within the store's hold period. */
  expired: number;
}

export interface Period {
  /** Inclusive, epoch ms. */
  from: number;
  /** Exclusive, epoch ms. */
  to: number;
}

type MetricOrder = Pick<Order, 'acceptedAt' | 'promisedAt' | 'readyAt' | 'customerArrivedAt' | 'collectedAt' | 'expiredAt'> & {
  fulfilment: Pick<Order['fulfilment'], 'type'>;
};

const within = (iso: string | null, { from, to }: Period) => {
  if (iso === null) return false;
  const at = Date.parse(iso);
  return at >= from && at < to;
};
const between = (a: string, b: string) => Date.parse(b) - Date.parse(a);

/** The middle value (the mean of the two middle ones for an even count), or null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function pickupFigures(orders: readonly MetricOrder[], period: Period): PickupFigures {
  const pickup = orders.filter((o) => o.fulfilment.type === 'pickup');
  const readied = pickup.filter((o) => within(o.readyAt, period));
  const collected = pickup.filter((o) => within(o.collectedAt, period));
  return {
    received: pickup.filter((o) => within(o.acceptedAt, period)).length,
    readied: readied.length,
    readyOnTime: readied.filter((o) => Date.parse(o.readyAt!) <= Date.parse(o.promisedAt)).length,
    medianOrderToReadyMs: median(readied.map((o) => between(o.acceptedAt, o.readyAt!))),
    medianReadyToCollectedMs: median(collected.filter((o) => o.readyAt !== null).map((o) => between(o.readyAt!, o.collectedAt!))),
    medianArrivalToHandoffMs: median(
      // An early arrival waits for the order to be ready too; the wait counted is the customer's whole wait.
      collected.filter((o) => o.customerArrivedAt !== null).map((o) => between(o.customerArrivedAt!, o.collectedAt!)),
    ),
    collected: collected.length,
    expired: pickup.filter((o) => within(o.expiredAt, period)).length,
  };
}

/**
 * The start of the day of `at` in a time zone, epoch ms. Found by reading the wall clock there (Intl), so it is pure
 * and needs no time-zone library; on a day whose offset changes (DST) it is off by the change, which only moves the
 * boundary of a dashboard period by an hour.
 */
export function startOfDay(at: number, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', hour: '2-digit', minute: '2-digit', second: '2-digit' })
      .formatToParts(new Date(at))
      .map((p) => [p.type, Number(p.value)]),
  ) as Record<'hour' | 'minute' | 'second', number>;
  const sinceMidnight = ((parts.hour * 60 + parts.minute) * 60 + parts.second) * 1000 + (at % 1000);
  return at - sinceMidnight;
}

const DAY = 86_400_000;
const weekdays = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** Today, and this week from Monday, in the store's time zone; plus each day of the week for the chart. */
export function dashboardPeriods(now: number, timeZone: string): { today: Period; week: Period; days: Period[] } {
  const today = startOfDay(now, timeZone);
  const weekday = weekdays.indexOf(new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short' }).format(new Date(now)));
  const monday = startOfDay(today - ((weekday + 6) % 7) * DAY + DAY / 2, timeZone);
  const days = Array.from({ length: 7 }, (_, i) => {
    const from = startOfDay(monday + i * DAY + DAY / 2, timeZone);
    return { from, to: startOfDay(from + DAY + DAY / 2, timeZone) };
  });
  return { today: { from: today, to: today + DAY }, week: { from: monday, to: days[6]!.to }, days };
}
