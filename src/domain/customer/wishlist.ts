import type { Fact } from '../fact/schema.js';
import { inFoldOrder, type ResolveCustomerId } from './clienteling-order.js';
import { CustomerWishlistChangedPayloadSchema } from './clienteling-facts.js';

/** An item a customer wants: the SKU (size and colour), since when, and the units available when they asked. */
export interface WishlistItem {
  sku: string;
  since: string;
  availableThen: number;
  by: string;
}

/** Each customer's wishlist from the store's customer.wishlist-changed facts (the last change per SKU wins). */
export function wishlistsOf(facts: readonly Fact[], resolve: ResolveCustomerId = (id) => id): Map<string, WishlistItem[]> {
  const wanted = new Map<string, Map<string, WishlistItem>>();
  for (const f of inFoldOrder(facts.filter((x) => x.kind === 'customer.wishlist-changed'))) {
    const p = CustomerWishlistChangedPayloadSchema.safeParse(f.payload);
    if (!p.success) continue;
    const id = resolve(f.subjectId);
    const items = wanted.get(id) ?? new Map<string, WishlistItem>();
    if (p.data.wanted) {
      items.set(p.data.sku, {
        sku: p.data.sku,
        since: f.outcome?.decidedAt ?? f.createdAtDevice,
        availableThen: p.data.availableThen,
        by: f.associateId,
      });
    } else items.delete(p.data.sku);
    wanted.set(id, items);
  }
  return new Map([...wanted].flatMap(([id, items]): [string, WishlistItem[]][] => (items.size > 0 ? [[id, [...items.values()]]] : [])));
}
