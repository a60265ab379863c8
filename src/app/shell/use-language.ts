import { useEffect, useState } from 'preact/hooks';
import { isLanguageLoaded, languageFor, languages, type Language } from '../i18n/index.js';
import { loadLanguage } from '../i18n/load-language.js';

/** The language chosen on this device (the switcher), and the one last shown (so a reload starts in it). */
const CHOSEN_KEY = 'vitrine.lang';
const SHOWN_KEY = 'vitrine.lang.shown';

function stored(key: string): Language | null {
  try {
    const value = localStorage.getItem(key);
    return (languages as readonly string[]).includes(value ?? '') ? (value as Language) : null;
  } catch {
    return null;
  }
}

function store(key: string, language: Language): void {
  try {
    localStorage.setItem(key, language);
  } catch {
    /* private mode: it lasts for this page */
  }
}

const browserLanguage = () => languageFor(typeof navigator !== 'undefined' ? navigator.language : 'en');

/** The language the app will most likely open in, before the store's settings are read: loaded while the database opens. */
export const likelyLanguage = (): Language => stored(CHOSEN_KEY) ?? stored(SHOWN_KEY) ?? browserLanguage();

/**
 * The UI language: the one chosen on this device if any (kept across reloads), else the store's locale, else the one
 * last shown, else the browser's. A language not loaded yet is loaded first; until then the one shown stays, never a half-translated
 * screen. Sets the document's `lang` so screen readers pronounce it right.
 */
export function useLanguage(storeLocale: string | undefined): [Language, (language: Language) => void] {
  const [chosen, setChosen] = useState<Language | null>(() => stored(CHOSEN_KEY));
  // Before the store's settings are read (the first renders of a start), the language the app opened in: asking for
  // the browser's there would download a language the store does not speak.
  const [openedIn] = useState(likelyLanguage);
  const wanted = chosen ?? (storeLocale ? languageFor(storeLocale) : openedIn);
  // Until the wanted language loads, the one main.tsx loaded before the first render.
  const [shown, setShown] = useState<Language>(() => (isLanguageLoaded(wanted) ? wanted : (languages.find(isLanguageLoaded) ?? 'en')));
  useEffect(() => {
    let live = true;
    loadLanguage(wanted).then(
      () => live && setShown(wanted),
      // Offline before the service worker ever cached it: the screen stays in the language it is in.
      (error: unknown) => console.warn(`language ${wanted} could not be loaded`, error),
    );
    return () => {
      live = false;
    };
  }, [wanted]);
  useEffect(() => {
    document.documentElement.lang = shown;
    store(SHOWN_KEY, shown);
  }, [shown]);
  const choose = (next: Language) => {
    setChosen(next);
    store(CHOSEN_KEY, next);
  };
  return [shown, choose];
}
