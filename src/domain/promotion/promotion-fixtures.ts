import type { Promotion, PromotionRule } from './schema.js';

/** A promotion for tests: in force in every store through 2026, non-stackable, priority 0, unless told otherwise. */
export function promotion(id: string, rule: PromotionRule, over: Partial<Promotion> = {}): Promotion {
  const hasAmount = rule.kind === 'item_amount' || rule.kind === 'cart_amount' || rule.kind === 'spend_over';
  return {
    id,
    name: `Promo ${id}`,
    stores: null,
    audience: [],
    currency: hasAmount ? 'BRL' : null,
    validFrom: '2026-01-01T00:00:00.000Z',
    validTo: '2027-01-01T00:00:00.000Z',
    active: true,
    priority: 0,
    stackable: false,
    rule,
    ...over,
  };
}

export const onSkus = (...skus: string[]) => ({ skus, categories: [] as string[] });
export const onCategories = (...categories: string[]) => ({ skus: [] as string[], categories });
