import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ean13, gtinCheckDigit, isValidGtin } from './barcode.js';
import { normalizeSearchText } from './search.js';

describe('GTIN check digits', () => {
  it('matches real barcodes', () => {
    expect(isValidGtin('4006381333931')).toBe(true); // EAN-13 from the GS1 example
    expect(isValidGtin('7891000315507')).toBe(true); // a Brazilian EAN-13
    expect(isValidGtin('036000291452')).toBe(true); // UPC-A
    expect(isValidGtin('96385074')).toBe(true); // EAN-8
    expect(gtinCheckDigit('400638133393')).toBe(1);
  });

  it('rejects a code with one digit changed', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{12}$/), fc.integer({ min: 0, max: 11 }), fc.integer({ min: 1, max: 9 }), (body, at, bump) => {
        const code = ean13(body);
        const digit = (Number(code[at]) + bump) % 10;
        const changed = code.slice(0, at) + digit + code.slice(at + 1);
        expect(isValidGtin(code)).toBe(true);
        expect(isValidGtin(changed)).toBe(false);
      }),
    );
  });

  it('rejects lengths that are not GTIN lengths', () => {
    expect(isValidGtin('12345')).toBe(false);
    expect(isValidGtin('12345678901')).toBe(false);
    expect(isValidGtin('40063813339a')).toBe(false);
  });
});

describe('normalizeSearchText', () => {
  it('folds accents, case and spaces so a typed prefix matches', () => {
    expect(normalizeSearchText('  Tênis   Corrida LEVE ')).toBe('tenis corrida leve');
    expect(normalizeSearchText('Calça Jeans')).toBe('calca jeans');
  });
});
