import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { translate, type Language, type MessageKey } from './catalog.js';
import { formatDateTime, formatMoney, formatRelative, formatShortDateTime, formatTime } from './format.js';

export * from './catalog.js';
export * from './format.js';

export interface I18n {
  lang: Language;
  t: (key: MessageKey, params?: Record<string, string | number>) => string;
  /** In the store's currency, or in `currency` (an order of another store's country). */
  money: (minor: number, currency?: string) => string;
  dateTime: (iso: string | number) => string;
  shortDateTime: (iso: string | number) => string;
  time: (iso: string | number) => string;
  /** "in 45 minutes", "3 hours ago", relative to `now` (ms). */
  relative: (iso: string | number, now: number) => string;
}

/** Money in the store's locale and currency; dates in the UI language, in the store's time zone. */
export function makeI18n(lang: Language, store?: { locale: string; currency: string; timeZone?: string }): I18n {
  const moneyCtx = store ?? { locale: lang, currency: 'BRL' };
  return {
    lang,
    t: (key, params) => translate(lang, key, params),
    money: (minor, currency) => formatMoney(minor, currency ? { ...moneyCtx, currency } : moneyCtx),
    dateTime: (iso) => formatDateTime(iso, lang, store?.timeZone),
    shortDateTime: (iso) => formatShortDateTime(iso, lang, store?.timeZone),
    time: (iso) => formatTime(iso, lang, store?.timeZone),
    relative: (iso, now) => formatRelative(iso, now, lang),
  };
}

export const I18nContext = createContext<I18n>(makeI18n('en'));
export const useI18n = () => useContext(I18nContext);

/** Where a language switcher anywhere in the app sends the choice (App provides it). */
export const ChooseLanguageContext = createContext<(language: Language) => void>(() => undefined);
export const useChooseLanguage = () => useContext(ChooseLanguageContext);
