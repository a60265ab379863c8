import { z } from 'zod';
import { SkuSchema, StoreIdSchema } from '../catalog/schema.js';
import { CurrencyCodeSchema, MinorUnitsSchema } from '../kernel/money.js';

/** The most a PUT carries and a promotion names: chains run tens of promotions, not thousands. */
export const PROMOTION_TARGET_MAX = 500;
export const PROMOTION_STORES_MAX = 500;

const PositiveMinor = MinorUnitsSchema.min(1);
/** A share in basis points: 1000 = 10 %, 10000 = 100 % (free). */
const BasisPoints = z.int().min(1).max(10_000);

/** What an item promotion applies to: products by SKU and/or whole categories (a line matches either). */
export const PromotionTargetSchema = z
  .object({
    skus: z.array(SkuSchema).max(PROMOTION_TARGET_MAX),
    categories: z.array(z.string().min(1).max(80)).max(PROMOTION_TARGET_MAX),
  })
  .refine((t) => t.skus.length + t.categories.length > 0, { message: 'name at least one SKU or category', path: ['skus'] });
export type PromotionTarget = z.infer<typeof PromotionTargetSchema>;

/**
 * What a promotion gives. Item rules discount the lines they target; cart rules discount the whole cart, shared out
 * to its lines (apply.ts documents the precedence and stacking).
 */
export const PromotionRuleSchema = z.discriminatedUnion('kind', [
  /** A share off each targeted item. */
  z.object({ kind: z.literal('item_percent'), target: PromotionTargetSchema, percentBp: BasisPoints }),
  /** An amount off each targeted unit (never more than its price). */
  z.object({ kind: z.literal('item_amount'), target: PromotionTargetSchema, amount: PositiveMinor }),
  /**
   * Buy `buy`, get `get` more of the same targeted items at `percentBp` off (10000 = free): in every `buy + get`
   * targeted units of the cart, the `get` cheapest are discounted.
   */
  z.object({
    kind: z.literal('buy_x_get_y'),
    target: PromotionTargetSchema,
    buy: z.int().min(1).max(99),
    get: z.int().min(1).max(99),
    percentBp: BasisPoints,
  }),
  /** A share off the cart. */
  z.object({ kind: z.literal('cart_percent'), percentBp: BasisPoints }),
  /** An amount off the cart (never more than it costs). */
  z.object({ kind: z.literal('cart_amount'), amount: PositiveMinor }),
  /** When the cart comes to `threshold` or more (after item promotions), a share or an amount off the cart. */
  z.object({
    kind: z.literal('spend_over'),
    threshold: PositiveMinor,
    reward: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('percent'), percentBp: BasisPoints }),
      z.object({ kind: z.literal('amount'), amount: PositiveMinor }),
    ]),
  }),
]);
export type PromotionRule = z.infer<typeof PromotionRuleSchema>;
export type PromotionRuleKind = PromotionRule['kind'];

const ITEM_KINDS: ReadonlySet<PromotionRuleKind> = new Set(['item_percent', 'item_amount', 'buy_x_get_y']);
export const isItemRule = (rule: PromotionRule): rule is Extract<PromotionRule, { kind: 'item_percent' | 'item_amount' | 'buy_x_get_y' }> =>
  ITEM_KINDS.has(rule.kind);

/** Whether a rule names an amount of money (an amount off, a threshold), and so only makes sense in one currency. */
export const ruleHasAmount = (rule: PromotionRule): boolean =>
  rule.kind === 'item_amount' || rule.kind === 'cart_amount' || rule.kind === 'spend_over';

export const PromotionIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_.:-]+$/, 'letters, digits, ".", ":", "-" and "_" only');

/** A promotion as the chain's systems send it (PUT /api/promotions). */
const promotionFields = {
  id: PromotionIdSchema,
  /** Shown on the cart and printed on the receipt. */
  name: z.string().trim().min(1).max(80),
  /** The stores it runs in; null: every store of the chain. */
  stores: z.array(StoreIdSchema).min(1).max(PROMOTION_STORES_MAX).nullable(),
  /** The currency of the rule's amounts (and threshold); null for rules that are only shares. */
  currency: CurrencyCodeSchema.nullable(),
  /** It applies from `validFrom` (included) to `validTo` (excluded). */
  validFrom: z.iso.datetime({ offset: true }),
  validTo: z.iso.datetime({ offset: true }),
  /**
   * Off: never applies, and a sale claiming it is refused. To end a promotion that ran, set `validTo` instead: sales
   * rung up offline while it ran are then still honoured.
   */
  active: z.boolean(),
  /** Higher first: breaks ties between promotions worth the same, and orders stackable ones. */
  priority: z.int().min(0).max(1_000),
  /** Stackable promotions add on top of the best non-stackable one (apply.ts). */
  stackable: z.boolean(),
  rule: PromotionRuleSchema,
};

type PromotionFields = z.infer<z.ZodObject<typeof promotionFields>>;
function checkPromotion(p: PromotionFields, ctx: z.RefinementCtx): void {
  if (Date.parse(p.validFrom) >= Date.parse(p.validTo)) {
    ctx.addIssue({ code: 'custom', message: 'validTo must be after validFrom', path: ['validTo'] });
  }
  if (ruleHasAmount(p.rule) && p.currency === null) {
    ctx.addIssue({ code: 'custom', message: `${p.rule.kind} names an amount: say its currency`, path: ['currency'] });
  }
  if (p.stores && new Set(p.stores).size !== p.stores.length) {
    ctx.addIssue({ code: 'custom', message: 'a store is named twice', path: ['stores'] });
  }
}

export const PromotionInputSchema = z.object(promotionFields).superRefine(checkPromotion);
export type PromotionInput = z.infer<typeof PromotionInputSchema>;

/**
 * A promotion as the server keeps it and devices hold it (the `promotions` collection). `audience` is the server's:
 * the stores whose devices receive it, `stores` or, for a chain-wide promotion, every store when it was last
 * written (a PUT of the same promotions after a new store opened reaches that store too).
 */
export const PromotionSchema = z
  .object({ ...promotionFields, audience: z.array(StoreIdSchema).max(10_000) })
  .superRefine((p, ctx) => checkPromotion(p, ctx));
export type Promotion = z.infer<typeof PromotionSchema>;

/** Lookup keys of the `promotions` collection: the chain-wide ones, which a store opened later must also receive. */
export const CHAIN_WIDE = 'chain';
export const promotionLookupValues = {
  reach: (p: Promotion): readonly string[] => (p.stores === null ? [CHAIN_WIDE] : []),
};
