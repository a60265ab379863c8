import type { searchEn } from './search-messages.js';

/** Brazilian Portuguese of search-messages.ts: loaded only when the till is in Portuguese (src/app/i18n/pt-BR.ts). */
export const searchPtBR: Record<keyof typeof searchEn, string> = {
  'search.count': '{shown} de {total}',
  'search.more': 'Mostrar mais {count}',
  'search.more_one': 'Mostrar mais 1',
  'search.categories': 'Filtrar por categoria',
  'search.allCategories': 'Todas ({count})',
  'search.category': '{category} ({count})',
  'search.warming': 'A busca completa está sendo preparada ({count} produtos até agora): por enquanto só o início do nome ou do SKU é encontrado.',
};
