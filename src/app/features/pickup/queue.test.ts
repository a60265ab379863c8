import { describe, expect, it } from 'vitest';
import { elapsed, NO_FILTER, pickListOrder, queueOf } from './queue.js';

const now = Date.parse('2026-11-23T15:00:00Z');
const endOfToday = Date.parse('2026-11-24T03:00:00Z');
const item = (id: string, o: { state: string; promised: string; arrived?: string; mode?: 'counter' | 'curbside'; pending?: boolean }) => ({
  id,
  order: {
    state: o.state as never,
    promisedAt: o.promised,
    customerArrivedAt: o.arrived ?? null,
    fulfilment: { type: 'pickup', storeId: 'S1', mode: o.mode ?? 'counter', promisedAt: o.promised } as const,
    payments: [{ method: 'pix', amount: 1, reference: 'r', status: o.pending ? 'pending' : 'paid' } as const],
  },
});
const ids = (items: { id: string }[]) => items.map((i) => i.id);

describe('pickup queue', () => {
  const orders = [
    item('later', { state: 'new', promised: '2026-11-23T19:00:00Z' }),
    item('late', { state: 'picking', promised: '2026-11-23T14:00:00Z', mode: 'curbside' }),
    item('waited-long', { state: 'customer_waiting', promised: '2026-11-23T18:00:00Z', arrived: '2026-11-23T14:50:00Z', mode: 'curbside' }),
    item('tomorrow', { state: 'ready', promised: '2026-11-24T15:00:00Z' }),
    item('just-arrived', { state: 'customer_waiting', promised: '2026-11-23T16:00:00Z', arrived: '2026-11-23T14:58:00Z' }),
    item('handed-off-here', { state: 'collected', promised: '2026-11-23T12:00:00Z' }),
  ];

  it('puts waiting customers on top, longest wait first, then the most urgent promise, closed orders last', () => {
    expect(ids(queueOf(orders, NO_FILTER, now, endOfToday))).toEqual(['waited-long', 'just-arrived', 'late', 'later', 'tomorrow', 'handed-off-here']);
  });

  it('filters by state, counter or curbside, due today and overdue, and never hides a waiting customer', () => {
    expect(ids(queueOf(orders, { ...NO_FILTER, when: 'overdue' }, now, endOfToday))).toEqual(['waited-long', 'just-arrived', 'late']);
    expect(ids(queueOf(orders, { ...NO_FILTER, mode: 'curbside' }, now, endOfToday))).toEqual(['waited-long', 'just-arrived', 'late']);
    expect(ids(queueOf(orders, { ...NO_FILTER, when: 'today', state: 'todo' }, now, endOfToday))).toEqual([
      'waited-long',
      'just-arrived',
      'late',
      'later',
    ]);
    expect(ids(queueOf(orders, { ...NO_FILTER, state: 'ready' }, now, endOfToday))).toEqual(['waited-long', 'just-arrived', 'tomorrow']);
  });

  it('tells how long a customer has been waiting in minutes and seconds', () => {
    expect(elapsed('2026-11-23T14:55:55Z', now)).toBe('4:05');
    expect(elapsed('2026-11-23T13:50:00Z', now)).toBe('1:10:00');
    expect(elapsed('2026-11-23T15:00:09Z', now)).toBe('0:00');
  });

  it('lists what is left to pick first, by category then name', () => {
    const line = (name: string, category: string, picked = 0) => ({ name, category, quantity: 1, released: 0, picked });
    const sorted = pickListOrder(
      [line('Socks', 'Acessórios', 1), line('Runner 43', 'Calçados'), line('Cap', 'Acessórios'), line('Belt', 'Acessórios')],
      (l) => l.category,
    );
    expect(sorted.map((l) => l.name)).toEqual(['Belt', 'Cap', 'Runner 43', 'Socks']);
  });
});
