import type { DiscountReason, LineDiscount } from './schema.js';

/** A discount the associate typed: a share in basis points (1000 = 10 %) or an amount in minor units, with its reason. */
export interface ManualDiscount {
  kind: 'percent' | 'amount';
  value: number;
  reason: DiscountReason;
}

/** What manual discounts read of a line: its gross and the discounts it already has (promotions). */
export interface DiscountableLine {
  quantity: number;
  unitPrice: number;
  discounts: readonly LineDiscount[];
}

/**
 * Adds the manual discounts (per line, then on the cart, shared out to the lines) after the promotions, never taking a
 * line below zero. (Placeholder: manual discounts are not applied yet.)
 */
export function applyManualDiscounts(
  lines: readonly DiscountableLine[],
  _lineDiscounts: readonly (ManualDiscount | undefined)[],
  _cartDiscount: ManualDiscount | null,
): LineDiscount[][] {
  return lines.map((l) => [...l.discounts]);
}

/**
 * Whether the manual discounts of a cart go beyond what an associate may give alone (the store's
 * discountLimitBasisPoints of the cart's gross): then a manager's PIN is needed. (Placeholder.)
 */
export function manualDiscountNeedsApproval(
  _lines: readonly { quantity: number; unitPrice: number; discounts: readonly LineDiscount[] }[],
  _limitBasisPoints: number | undefined,
): boolean {
  return false;
}
