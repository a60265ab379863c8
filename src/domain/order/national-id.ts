import { z } from 'zod';
import { isCpf } from '../catalog/store-settings.js';

/** A CPF as a customer types it, "529.982.247-25" or "52998224725": the one CPF check (check digits, no run of one digit). */
export function isValidCpf(value: string): boolean {
  return isCpf(value.replace(/\D/g, ''));
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
