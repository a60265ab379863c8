import { describe, expect, it } from 'vitest';
import { dashboardPeriods, median, pickupFigures, startOfDay } from './metrics.js';

const MIN = 60_000;
const iso = (s: string) => new Date(s).toISOString();
/** An order at S1 (São Paulo, UTC−3): received, promised, and the steps it reached. */
const order = (o: {
  accepted: string;
  promised: string;
  ready?: string;
  arrived?: string;
  collected?: string;
  expired?: string;
  ship?: boolean;
}) => ({
  fulfilment: o.ship ? ({ type: 'ship' } as const) : ({ type: 'pickup' } as const),
  acceptedAt: iso(o.accepted),
  promisedAt: iso(o.promised),
  readyAt: o.ready ? iso(o.ready) : null,
  customerArrivedAt: o.arrived ? iso(o.arrived) : null,
  collectedAt: o.collected ? iso(o.collected) : null,
  expiredAt: o.expired ? iso(o.expired) : null,
});
const day = { from: Date.parse('2026-11-23T03:00:00Z'), to: Date.parse('2026-11-24T03:00:00Z') };

describe('pickup dashboard figures', () => {
  it('counts received, ready on time against the promised time, and the medians of each wait', () => {
    const orders = [
      // Ready 30 min after arrival, 30 min before the promise; collected 60 min after ready, customer waited 4 min.
      order({
        accepted: '2026-11-23T10:00-03:00',
        promised: '2026-11-23T11:00-03:00',
        ready: '2026-11-23T10:30-03:00',
        arrived: '2026-11-23T11:26-03:00',
        collected: '2026-11-23T11:30-03:00',
      }),
      // Ready late (90 min for a 60 min promise); collected 20 min after ready, the customer waited 10 min.
      order({
        accepted: '2026-11-23T12:00-03:00',
        promised: '2026-11-23T13:00-03:00',
        ready: '2026-11-23T13:30-03:00',
        arrived: '2026-11-23T13:40-03:00',
        collected: '2026-11-23T13:50-03:00',
      }),
      // Ready in 60 min, on time exactly; not collected yet.
      order({ accepted: '2026-11-23T14:00-03:00', promised: '2026-11-23T15:00-03:00', ready: '2026-11-23T15:00-03:00' }),
      // Received today, nothing else yet; and a shipped order that is no pickup at all.
      order({ accepted: '2026-11-23T16:00-03:00', promised: '2026-11-23T18:00-03:00' }),
      order({ accepted: '2026-11-23T16:00-03:00', promised: '2026-11-25T18:00-03:00', ship: true }),
      // Received last week, expired today.
      order({
        accepted: '2026-11-15T10:00-03:00',
        promised: '2026-11-15T12:00-03:00',
        ready: '2026-11-15T11:00-03:00',
        expired: '2026-11-23T09:00-03:00',
      }),
    ];
    expect(pickupFigures(orders, day)).toEqual({
      received: 4,
      readied: 3,
      readyOnTime: 2,
      medianOrderToReadyMs: 60 * MIN,
      medianReadyToCollectedMs: 40 * MIN,
      medianArrivalToHandoffMs: 7 * MIN,
      collected: 2,
      expired: 1,
    });
  });

  it('counts each step in the period it happened in, and answers no median rather than zero when nothing happened', () => {
    const yesterday = order({ accepted: '2026-11-22T20:00-03:00', promised: '2026-11-23T10:00-03:00', ready: '2026-11-23T09:00-03:00' });
    expect(pickupFigures([yesterday], day)).toMatchObject({ received: 0, readied: 1, readyOnTime: 1 });
    expect(pickupFigures([], day)).toMatchObject({
      received: 0,
      medianOrderToReadyMs: null,
      medianReadyToCollectedMs: null,
      medianArrivalToHandoffMs: null,
    });
  });

  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });
});

describe('dashboard periods in the store time zone', () => {
  it('starts today at local midnight and the week on Monday', () => {
    // Thursday 26 Nov 2026, 04:30 UTC: 01:30 in São Paulo, so today began at 03:00 UTC and the week on Monday 23.
    const now = Date.parse('2026-11-26T04:30:00Z');
    const { today, week, days } = dashboardPeriods(now, 'America/Sao_Paulo');
    expect(new Date(today.from).toISOString()).toBe('2026-11-26T03:00:00.000Z');
    expect(new Date(week.from).toISOString()).toBe('2026-11-23T03:00:00.000Z');
    expect(days).toHaveLength(7);
    expect(new Date(days[6]!.to).toISOString()).toBe('2026-11-30T03:00:00.000Z');
    expect(startOfDay(Date.parse('2026-11-26T02:59:00Z'), 'America/Sao_Paulo')).toBe(Date.parse('2026-11-25T03:00:00Z'));
  });
});
