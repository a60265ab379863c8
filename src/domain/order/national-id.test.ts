import { describe, expect, it } from 'vitest';
import { isValidCpf, NationalIdInputSchema } from './national-id.js';
import { nationalNumber, PhoneInputSchema } from './phone.js';

describe('CPF', () => {
  it('accepts numbers whose check digits match, formatted or not', () => {
    expect(isValidCpf('529.982.247-25')).toBe(true);
    expect(isValidCpf('52998224725')).toBe(true);
    expect(NationalIdInputSchema.parse({ kind: 'cpf', number: '529.982.247-25' })).toEqual({ kind: 'cpf', number: '52998224725' });
  });

  it('refuses a wrong check digit, a repeated digit and a wrong length', () => {
    expect(isValidCpf('52998224724')).toBe(false);
    expect(isValidCpf('52998224735')).toBe(false);
    expect(isValidCpf('11111111111')).toBe(false);
    expect(isValidCpf('5299822472')).toBe(false);
    const parsed = NationalIdInputSchema.safeParse({ kind: 'cpf', number: '529.982.247-24' });
    expect(parsed.error?.issues[0]?.message).toBe('CPF check digits do not match');
  });
});

describe('phone', () => {
  it('keeps an international number and drops its punctuation', () => {
    expect(PhoneInputSchema.parse('+55 (11) 98765-4321')).toBe('+5511987654321');
    expect(PhoneInputSchema.safeParse('(11) 98765-4321').success).toBe(false);
  });

  it('splits off the country calling code, whatever its length', () => {
    expect(nationalNumber('+5511987654321')).toBe('11987654321');
    expect(nationalNumber('+14155550123')).toBe('4155550123');
    expect(nationalNumber('+351912345678')).toBe('912345678');
    expect(nationalNumber('+447911123456')).toBe('7911123456');
  });
});
