import type { promotionEn } from './promotion-messages.js';

/** Brazilian Portuguese of promotion-messages.ts: loaded only when the till is in Portuguese (src/app/i18n/pt-BR.ts). */
export const promotionPtBR: Record<keyof typeof promotionEn, string> = {
  'promotions.title': 'Promoções',
  'promotions.amount': '−{amount}',
  'promotions.lineLabel': 'Promoções em {name}',
};
