import { z } from 'zod';
import { SkuSchema, StoreIdSchema, type Store } from '../catalog/schema.js';
import { OpeningHoursSchema } from '../catalog/store-settings.js';
import { distanceKm } from './distance.js';
import { isOpenAtLocal, localTimeAt, type LocalTime } from './opening-hours.js';
import type { StockLevel } from './schema.js';

/**
 * A SKU's stock in every store of the chain, as `GET /api/stock/{sku}` answers it: what another store has, how far
 * it is and whether it is open. Only availability and the store's public details: never its customers, sales or
 * orders.
 */
export const StoreStockSchema = z.object({
  storeId: StoreIdSchema,
  name: z.string(),
  /** onHand − reserved: what the store could sell or hold now (negative after two offline sales of the last unit). */
  available: z.int(),
  onHand: z.int(),
  reserved: z.int(),
  /** From the asking store, km rounded to 0.1; null when either store has no coordinates. */
  distanceKm: z.number().nullable(),
  /** The store's week, in its `timeZone`; null when the store has not sent its hours. */
  openingHours: OpeningHoursSchema.nullable(),
  timeZone: z.string(),
  /** Open at the moment of the answer; null without opening hours. */
  openNow: z.boolean().nullable(),
});
export type StoreStock = z.infer<typeof StoreStockSchema>;

export const SkuStockSchema = z.object({
  sku: SkuSchema,
  /** Every store of the chain, the asking store included, nearest first; stores without coordinates last, by name. */
  stores: z.array(StoreStockSchema),
});
export type SkuStock = z.infer<typeof SkuStockSchema>;

export const StyleStockSchema = z.object({
  styleCode: z.string(),
  /** Every SKU of the style, in SKU order, each with every store. */
  skus: z.array(SkuStockSchema),
});
export type StyleStock = z.infer<typeof StyleStockSchema>;

/** A store's place in the answer: its distance from the asking store, and how the list is ordered. */
export interface RankedStore {
  store: Store;
  distanceKm: number | null;
}

/**
 * The chain's stores as seen from `askingStoreId`: nearest first (the asking store at 0 km first), stores whose
 * distance is unknown last, by name (then id, so the order never depends on how the database listed them).
 */
export function rankStores(stores: readonly Store[], askingStoreId: string): RankedStore[] {
  const from = stores.find((s) => s.id === askingStoreId)?.coordinates;
  const ranked = stores.map((store) => ({
    store,
    distanceKm: store.id === askingStoreId ? 0 : from && store.coordinates ? Math.round(distanceKm(from, store.coordinates) * 10) / 10 : null,
  }));
  return ranked.sort(
    (a, b) =>
      (a.distanceKm ?? Number.POSITIVE_INFINITY) - (b.distanceKm ?? Number.POSITIVE_INFINITY) ||
      byAsking(a, b, askingStoreId) ||
      a.store.name.localeCompare(b.store.name) ||
      (a.store.id < b.store.id ? -1 : a.store.id > b.store.id ? 1 : 0),
  );
}

/** Another store at the same spot as the asking one (same shopping centre) still comes after it. */
const byAsking = (a: RankedStore, b: RankedStore, askingStoreId: string) =>
  a.store.id === askingStoreId ? -1 : b.store.id === askingStoreId ? 1 : 0;

/** One SKU's answer over the ranked stores; a store with no level for it has 0 of everything. */
export function skuStock(sku: string, ranked: readonly RankedStore[], levels: ReadonlyMap<string, StockLevel>, at: Date): SkuStock {
  // A chain has a handful of zones and hundreds of stores: the wall clock once per zone.
  const clocks = new Map<string, LocalTime>();
  const localTime = (zone: string) => {
    let t = clocks.get(zone);
    if (!t) {
      t = localTimeAt(at, zone);
      clocks.set(zone, t);
    }
    return t;
  };
  return {
    sku,
    stores: ranked.map(({ store, distanceKm }) => {
      const level = levels.get(store.id);
      return {
        storeId: store.id,
        name: store.name,
        available: level?.available ?? 0,
        onHand: level?.onHand ?? 0,
        reserved: level?.reserved ?? 0,
        distanceKm,
        openingHours: store.openingHours ?? null,
        timeZone: store.timeZone,
        openNow: store.openingHours ? isOpenAtLocal(store.openingHours, localTime(store.timeZone)) : null,
      };
    }),
  };
}
