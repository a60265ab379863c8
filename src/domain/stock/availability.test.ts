import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Store } from '../catalog/schema.js';
import type { OpeningHours } from '../catalog/store-settings.js';
import { rankStores, skuStock } from './availability.js';
import { distanceKm } from './distance.js';
import { hoursOnDay, isOpenAt, localTimeAt } from './opening-hours.js';
import type { StockLevel } from './schema.js';

const SAO_PAULO = { lat: -23.5505, lon: -46.6333 };
const RIO = { lat: -22.9068, lon: -43.1729 };
const CAMPINAS = { lat: -22.9099, lon: -47.0626 };

const weekdays: OpeningHours = {
  monday: [
    { opens: '09:00', closes: '12:00' },
    { opens: '13:00', closes: '19:00' },
  ],
  tuesday: [{ opens: '09:00', closes: '19:00' }],
  wednesday: [{ opens: '09:00', closes: '19:00' }],
  thursday: [{ opens: '09:00', closes: '19:00' }],
  friday: [{ opens: '09:00', closes: '24:00' }],
  saturday: [{ opens: '00:00', closes: '02:00' }],
  sunday: [],
};

const store = (id: string, name: string, coordinates?: { lat: number; lon: number }, openingHours?: OpeningHours): Store =>
  ({
    id,
    name,
    currency: 'BRL',
    locale: 'pt-BR',
    timeZone: 'America/Sao_Paulo',
    pricesIncludeTax: true,
    taxRates: {},
    coordinates,
    openingHours,
  }) as unknown as Store;

describe('distanceKm', () => {
  it('gives the road-map distance between São Paulo and Rio within a kilometre (about 361 km)', () => {
    expect(distanceKm(SAO_PAULO, RIO)).toBeGreaterThan(355);
    expect(distanceKm(SAO_PAULO, RIO)).toBeLessThan(365);
  });

  it('is zero from a point to itself, symmetric, and never more than half the Earth round', () => {
    const point = fc.record({ lat: fc.double({ min: -90, max: 90, noNaN: true }), lon: fc.double({ min: -180, max: 180, noNaN: true }) });
    fc.assert(
      fc.property(point, point, (a, b) => {
        expect(distanceKm(a, a)).toBeCloseTo(0, 6);
        expect(distanceKm(a, b)).toBeCloseTo(distanceKm(b, a), 6);
        expect(distanceKm(a, b)).toBeLessThanOrEqual(Math.PI * 6371.0088 + 1e-6);
      }),
    );
  });
});

describe('opening hours', () => {
  // 2026-11-23 is a Monday; São Paulo is UTC−3 (no daylight saving since 2019).
  const mondayAt = (hhmm: string) => new Date(`2026-11-23T${hhmm}:00-03:00`);

  it("reads the store's own wall clock, not the server's", () => {
    expect(localTimeAt(new Date('2026-11-23T12:30:00Z'), 'America/Sao_Paulo')).toEqual({ weekday: 'monday', time: '09:30' });
    expect(localTimeAt(new Date('2026-11-23T02:00:00Z'), 'America/Sao_Paulo')).toEqual({ weekday: 'sunday', time: '23:00' });
    expect(localTimeAt(new Date('2026-07-01T12:00:00Z'), 'Europe/Lisbon')).toEqual({ weekday: 'wednesday', time: '13:00' });
  });

  it('is open from the opening minute up to, not including, the closing minute, and closed over lunch', () => {
    expect(isOpenAt(weekdays, 'America/Sao_Paulo', mondayAt('08:59'))).toBe(false);
    expect(isOpenAt(weekdays, 'America/Sao_Paulo', mondayAt('09:00'))).toBe(true);
    expect(isOpenAt(weekdays, 'America/Sao_Paulo', mondayAt('12:00'))).toBe(false);
    expect(isOpenAt(weekdays, 'America/Sao_Paulo', mondayAt('13:00'))).toBe(true);
    expect(isOpenAt(weekdays, 'America/Sao_Paulo', mondayAt('18:59'))).toBe(true);
    expect(isOpenAt(weekdays, 'America/Sao_Paulo', mondayAt('19:00'))).toBe(false);
  });

  it('keeps a Friday night open to midnight and on past it in Saturday’s first interval; Sunday closed all day', () => {
    expect(isOpenAt(weekdays, 'America/Sao_Paulo', new Date('2026-11-27T23:59:00-03:00'))).toBe(true);
    expect(isOpenAt(weekdays, 'America/Sao_Paulo', new Date('2026-11-28T01:30:00-03:00'))).toBe(true);
    expect(isOpenAt(weekdays, 'America/Sao_Paulo', new Date('2026-11-28T02:00:00-03:00'))).toBe(false);
    expect(isOpenAt(weekdays, 'America/Sao_Paulo', new Date('2026-11-29T15:00:00-03:00'))).toBe(false);
    expect(hoursOnDay(weekdays, 'America/Sao_Paulo', new Date('2026-11-29T15:00:00-03:00'))).toEqual([]);
  });

  it('follows daylight saving: a Lisbon store opening at 09:00 opens at 08:00 UTC in summer and 09:00 UTC in winter', () => {
    expect(isOpenAt(weekdays, 'Europe/Lisbon', new Date('2026-07-01T08:00:00Z'))).toBe(true);
    expect(isOpenAt(weekdays, 'Europe/Lisbon', new Date('2026-12-01T08:30:00Z'))).toBe(false);
    expect(isOpenAt(weekdays, 'Europe/Lisbon', new Date('2026-12-01T09:00:00Z'))).toBe(true);
  });
});

describe('rankStores and skuStock', () => {
  const stores = [
    store('RJ', 'Rio', RIO),
    store('NOWHERE-B', 'Bazar', undefined),
    store('CPS', 'Campinas', CAMPINAS),
    store('SP', 'São Paulo', SAO_PAULO, weekdays),
    store('NOWHERE-A', 'Armazém', undefined),
  ];

  it('puts the asking store first, then the nearest, and stores without coordinates last by name', () => {
    const ranked = rankStores(stores, 'SP');
    expect(ranked.map((r) => r.store.id)).toEqual(['SP', 'CPS', 'RJ', 'NOWHERE-A', 'NOWHERE-B']);
    expect(ranked.map((r) => r.distanceKm)).toEqual([0, expect.any(Number), expect.any(Number), null, null]);
    expect(ranked[1]!.distanceKm).toBeGreaterThan(80);
    expect(ranked[1]!.distanceKm).toBeLessThan(90);
  });

  it('gives every store, at 0 where it has no level, and open now from its own hours', () => {
    const level: StockLevel = {
      id: 'RJ:A',
      storeId: 'RJ',
      sku: 'A',
      onHand: 5,
      reserved: 2,
      available: 3,
      belowZero: false,
      updatedAt: '2026-11-23T12:00:00Z',
    };
    const answer = skuStock('A', rankStores(stores, 'SP'), new Map([['RJ', level]]), new Date('2026-11-23T10:00:00-03:00'));
    expect(answer.stores).toHaveLength(5);
    expect(answer.stores.find((s) => s.storeId === 'RJ')).toMatchObject({ available: 3, onHand: 5, reserved: 2 });
    expect(answer.stores.find((s) => s.storeId === 'SP')).toMatchObject({ available: 0, onHand: 0, reserved: 0, openNow: true });
    expect(answer.stores.find((s) => s.storeId === 'CPS')).toMatchObject({ openingHours: null, openNow: null });
  });
});
