import type { z } from 'zod';
import { fail, ok, ErrorCode, type FieldError, type Result } from '../kernel/errors.js';
import { toFieldErrors } from '../kernel/validation.js';
import { isValidCpf } from '../order/national-id.js';
import { E164PhoneSchema } from '../order/phone.js';
import { CustomerFieldsShape } from './schema.js';

/**
 * The customer form as staff fill it in on a device (strings as typed), turned into a profile's fields with one
 * error per field an associate can act on. The phone is normalised to E.164 with the store's country calling code
 * when typed without one; the CPF is asked for (and checked by its digits) only where the store's country is Brazil.
 */
export interface CustomerForm {
  name: string;
  email: string;
  phone: string;
  cpf: string;
  birthday: string;
}
export type CustomerFormField = keyof CustomerForm;

export interface CustomerFormFields {
  name: string;
  email: string | null;
  phone: string | null;
  nationalId: { kind: 'cpf'; number: string } | null;
  birthday: string | null;
}

/** Calling codes of the countries a chain is likely in; a number typed without "+" takes its store's. */
const CALLING_CODES: Readonly<Record<string, string>> = { BR: '55', PT: '351', US: '1', ES: '34', FR: '33', DE: '49', GB: '44', IT: '39', AR: '54' };

/** "(11) 98765-4321" in Brazil → "+5511987654321"; "+351 912 345 678" stays international; null when it cannot be. */
export function normalisePhone(typed: string, country: string | null): string | null {
  const compact = typed.replace(/[\s().-]/g, '');
  let e164: string;
  if (compact.startsWith('+')) e164 = compact;
  else if (compact.startsWith('00')) e164 = `+${compact.slice(2)}`;
  else {
    const code = country ? CALLING_CODES[country] : undefined;
    if (!code) return null;
    // The trunk prefix ("0 11 …" in Brazil) is not dialled from abroad.
    e164 = `+${code}${compact.replace(/^0+/, '')}`;
  }
  if (!E164PhoneSchema.safeParse(e164).success) return null;
  // A Brazilian number is a two-digit area code and 8 or 9 digits.
  if (e164.startsWith('+55') && !/^\+55\d{10,11}$/.test(e164)) return null;
  return e164;
}

export function parseCustomerForm(form: CustomerForm, country: string | null): Result<CustomerFormFields> {
  const errors: FieldError[] = [];
  const field = <T>(path: CustomerFormField, schema: z.ZodType<T>, value: unknown): T | null => {
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    errors.push(...toFieldErrors(parsed.error, [path]).map((e) => ({ ...e, path })));
    return null;
  };
  const name = field('name', CustomerFieldsShape.name, form.name) ?? '';
  const email = form.email.trim() ? field('email', CustomerFieldsShape.email, form.email.trim()) : null;
  let phone: string | null = null;
  if (form.phone.trim()) {
    phone = normalisePhone(form.phone, country);
    if (!phone) errors.push({ path: 'phone', message: 'not a phone number we can call: include the area code' });
  }
  let nationalId: CustomerFormFields['nationalId'] = null;
  if (form.cpf.trim()) {
    const digits = form.cpf.replace(/\D/g, '');
    if (country !== 'BR') errors.push({ path: 'cpf', message: 'a CPF is only taken in Brazil' });
    else if (digits.length !== 11) errors.push({ path: 'cpf', message: 'a CPF has 11 digits' });
    else if (!isValidCpf(digits)) errors.push({ path: 'cpf', message: 'CPF check digits do not match' });
    else nationalId = { kind: 'cpf', number: digits };
  }
  const birthday = form.birthday.trim() ? field('birthday', CustomerFieldsShape.birthday, form.birthday.trim()) : null;
  if (errors.length > 0) return fail(ErrorCode.VALIDATION_FAILED, errors.map((e) => `${e.path}: ${e.message}`).join('; '), errors);
  return ok({ name, email, phone, nationalId, birthday });
}
