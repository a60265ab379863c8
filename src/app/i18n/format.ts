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

/** A short date and time without seconds ("12/05/2025 14:30"): promised times, placed-at. */
export function formatShortDateTime(iso: string | number | Date, locale: string, timeZone?: string): string {
  try {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short', ...(timeZone ? { timeZone } : {}) }).format(new Date(iso));
  } catch {
    return new Date(iso).toISOString();
  }
}

const relativeUnits: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/** "in 45 minutes", "3 hours ago", "now": the largest whole unit of the distance between two instants. */
export function formatRelative(at: string | number | Date, now: number, locale: string): string {
  const diff = new Date(at).getTime() - now;
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  for (const [unit, ms] of relativeUnits) {
    if (Math.abs(diff) >= ms) return rtf.format(Math.trunc(diff / ms), unit);
  }
  return rtf.format(0, 'minute');
}
