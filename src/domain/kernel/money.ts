import { z } from 'zod';

/** ISO 4217 code, e.g. "BRL". Every amount travels with its currency. */
export const CurrencyCodeSchema = z.string().regex(/^[A-Z]{3}$/, 'must be a three-letter ISO 4217 code');

/** Integer minor units (centavos, cents): floats never touch money. */
export const MinorUnitsSchema = z.int().min(-1_000_000_000_000).max(1_000_000_000_000);

export const MoneySchema = z.object({
  amount: MinorUnitsSchema,
  currency: CurrencyCodeSchema,
});
export type Money = z.infer<typeof MoneySchema>;

export function money(amount: number, currency: string): Money {
  if (!Number.isSafeInteger(amount)) throw new RangeError(`money amount must be an integer of minor units, got ${amount}`);
  return { amount, currency };
}

/**
 * Rounds a non-negative rational amount to the nearest minor unit, halves away from zero.
 * Takes numerator and denominator so callers never build a float amount first.
 */
export function roundDiv(numerator: number, denominator: number): number {
  if (denominator <= 0) throw new RangeError('denominator must be positive');
  const sign = numerator < 0 ? -1 : 1;
  const n = Math.abs(numerator);
  const q = Math.floor(n / denominator);
  const r = n - q * denominator;
  return sign * (r * 2 >= denominator ? q + 1 : q);
}
