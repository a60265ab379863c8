import { fractionDigits } from '../features/sell/tender.js';

/**
 * Building an Intl formatter costs far more than using one, and screens format on every render (the pickup queue
 * formats each row's times every second): each formatter is built once per locale and options.
 */
function cached<F>(cache: Map<string, F>, key: string, build: () => F): F {
  let formatter = cache.get(key);
  if (!formatter) {
    formatter = build();
    cache.set(key, formatter);
  }
  return formatter;
}

const numberFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const relativeFormats = new Map<string, Intl.RelativeTimeFormat>();

const dateFormat = (locale: string, options: Intl.DateTimeFormatOptions) =>
  cached(dateFormats, `${locale}|${JSON.stringify(options)}`, () => new Intl.DateTimeFormat(locale, options));

/** Integer minor units → "R$ 129,90" in the store's locale and currency. */
export function formatMoney(minor: number, store: { locale: string; currency: string }): string {
  const nf = cached(
    numberFormats,
    `${store.locale}|${store.currency}`,
    () => new Intl.NumberFormat(store.locale, { style: 'currency', currency: store.currency }),
  );
  return nf.format(minor / 10 ** fractionDigits(store.currency));
}

export function formatDateTime(iso: string | number | Date, locale: string, timeZone?: string): string {
  const date = new Date(iso);
  try {
    return dateFormat(locale, { dateStyle: 'short', timeStyle: 'medium', ...(timeZone ? { timeZone } : {}) }).format(date);
  } catch {
    return date.toISOString();
  }
}

export function formatTime(iso: string | number | Date, locale: string, timeZone?: string): string {
  try {
    return dateFormat(locale, { timeStyle: 'short', ...(timeZone ? { timeZone } : {}) }).format(new Date(iso));
  } catch {
    return new Date(iso).toISOString();
  }
}

/** A short date and time without seconds ("12/05/2025 14:30"): promised times, placed-at. */
export function formatShortDateTime(iso: string | number | Date, locale: string, timeZone?: string): string {
  try {
    return dateFormat(locale, { dateStyle: 'short', timeStyle: 'short', ...(timeZone ? { timeZone } : {}) }).format(new Date(iso));
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
  const rtf = cached(relativeFormats, locale, () => new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }));
  for (const [unit, ms] of relativeUnits) {
    if (Math.abs(diff) >= ms) return rtf.format(Math.trunc(diff / ms), unit);
  }
  return rtf.format(0, 'minute');
}
