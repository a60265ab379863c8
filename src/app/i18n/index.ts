import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { translate, type Language, type MessageKey } from './catalog.js';
import { formatDateTime, formatMoney, formatTime } from './format.js';

export * from './catalog.js';
export * from './format.js';

export interface I18n {
  lang: Language;
  t: (key: MessageKey, params?: Record<string, string | number>) => string;
  money: (minor: number) => string;
  dateTime: (iso: string | number) => string;
  time: (iso: string | number) => string;
}

/** Money in the store's locale and currency; dates in the UI language, in the store's time zone. */
export function makeI18n(lang: Language, store?: { locale: string; currency: string; timeZone?: string }): I18n {
  const moneyCtx = store ?? { locale: lang, currency: 'BRL' };
  return {
    lang,
    t: (key, params) => translate(lang, key, params),
    money: (minor) => formatMoney(minor, moneyCtx),
    dateTime: (iso) => formatDateTime(iso, lang, store?.timeZone),
    time: (iso) => formatTime(iso, lang, store?.timeZone),
  };
}

export const I18nContext = createContext<I18n>(makeI18n('en'));
export const useI18n = () => useContext(I18nContext);
