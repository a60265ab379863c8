import { useEffect, useState } from 'preact/hooks';
import { languageFor, languages, type Language } from '../i18n/index.js';

const LANG_KEY = 'vitrine.lang';

function storedLanguage(): Language | null {
  try {
    const value = localStorage.getItem(LANG_KEY);
    return (languages as readonly string[]).includes(value ?? '') ? (value as Language) : null;
  } catch {
    return null;
  }
}

/**
 * The UI language: the one chosen on this device if any (kept across reloads), else the store's locale, else the
 * browser's. Sets the document's `lang` so screen readers pronounce it right.
 */
export function useLanguage(storeLocale: string | undefined): [Language, (language: Language) => void] {
  const [chosen, setChosen] = useState<Language | null>(storedLanguage);
  const language = chosen ?? languageFor(storeLocale ?? (typeof navigator !== 'undefined' ? navigator.language : 'en'));
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  const choose = (next: Language) => {
    setChosen(next);
    try {
      localStorage.setItem(LANG_KEY, next);
    } catch {
      /* private mode: the choice lasts for this page */
    }
  };
  return [language, choose];
}
