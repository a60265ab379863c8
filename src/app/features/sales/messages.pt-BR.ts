import type { salesListEn } from './messages.js';

/** Brazilian Portuguese of messages.ts: loaded only when the till is in Portuguese (src/app/i18n/pt-BR.ts). */
export const salesListPtBR: Record<keyof typeof salesListEn, string> = {
  'salesList.title': 'Vendas de hoje',
  'salesList.count': '{count} vendas',
  'salesList.count_one': '{count} venda',
  'salesList.totals': 'Totais por forma de pagamento',
  'salesList.total': 'Todas as formas',
  'salesList.tender.cash': 'Dinheiro',
  'salesList.tender.card': 'Cartão',
  'salesList.tender.pix': 'Pix',
  'salesList.tender.credit': 'Crédito na loja',
  'salesList.filters': 'Filtros',
  'salesList.search': 'Número do recibo',
  'salesList.searchPlaceholder': 'ex.: 000123 ou S1-02-000123',
  'salesList.associate': 'Vendedor',
  'salesList.anyAssociate': 'Todos',
  'salesList.status': 'Situação',
  'salesList.anyStatus': 'Qualquer situação',
  'salesList.minAmount': 'De',
  'salesList.maxAmount': 'Até',
  'salesList.clear': 'Limpar filtros',
  'salesList.none': 'Nenhuma venda de hoje corresponde a estes filtros.',
  'salesList.empty': 'Ainda não há vendas hoje.',
  'salesList.open': 'Abrir o recibo {number}',
  'salesList.items': '{count} itens',
  'salesList.items_one': '{count} item',
};
