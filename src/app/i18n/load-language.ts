import { isLanguageLoaded, registerLanguage, type Language } from './catalog.js';

/**
 * Loads a language's messages before the app shows it, from the service worker's precache (offline too): the first
 * download holds no language, and a till in Portuguese never loads English (nor one in English Portuguese).
 */
export async function loadLanguage(lang: Language): Promise<void> {
  if (isLanguageLoaded(lang)) return;
  if (lang === 'en') registerLanguage('en', (await import('./en.js')).en);
  if (lang === 'pt-BR') registerLanguage('pt-BR', (await import('./pt-BR.js')).ptBR);
}
