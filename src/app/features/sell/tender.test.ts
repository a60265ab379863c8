import { describe, expect, it } from 'vitest';
import { checkCustomerTaxId, decimalSeparator, fieldErrorsByName, fractionDigits, parseAmount, quickTenders } from './tender.js';

describe('tender helpers', () => {
  it('parses amounts typed in either locale', () => {
    expect(parseAmount('150')).toBe(15000);
    expect(parseAmount('150,5')).toBe(15050);
    expect(parseAmount('150.50')).toBe(15050);
    expect(parseAmount('1.234,56')).toBe(123456);
    expect(parseAmount('1,234.56')).toBe(123456);
    expect(parseAmount('R$ 20')).toBe(2000);
    expect(parseAmount('')).toBeNull();
    expect(parseAmount('500', 0)).toBe(500);
  });

  it('offers exact then round notes', () => {
    expect(quickTenders(12990)).toEqual([12990, 13000, 14000, 15000]);
    expect(quickTenders(5000)).toEqual([5000, 6000, 10000, 20000]);
    expect(fractionDigits('JPY')).toBe(0);
  });

  it('fills amounts in with the separator of the store locale, which parse back to the same amount', () => {
    expect(decimalSeparator('pt-BR')).toBe(',');
    expect(decimalSeparator('en-US')).toBe('.');
    expect(parseAmount(`130${decimalSeparator('pt-BR')}00`)).toBe(13000);
  });

  it('takes CPF na nota as typed, with or without punctuation, and refuses wrong check digits or lengths', () => {
    expect(checkCustomerTaxId('529.982.247-25')).toEqual({ ok: true, digits: '52998224725' });
    expect(checkCustomerTaxId('11.222.333/0001-81')).toEqual({ ok: true, digits: '11222333000181' });
    expect(checkCustomerTaxId('  ')).toEqual({ ok: true, digits: null });
    expect(checkCustomerTaxId('529.982.247-24')).toEqual({ ok: false, error: 'checkDigits' });
    expect(checkCustomerTaxId('111.111.111-11')).toEqual({ ok: false, error: 'checkDigits' });
    expect(checkCustomerTaxId('5299822472')).toEqual({ ok: false, error: 'length' });
  });

  it('names a refused tender’s field errors by their field', () => {
    expect(
      fieldErrorsByName([
        { path: 'last4', message: 'a' },
        { path: 'x.reference', message: 'b' },
        { path: 'last4', message: 'c' },
      ]),
    ).toEqual({
      last4: 'a',
      reference: 'b',
    });
  });
});
