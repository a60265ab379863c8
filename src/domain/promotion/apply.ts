import type { LineDiscount } from '../sale/schema.js';

/** What the promotion engine reads of a cart line. */
export interface PromotableLine {
  sku: string;
  category?: string;
  quantity: number;
  unitPrice: number;
}

/** A promotion that gave something on this cart, for the cart view and the receipt. */
export interface AppliedPromotion {
  promotionId: string;
  name: string;
  amount: number;
}

export interface PromotionContext {
  storeId: string;
  /** ISO instant the cart is priced at (the device's clock: a promotion's dates are the store's, not an ordering). */
  at: string;
}

/**
 * The promotions a cart earns, as one list of promotion discounts per line (cart-wide ones shared out to the lines)
 * and the promotions that applied. (Placeholder: no promotions yet.)
 */
export function applyPromotions(
  lines: readonly PromotableLine[],
  _promotions: readonly unknown[],
  _context: PromotionContext,
): { discounts: LineDiscount[][]; applied: AppliedPromotion[] } {
  return { discounts: lines.map(() => []), applied: [] };
}
