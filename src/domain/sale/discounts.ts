import { z } from 'zod';
import { roundDiv } from '../kernel/money.js';
import { DiscountReasonSchema, type LineDiscount } from './schema.js';

/**
 * Manual discounts: what an associate gives by hand, after the promotions, with a reason. A line discount comes off
 * that line's net after its promotions; a cart discount comes off what is left of the whole cart and is shared out
 * to the lines in proportion to their net (largest remainder, so the shares add up to the cent and each line's tax is
 * on what was really paid for it). Nothing ever goes below zero: a discount larger than what is left takes what is
 * left.
 */

/** A discount the associate typed: a share in basis points (1000 = 10 %) or an amount in minor units, with its reason. */
export const ManualDiscountSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('percent'), value: z.int().min(1).max(10_000), reason: DiscountReasonSchema }),
  z.object({ kind: z.literal('amount'), value: z.int().min(1).max(1_000_000_000_000), reason: DiscountReasonSchema }),
]);
export type ManualDiscount = z.infer<typeof ManualDiscountSchema>;

/** What manual discounts read of a line: its gross and the discounts it already has (promotions). */
export interface DiscountableLine {
  quantity: number;
  unitPrice: number;
  discounts: readonly LineDiscount[];
}

const sumOf = (discounts: readonly LineDiscount[]) => discounts.reduce((total, d) => total + d.amount, 0);
const grossOf = (line: { quantity: number; unitPrice: number }) => line.quantity * line.unitPrice;
const netOf = (line: DiscountableLine) => Math.max(0, grossOf(line) - sumOf(line.discounts));

/** What a discount takes off `base`: a percent rounds half up to the minor unit; never more than the base. */
export function manualDiscountAmount(discount: ManualDiscount, base: number): number {
  const amount = discount.kind === 'percent' ? roundDiv(base * discount.value, 10_000) : discount.value;
  return Math.max(0, Math.min(amount, base));
}

/**
 * Shares `amount` out to `weights` in proportion, by largest remainder: the shares add up to `amount` exactly, and a
 * share never exceeds its weight when `amount` ≤ the sum of the weights. Ties go to the earlier line.
 */
export function shareOut(amount: number, weights: readonly number[]): number[] {
  const total = weights.reduce((a, w) => a + w, 0);
  if (total === 0 || amount === 0) return weights.map(() => 0);
  // BigInt: amount × weight can pass 2^53 on a large cart.
  const big = { amount: BigInt(amount), total: BigInt(total) };
  const shares = weights.map((w) => Number((big.amount * BigInt(w)) / big.total));
  const remainders = weights.map((w, i) => ({ i, r: (big.amount * BigInt(w)) % big.total }));
  let left = amount - shares.reduce((a, s) => a + s, 0);
  for (const { i } of remainders.filter((x) => x.r > 0n).sort((a, b) => (b.r > a.r ? 1 : b.r < a.r ? -1 : a.i - b.i))) {
    if (left === 0) break;
    shares[i]! += 1;
    left -= 1;
  }
  return shares;
}

/**
 * Adds the manual discounts to each line's discounts (promotions first, as they were): the line's own, then its share
 * of the cart's. A discount that comes to nothing on a line (a line already free) adds no entry.
 */
export function applyManualDiscounts(
  lines: readonly DiscountableLine[],
  lineDiscounts: readonly (ManualDiscount | undefined)[],
  cartDiscount: ManualDiscount | null,
): LineDiscount[][] {
  const withLine = lines.map((line, i) => {
    const manual = lineDiscounts[i];
    const amount = manual ? manualDiscountAmount(manual, netOf(line)) : 0;
    const discounts: LineDiscount[] = [...line.discounts];
    if (manual && amount > 0) discounts.push({ source: 'manual', scope: 'line', reason: manual.reason, amount });
    return { line: { ...line, discounts }, discounts };
  });
  if (!cartDiscount) return withLine.map((l) => l.discounts);
  const nets = withLine.map((l) => netOf(l.line));
  const cartAmount = manualDiscountAmount(
    cartDiscount,
    nets.reduce((a, n) => a + n, 0),
  );
  const shares = shareOut(cartAmount, nets);
  return withLine.map((l, i) =>
    shares[i]! > 0 ? [...l.discounts, { source: 'manual', scope: 'cart', reason: cartDiscount.reason, amount: shares[i]! }] : l.discounts,
  );
}

/** The manual part of a cart's discounts, in minor units. */
export const manualDiscountTotal = (lines: readonly { discounts: readonly LineDiscount[] }[]) =>
  lines.reduce((total, line) => total + sumOf(line.discounts.filter((d) => d.source === 'manual')), 0);

/**
 * Whether the manual discounts of a cart go beyond what an associate may give alone: more than the store's
 * `discountLimitBasisPoints` of the cart's gross (quantity × unit price, before promotions). Then a manager's PIN is
 * needed. A store with no limit set has delegated nothing: every manual discount needs a manager (limit 0), the safe
 * reading for a setting that was never chosen.
 */
export function manualDiscountNeedsApproval(
  lines: readonly { quantity: number; unitPrice: number; discounts: readonly LineDiscount[] }[],
  limitBasisPoints: number | undefined,
): boolean {
  const manual = manualDiscountTotal(lines);
  if (manual === 0) return false;
  const gross = lines.reduce((total, line) => total + grossOf(line), 0);
  return manual * 10_000 > (limitBasisPoints ?? 0) * gross;
}

/** What a manager approved: the manual discount total they saw, and the cart's gross at that moment. */
export interface DiscountApproval {
  amount: number;
  gross: number;
}

type PricedLine = { quantity: number; unitPrice: number; discounts: readonly LineDiscount[] };

export const discountApprovalOf = (lines: readonly PricedLine[]): DiscountApproval => ({
  amount: manualDiscountTotal(lines),
  gross: lines.reduce((total, line) => total + grossOf(line), 0),
});

/**
 * Whether a manager's approval still covers the cart: its manual discounts are no more than the manager saw, in
 * amount and in share of the gross. A fixed discount on a cart that lost lines since is a larger share: the PIN again.
 */
export function discountApprovalCovers(approval: DiscountApproval, lines: readonly PricedLine[]): boolean {
  const now = discountApprovalOf(lines);
  return now.amount <= approval.amount && now.amount * approval.gross <= approval.amount * now.gross;
}
