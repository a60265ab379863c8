import { fractionDigits } from '../features/sell/tender.js';

const cache = new Map<string, Intl.NumberFormat>();

/** Integer minor units → "R$ 129,90" in the store's locale and currency. */
export function formatMoney(minor: number, store: { locale: string; currency: string }): string {
  const key = `${store.locale}|${store.currency}`;
  let nf = cache.get(key);
  if (!nf) {
    nf = new Intl.NumberFormat(store.locale, { style: 'currency', currency: store.currency });
    cache.set(key, nf);
  }
  return nf.format(minor / 10 ** fractionDigits(store.currency));
}

export function formatDateTime(iso: string | number | Date, locale: string, timeZone?: string): string {
  const date = new Date(iso);
  try {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'medium', ...(timeZone ? { timeZone } : {}) }).format(date);
  } catch {
    return date.toISOString();
  }
}

export function formatTime(iso: string | number | Date, locale: string, timeZone?: string): string {
  try {
    return new Intl.DateTimeFormat(locale, { timeStyle: 'short', ...(timeZone ? { timeZone } : {}) }).format(new Date(iso));
  } catch {
    return new Date(iso).toISOString();
  }
}
