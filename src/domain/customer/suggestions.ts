import type { Product } from '../catalog/schema.js';
import type { StockLevel } from '../stock/schema.js';
import type { CustomerProfile } from './schema.js';
import type { WishlistItem } from './wishlist.js';

/**
 * What the book suggests an associate does, computed on the device from what it holds (pure, no I/O):
 * - a wishlist item back in stock: out when the customer asked (`availableThen` ≤ 0), available now;
 * - a size that just arrived: a style the customer bought or wished, in their size for its category, available and
 *   stocked within the last `ARRIVAL_DAYS`;
 * - a customer not seen for `NOT_SEEN_DAYS` (who has been seen before);
 * - a birthday within `BIRTHDAY_DAYS`.
 * Each has a stable `key`; a task made from it carries the key, and a handled key is not suggested again.
 */
export type SuggestionKind = 'birthday' | 'wishlist_in_stock' | 'size_arrived' | 'not_seen';
export interface Suggestion {
  key: string;
  kind: SuggestionKind;
  customerId: string;
  /** The item (wishlist_in_stock, size_arrived). */
  sku: string | null;
  /** Days until the birthday, or since the last visit. */
  days: number | null;
}

export const NOT_SEEN_DAYS = 90;
export const BIRTHDAY_DAYS = 7;
export const ARRIVAL_DAYS = 7;

export type SuggestionProduct = Pick<Product, 'sku' | 'category' | 'styleCode' | 'size'>;

export interface SuggestionInput {
  /** The store's calendar date, "2026-11-26". */
  today: string;
  customers: readonly Pick<CustomerProfile, 'id' | 'birthday' | 'sizes'>[];
  /** The customer's last visit (a purchase or a pickup), an ISO instant, or null when never seen. */
  lastVisit(customerId: string): string | null;
  wishlists: ReadonlyMap<string, readonly WishlistItem[]>;
  /** The styles the customer bought or wished. */
  stylesOf(customerId: string): readonly string[];
  /** The products the suggestions may name (wished SKUs and the variants of the styles above). */
  products: readonly SuggestionProduct[];
  /** This store's levels by SKU. */
  levels: ReadonlyMap<string, Pick<StockLevel, 'available' | 'updatedAt'>>;
  /** Keys already turned into a task. */
  handled: ReadonlySet<string>;
}

const DAY = 86_400_000;
const dayNumber = (date: string) => Math.floor(Date.parse(`${date.slice(0, 10)}T00:00:00Z`) / DAY);

/** Days from `today` to the next birthday (0 today), a 29 February falling on the 28th in other years. */
export function daysToBirthday(birthday: string, today: string): number {
  const [, month, day] = birthday.split('-').map(Number) as [number, number, number];
  const year = Number(today.slice(0, 4));
  const on = (y: number) => {
    const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
    const d = month === 2 && day === 29 && !leap ? 28 : day;
    return dayNumber(`${y}-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
  };
  const t = dayNumber(today);
  return on(year) >= t ? on(year) - t : on(year + 1) - t;
}

export function suggestFollowUps(input: SuggestionInput): Suggestion[] {
  const t = dayNumber(input.today);
  const bySku = new Map(input.products.map((p) => [p.sku, p]));
  const byStyle = new Map<string, SuggestionProduct[]>();
  for (const p of input.products) byStyle.set(p.styleCode, [...(byStyle.get(p.styleCode) ?? []), p]);
  const out: Suggestion[] = [];
  const add = (s: Suggestion) => {
    if (!input.handled.has(s.key)) out.push(s);
  };
  const inStock = (sku: string) => (input.levels.get(sku)?.available ?? 0) > 0;

  for (const c of input.customers) {
    if (c.birthday) {
      const days = daysToBirthday(c.birthday, input.today);
      const year = new Date((t + days) * DAY).getUTCFullYear();
      if (days <= BIRTHDAY_DAYS) add({ key: `birthday:${c.id}:${year}`, kind: 'birthday', customerId: c.id, sku: null, days });
    }
    const wished = input.wishlists.get(c.id) ?? [];
    const wishedSkus = new Set(wished.map((w) => w.sku));
    for (const w of wished) {
      if (w.availableThen <= 0 && inStock(w.sku)) {
        add({ key: `wishlist:${c.id}:${w.sku}`, kind: 'wishlist_in_stock', customerId: c.id, sku: w.sku, days: null });
      }
    }
    const styles = new Set([...input.stylesOf(c.id), ...wished.flatMap((w) => bySku.get(w.sku)?.styleCode ?? [])]);
    for (const style of styles) {
      for (const p of byStyle.get(style) ?? []) {
        if (p.size === null || wishedSkus.has(p.sku)) continue;
        const fits = c.sizes.some((s) => s.category.toLowerCase() === p.category.toLowerCase() && s.size.toLowerCase() === p.size!.toLowerCase());
        const level = input.levels.get(p.sku);
        if (!fits || !level || level.available <= 0 || t - dayNumber(level.updatedAt) > ARRIVAL_DAYS) continue;
        add({ key: `size:${c.id}:${p.sku}`, kind: 'size_arrived', customerId: c.id, sku: p.sku, days: null });
      }
    }
    const last = input.lastVisit(c.id);
    if (last) {
      const days = t - dayNumber(last);
      if (days >= NOT_SEEN_DAYS) add({ key: `not-seen:${c.id}:${last.slice(0, 10)}`, kind: 'not_seen', customerId: c.id, sku: null, days });
    }
  }
  const rank: Record<SuggestionKind, number> = { birthday: 0, wishlist_in_stock: 1, size_arrived: 2, not_seen: 3 };
  return out.sort((a, b) => rank[a.kind] - rank[b.kind] || (a.days ?? 0) - (b.days ?? 0));
}
