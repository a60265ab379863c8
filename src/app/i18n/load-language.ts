import { isLanguageLoaded, registerLanguage, type Language } from './catalog.js';

/**
 * Loads a language's messages before the app shows it. Only English is in the app's first download: Portuguese comes
 * from the service worker's precache (offline too) the first time the till opens or switches to it.
 */
export async function loadLanguage(lang: Language): Promise<void> {
  if (isLanguageLoaded(lang)) return;
  if (lang === 'pt-BR') registerLanguage('pt-BR', (await import('./pt-BR.js')).ptBR);
}
