/**
 * The cart's promotion strings, spread into the one message catalog (src/app/i18n/catalog.ts) in both languages:
 * kept beside the feature so the shared catalog changes by one line each.
 */
export const promotionEn = {
  'promotions.title': 'Promotions',
  'promotions.amount': '−{amount}',
  'promotions.lineLabel': 'Promotions on {name}',
} as const;
