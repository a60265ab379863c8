import { languageFor, type Language } from '../../../src/app/i18n/every-language.js';

/**
 * The page's language: the first of the phone's languages (Accept-Language, by preference) that the catalogue has,
 * else the store's. A tourist's English phone in a Brazilian store reads English; a phone asking for French reads
 * the store's Portuguese.
 */
export function pageLanguage(acceptLanguage: string | undefined, storeLocale: string | undefined): Language {
  const wanted = (acceptLanguage ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = Number(
        params
          .find((p) => p.trim().startsWith('q='))
          ?.trim()
          .slice(2) ?? '1',
      );
      return { tag: tag.trim().toLowerCase(), q: Number.isFinite(q) ? q : 0, index };
    })
    .filter((w) => w.tag && w.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of wanted) {
    if (tag === 'en' || tag.startsWith('en-')) return 'en';
    if (tag === 'pt' || tag.startsWith('pt-')) return 'pt-BR';
  }
  return languageFor(storeLocale);
}
