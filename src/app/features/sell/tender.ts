import { isCnpj, isCpf } from '../../../domain/index.js';

/** Fraction digits of a currency (2 for BRL/USD/EUR, 0 for JPY). */
export function fractionDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** The decimal separator staff type in this locale ("," in pt-BR), for amounts the till fills in for them. */
export function decimalSeparator(locale: string): string {
  try {
    return new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === 'decimal')?.value ?? '.';
  } catch {
    return '.';
  }
}

/** Minor units as staff would type them in this locale ("56,90"): what the till fills an amount field with. */
export const amountAsTyped = (minor: number, digits: number, locale: string): string =>
  (minor / 10 ** digits).toFixed(digits).replace('.', decimalSeparator(locale));

/**
 * Parses an amount typed by staff into minor units: "150", "150,5", "150.50", "1.234,56", "1,234.56".
 * The last "," or "." followed by 1–2 digits (up to the currency's fraction digits) is the decimal separator.
 */
export function parseAmount(text: string, digits = 2): number | null {
  const cleaned = text.replace(/[^\d.,]/g, '');
  if (!/\d/.test(cleaned)) return null;
  const m = digits > 0 ? new RegExp(`^(.*)[.,](\\d{1,${digits}})$`).exec(cleaned) : null;
  const whole = (m ? m[1]! : cleaned).replace(/[.,]/g, '');
  const frac = m ? m[2]!.padEnd(digits, '0') : '0'.repeat(digits);
  const value = Number((whole || '0') + frac);
  return Number.isSafeInteger(value) ? value : null;
}

/** Quick tender buttons: the exact amount, then the next round amounts a customer is likely to hand over. */
export function quickTenders(due: number, digits = 2, count = 4): number[] {
  const unit = 10 ** digits;
  const steps = [1, 5, 10, 20, 50, 100, 200, 500, 1000].map((s) => s * unit);
  const out = [due];
  for (const step of steps) {
    const rounded = Math.ceil(due / step) * step;
    if (rounded > due && !out.includes(rounded)) out.push(rounded);
    if (out.length >= count) break;
  }
  return out;
}

/** "CPF na nota" as typed ("529.982.247-25", "12.345.678/0001-95"): its digits, or why it cannot be printed. */
export type CustomerTaxIdCheck = { ok: true; digits: string | null } | { ok: false; error: 'length' | 'checkDigits' };

export function checkCustomerTaxId(text: string): CustomerTaxIdCheck {
  const digits = text.replace(/\D/g, '');
  if (digits === '' && text.trim() === '') return { ok: true, digits: null };
  if (digits.length !== 11 && digits.length !== 14) return { ok: false, error: 'length' };
  return (digits.length === 11 ? isCpf(digits) : isCnpj(digits)) ? { ok: true, digits } : { ok: false, error: 'checkDigits' };
}

/** The field errors of a refused tender, by field name (the last part of each path), first message each. */
export function fieldErrorsByName(fieldErrors: readonly { path: string; message: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of fieldErrors) {
    const name = e.path.split('.').pop() ?? e.path;
    out[name] ??= e.message;
  }
  return out;
}
