/**
 * The one message catalog: English (en.ts) defines the keys, every other language has all of them. The app loads a
 * language only when it is shown (load-language.ts); the server and the tests take them all (every-language.ts).
 */
import type { en } from './en.js';

export type MessageKey = keyof typeof en;
export type Messages = Record<MessageKey, string>;

export const languages = ['en', 'pt-BR'] as const;
export type Language = (typeof languages)[number];
/**
 * The languages loaded so far, added by `registerLanguage`: from load-language.ts in the app (the one shown, on
 * demand) or every-language.ts (server, tests).
 */
const loaded: Partial<Record<Language, Messages>> = {};

export function registerLanguage(lang: Language, messages: Messages): void {
  loaded[lang] = messages;
}

export const isLanguageLoaded = (lang: Language): boolean => loaded[lang] !== undefined;

/** A loaded language's messages (every-language.ts loads them all). */
export function messagesOf(lang: Language): Messages {
  const messages = loaded[lang];
  if (!messages) throw new Error(`the ${lang} messages are not loaded`);
  return messages;
}

/** What a language not loaded yet is shown in: English if loaded, else the language that is (the one on screen). */
const shownFor = (lang: Language): Partial<Messages> =>
  loaded[lang] ?? loaded.en ?? languages.map((l) => loaded[l]).find((m) => m !== undefined) ?? {};

/** The UI language for a store locale: pt-* → pt-BR, anything else → en. */
export function languageFor(locale: string | undefined): Language {
  return locale?.toLowerCase().startsWith('pt') ? 'pt-BR' : 'en';
}

const pluralRules = new Map<Language, Intl.PluralRules>();

/**
 * `{count}` selects a `<key>_one` variant where the language's plural rules say "one" and the catalog has one. Zero
 * counts in the plural: CLDR's Portuguese rule says "one" for 0 too, which read "0 venda" on a shift just opened where
 * Brazilian screens say "0 vendas".
 */
export function translate(lang: Language, key: MessageKey, params: Record<string, string | number> = {}): string {
  let chosen: MessageKey = key;
  if (typeof params.count === 'number' && params.count !== 0) {
    let rules = pluralRules.get(lang);
    if (!rules) {
      rules = new Intl.PluralRules(lang);
      pluralRules.set(lang, rules);
    }
    const variant = `${key}_${rules.select(params.count)}`;
    if (variant in shownFor(lang)) chosen = variant as MessageKey;
  }
  const template = shownFor(lang)[chosen] ?? loaded.en?.[chosen] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
