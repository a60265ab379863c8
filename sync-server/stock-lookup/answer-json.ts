import type { OpeningHours, StockLevel } from '../../src/domain/index.js';
import type { RankedStore } from '../../src/domain/stock/availability.js';
import { isOpenAtLocal, localTimeAt, type LocalTime } from '../../src/domain/stock/opening-hours.js';

/**
 * The JSON of `skuStock` (src/domain/stock/availability.ts), written without building and stringifying 300 objects
 * per answer: what does not change between lookups (name, distance, hours) is serialised once per ranking, and only
 * the counts and "open now" are spliced in. At 200 lookups a second, stringifying the answer was the server's
 * second-largest cost after the query. answer-json.test.ts checks it parses to exactly what `skuStock` gives.
 */
export interface StoreFragment {
  storeId: string;
  /** `{"storeId":…,"name":…,` */
  head: string;
  /** `,"distanceKm":…,"openingHours":…,"timeZone":…,"openNow":` */
  tail: string;
  hours: OpeningHours | null;
  timeZone: string;
}

export function fragmentsOf(ranked: readonly RankedStore[]): StoreFragment[] {
  return ranked.map(({ store, distanceKm }) => ({
    storeId: store.id,
    head: `{"storeId":${JSON.stringify(store.id)},"name":${JSON.stringify(store.name)},`,
    tail: `,"distanceKm":${JSON.stringify(distanceKm)},"openingHours":${JSON.stringify(store.openingHours ?? null)},"timeZone":${JSON.stringify(store.timeZone)},"openNow":`,
    hours: store.openingHours ?? null,
    timeZone: store.timeZone,
  }));
}

/** Each zone's wall clock at one instant, worked out once per answer (a chain has a few zones, hundreds of stores). */
export function wallClocks(at: Date): (zone: string) => LocalTime {
  const clocks = new Map<string, LocalTime>();
  return (zone) => {
    let t = clocks.get(zone);
    if (!t) {
      t = localTimeAt(at, zone);
      clocks.set(zone, t);
    }
    return t;
  };
}

export function skuStockJson(
  sku: string,
  fragments: readonly StoreFragment[],
  levels: ReadonlyMap<string, StockLevel>,
  clock: (zone: string) => LocalTime,
): string {
  const stores = fragments.map((f) => {
    const level = levels.get(f.storeId);
    const openNow = f.hours ? String(isOpenAtLocal(f.hours, clock(f.timeZone))) : 'null';
    return `${f.head}"available":${level?.available ?? 0},"onHand":${level?.onHand ?? 0},"reserved":${level?.reserved ?? 0}${f.tail}${openNow}}`;
  });
  return `{"sku":${JSON.stringify(sku)},"stores":[${stores.join(',')}]}`;
}
