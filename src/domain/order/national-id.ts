import { z } from 'zod';

/**
 * Brazil's CPF: 11 digits, the last two check digits of the first nine (mod 11). A number of one repeated digit
 * passes the arithmetic but is never issued, so it is refused too.
 */
export function isValidCpf(value: string): boolean {
  const digits = value.replace(/\D/g, '');
  if (!/^\d{11}$/.test(digits) || /^(\d)\1{10}$/.test(digits)) return false;
  const checkDigit = (length: number) => {
    let sum = 0;
    for (let i = 0; i < length; i++) sum += Number(digits[i]) * (length + 1 - i);
    const rest = (sum * 10) % 11;
    return rest === 10 ? 0 : rest;
  };
  return checkDigit(9) === Number(digits[9]) && checkDigit(10) === Number(digits[10]);
}

/** A customer's national id as stored: digits only. Only CPF today; other countries' ids add a `kind`. */
export const NationalIdSchema = z.object({
  kind: z.literal('cpf'),
  number: z
    .string()
    .regex(/^\d{11}$/, 'must be 11 digits')
    .refine(isValidCpf, 'CPF check digits do not match'),
});
export type NationalId = z.infer<typeof NationalIdSchema>;

/** As a platform sends it: "123.456.789-09" or "12345678909", kept as digits. */
export const NationalIdInputSchema = z.object({
  kind: z.literal('cpf'),
  number: z
    .string()
    .regex(/^(\d{3}\.?\d{3}\.?\d{3}-?\d{2})$/, 'must be 11 digits, optionally as 000.000.000-00')
    .transform((v) => v.replace(/\D/g, ''))
    .refine(isValidCpf, 'CPF check digits do not match'),
});
