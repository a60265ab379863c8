import type { LineDiscount } from '../sale/schema.js';
import { isItemRule, type Promotion, type PromotionRule, type PromotionTarget } from './schema.js';

/** What the promotion engine reads of a cart line. */
export interface PromotableLine {
  sku: string;
  category?: string | undefined;
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
  /** The store's currency: a promotion whose amounts are in another one does not apply. Absent: not checked. */
  currency?: string | undefined;
}

export interface PromotionResult {
  /** Per line, the promotions' discounts on it (item promotions first, then its shares of cart promotions). */
  discounts: LineDiscount[][];
  /** The promotions that gave something, in the order they were applied, with what each gave in all. */
  applied: AppliedPromotion[];
}

/*
 * Precedence and stacking (ARCHITECTURE.md, "Promotions"). Device and server run this same code, so a sale's
 * promotion discounts can be reproduced to the minor unit from its lines and the promotions it names.
 *
 * 1. In force: a promotion applies when it is `active`, runs in the store (`stores` null or naming it), is in its
 *    dates (validFrom ≤ at < validTo) and, when its rule names amounts, is in the store's currency.
 * 2. Precedence: higher `priority` first, then `id` (code-unit order). It decides ties and the order stackable
 *    promotions apply in; the order of the list given does not matter, and a promotion id given twice counts once.
 * 3. Item promotions first (item_percent, item_amount, buy_x_get_y), each worked out on the lines' gross
 *    (quantity × unitPrice). Per line: the one non-stackable item promotion worth most on that line (ties: precedence),
 *    then every stackable item promotion in precedence order. buy_x_get_y counts the targeted units of the whole cart
 *    and discounts the cheapest `get` of every `buy + get`; a line where another promotion wins keeps that one.
 * 4. Cart promotions next (cart_percent, cart_amount, spend_over), worked out on what the cart costs after item
 *    promotions (a spend_over threshold is compared with that too): the one non-stackable cart promotion worth most
 *    (ties: precedence), then every stackable one in precedence order.
 * 5. Never below zero: each promotion gives at most what is left of the line (item) or of the cart (cart).
 * 6. A cart promotion's amount is shared out to the lines in proportion to what is left of each, by largest
 *    remainder (ties: the earlier line), so the shares add up to it exactly and each line's tax is on what was paid.
 * 7. Shares are rounded half up to the minor unit on each line (a percentage of a line, of the cart).
 * Manual discounts (sale/discounts.ts) come after all promotions, on what they left.
 */

/** The promotions of `promotions` in force for a cart in the store at `at` (rule 1), in precedence order (rule 2). */
export function promotionsInForce(promotions: readonly Promotion[], context: PromotionContext): Promotion[] {
  const at = Date.parse(context.at);
  return inPrecedence(
    promotions.filter(
      (p) =>
        p.active &&
        runsInStore(p, context.storeId) &&
        Date.parse(p.validFrom) <= at &&
        at < Date.parse(p.validTo) &&
        (context.currency === undefined || p.currency === null || p.currency === context.currency),
    ),
  );
}

/** Whether a promotion runs in a store. */
export const runsInStore = (p: Pick<Promotion, 'stores'>, storeId: string): boolean => p.stores === null || p.stores.includes(storeId);

/**
 * The promotions a cart earns, as one list of promotion discounts per line (cart-wide ones shared out to the lines)
 * and the promotions that applied: those in force (rule 1) under the rules above.
 */
export function applyPromotions(lines: readonly PromotableLine[], promotions: readonly Promotion[], context: PromotionContext): PromotionResult {
  return computePromotions(lines, promotionsInForce(promotions, context));
}

/**
 * Rules 2 to 7 with these promotions, taken as in force: the server re-runs it with exactly the promotions a sale
 * claims, once it has checked each was in force for the sale.
 */
export function computePromotions(lines: readonly PromotableLine[], promotions: readonly Promotion[]): PromotionResult {
  const ordered = inPrecedence(promotions);
  const gross = lines.map((l) => l.quantity * l.unitPrice);
  const left = [...gross];
  const given = lines.map(() => new Map<string, number>());
  const give = (line: number, promotionId: string, amount: number) => {
    const capped = Math.min(amount, left[line]!);
    if (capped <= 0) return;
    left[line]! -= capped;
    given[line]!.set(promotionId, (given[line]!.get(promotionId) ?? 0) + capped);
  };

  const items = ordered.filter((p) => isItemRule(p.rule));
  const offers = new Map(items.map((p) => [p.id, itemOffer(p.rule, lines, gross)]));
  lines.forEach((_, i) => {
    let best: { id: string; amount: number } | undefined;
    for (const p of items) {
      const amount = offers.get(p.id)![i]!;
      if (!p.stackable && amount > (best?.amount ?? 0)) best = { id: p.id, amount };
    }
    if (best) give(i, best.id, best.amount);
    for (const p of items) if (p.stackable) give(i, p.id, offers.get(p.id)![i]!);
  });

  const carts = ordered.filter((p) => !isItemRule(p.rule));
  const base = sum(left);
  let best: { id: string; amount: number } | undefined;
  for (const p of carts) {
    const amount = Math.min(cartOffer(p.rule, base), base);
    if (!p.stackable && amount > (best?.amount ?? 0)) best = { id: p.id, amount };
  }
  const cartOrder = [...(best ? [best] : []), ...carts.filter((p) => p.stackable).map((p) => ({ id: p.id, amount: cartOffer(p.rule, base) }))];
  for (const { id, amount } of cartOrder) {
    const shares = allocate(Math.min(amount, sum(left)), left);
    shares.forEach((share, i) => {
      give(i, id, share);
    });
  }

  const discounts = given.map((byPromotion) =>
    [...byPromotion].map(([promotionId, amount]): LineDiscount => ({ source: 'promotion', promotionId, amount })),
  );
  // Item promotions in precedence order, then cart ones in the order they applied (the best non-stackable first).
  const byId = new Map(ordered.map((p) => [p.id, p]));
  const applied = [...new Set([...items.map((p) => p.id), ...cartOrder.map((c) => c.id)])]
    .map((promotionId) => ({ promotionId, name: byId.get(promotionId)!.name, amount: sum(given.map((g) => g.get(promotionId) ?? 0)) }))
    .filter((a) => a.amount > 0);
  return { discounts, applied };
}

/** Rule 2: higher priority first, then id; one promotion per id (the first in that order). */
function inPrecedence(promotions: readonly Promotion[]): Promotion[] {
  const sorted = [...promotions].sort(
    (a, b) => b.priority - a.priority || compareIds(a.id, b.id) || compareIds(JSON.stringify(a), JSON.stringify(b)),
  );
  return sorted.filter((p, i) => sorted.findIndex((q) => q.id === p.id) === i);
}
const compareIds = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const targets = (target: PromotionTarget, line: PromotableLine): boolean =>
  target.skus.includes(line.sku) || (line.category !== undefined && target.categories.includes(line.category));

/** What an item rule would give each line, on the lines' gross. */
function itemOffer(rule: PromotionRule, lines: readonly PromotableLine[], gross: readonly number[]): number[] {
  switch (rule.kind) {
    case 'item_percent':
      return lines.map((l, i) => (targets(rule.target, l) ? percentOf(gross[i]!, rule.percentBp) : 0));
    case 'item_amount':
      return lines.map((l) => (targets(rule.target, l) ? Math.min(rule.amount, l.unitPrice) * l.quantity : 0));
    case 'buy_x_get_y': {
      const offer = lines.map(() => 0);
      const targeted = lines.map((l, i) => ({ l, i })).filter(({ l }) => targets(rule.target, l));
      const units = sum(targeted.map(({ l }) => l.quantity));
      let discounted = Math.floor(units / (rule.buy + rule.get)) * rule.get;
      // The cheapest units are the ones discounted (ties: the earlier line).
      for (const { l, i } of targeted.sort((a, b) => a.l.unitPrice - b.l.unitPrice || a.i - b.i)) {
        const taken = Math.min(l.quantity, discounted);
        if (taken === 0) break;
        offer[i] = percentOf(l.unitPrice * taken, rule.percentBp);
        discounted -= taken;
      }
      return offer;
    }
    default:
      return lines.map(() => 0);
  }
}

/** What a cart rule would give on a cart costing `base` after item promotions. */
function cartOffer(rule: PromotionRule, base: number): number {
  switch (rule.kind) {
    case 'cart_percent':
      return percentOf(base, rule.percentBp);
    case 'cart_amount':
      return Math.min(rule.amount, base);
    case 'spend_over':
      if (base < rule.threshold) return 0;
      return rule.reward.kind === 'percent' ? percentOf(base, rule.reward.percentBp) : Math.min(rule.reward.amount, base);
    default:
      return 0;
  }
}

/** `bp` basis points of `amount`, rounded half up (big integers: amount × bp can pass 2^53). */
export function percentOf(amount: number, bp: number): number {
  return Number((BigInt(amount) * BigInt(bp) + 5_000n) / 10_000n);
}

/**
 * Shares `amount` out in proportion to `weights` by largest remainder (ties: the earlier index): the shares add up
 * to `amount` exactly, and none is more than its weight when `amount` ≤ Σ weights.
 */
export function allocate(amount: number, weights: readonly number[]): number[] {
  const total = BigInt(sum(weights));
  if (amount <= 0 || total === 0n) return weights.map(() => 0);
  const exact = weights.map((w) => BigInt(amount) * BigInt(w));
  const shares = exact.map((e) => Number(e / total));
  let left = amount - sum(shares);
  const byRemainder = exact.map((e, i) => ({ rest: e % total, i })).sort((a, b) => (a.rest === b.rest ? a.i - b.i : a.rest > b.rest ? -1 : 1));
  for (const { i } of byRemainder) {
    if (left <= 0) break;
    shares[i]! += 1;
    left -= 1;
  }
  return shares;
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
