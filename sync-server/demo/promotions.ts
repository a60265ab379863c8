import type { PromotionInput } from '../../src/domain/index.js';

const DAY_MS = 86_400_000;

/**
 * The demo chain's promotions, running from the day before the seed for a year: one of each family the till shows
 * (buy X get Y, an item share in some stores, a stackable spend-over), on categories of the demo catalog.
 */
export function demoPromotions(at: string): PromotionInput[] {
  const validFrom = new Date(Date.parse(at) - DAY_MS).toISOString();
  const validTo = new Date(Date.parse(at) + 365 * DAY_MS).toISOString();
  const common = { validFrom, validTo, active: true } as const;
  return [
    {
      ...common,
      id: 'DEMO-MEIAS-3X2',
      name: 'Meias: leve 3, pague 2',
      stores: null,
      currency: null,
      priority: 10,
      stackable: false,
      rule: { kind: 'buy_x_get_y', target: { skus: [], categories: ['Meias e Íntimos'] }, buy: 2, get: 1, percentBp: 10_000 },
    },
    {
      ...common,
      id: 'DEMO-CALCADOS-10',
      name: 'Calçados 10% off',
      stores: ['S2', 'S3'],
      currency: null,
      priority: 5,
      stackable: false,
      rule: { kind: 'item_percent', target: { skus: [], categories: ['Calçados'] }, percentBp: 1_000 },
    },
    {
      ...common,
      id: 'DEMO-ACIMA-1000',
      name: 'R$ 100 off acima de R$ 1.000',
      stores: null,
      currency: 'BRL',
      priority: 0,
      stackable: true,
      rule: { kind: 'spend_over', threshold: 100_000, reward: { kind: 'amount', amount: 10_000 } },
    },
  ];
}
