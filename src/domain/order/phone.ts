import { z } from 'zod';

/** A phone number in E.164: "+" and 8 to 15 digits, the country calling code first ("+5511987654321"). */
export const E164PhoneSchema = z.string().regex(/^\+[1-9]\d{7,14}$/, 'must be in international format, e.g. +5511987654321');

/** As a platform may send it ("+55 (11) 98765-4321"): spaces, dots, dashes and brackets are dropped. */
export const PhoneInputSchema = z
  .string()
  .max(32)
  .transform((v) => v.replace(/[\s().-]/g, ''))
  .pipe(E164PhoneSchema);

export const phoneDigits = (phone: string): string => phone.replace(/\D/g, '');

/**
 * ITU country calling codes form a prefix code: 1 and 7 are one digit, these are two, every other is three. That is
 * all it takes to split an E.164 number into its country code and national number.
 */
const TWO_DIGIT_CALLING_CODES = new Set(
  '20 27 30 31 32 33 34 36 39 40 41 43 44 45 46 47 48 49 51 52 53 54 55 56 57 58 60 61 62 63 64 65 66 81 82 84 86 90 91 92 93 94 95 98'.split(' '),
);

/** The national number of an E.164 phone, digits only ("+5511987654321" → "11987654321"): what staff type. */
export function nationalNumber(e164: string): string {
  const digits = phoneDigits(e164);
  const codeLength = digits[0] === '1' || digits[0] === '7' ? 1 : TWO_DIGIT_CALLING_CODES.has(digits.slice(0, 2)) ? 2 : 3;
  return digits.slice(codeLength);
}
