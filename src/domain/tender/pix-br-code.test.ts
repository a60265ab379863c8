import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DomainError } from '../kernel/errors.js';
import { crc16Ccitt } from './crc16.js';
import { parseBrCode, pixBrCode, pixTxidFor } from './pix-br-code.js';

/** The static example of the Banco Central's "Manual de Padrões para Iniciação do Pix", with its published CRC. */
const BCB_STATIC_EXAMPLE =
  '00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D';
/** The manual's dynamic example (payment location instead of a key, amount 123.45). */
const BCB_DYNAMIC_EXAMPLE =
  '00020101021226720014br.gov.bcb.pix2550bx.com.br/pix/8b3da2f3-9a41-40d1-a91a-bd93113bd4415204000053039865406123.455802BR5913Fulano de Tal6008BRASILIA62190515RP12345678-2019630445C8';

const charge = {
  key: '123e4567-e12b-12d1-a456-426655440000',
  merchantName: 'Fulano de Tal',
  merchantCity: 'BRASILIA',
  amount: 12345,
  txid: 'VENDA42',
};

describe('CRC16-CCITT', () => {
  it('gives the catalogued check value of CRC-16/CCITT-FALSE', () => {
    expect(crc16Ccitt('123456789')).toBe('29B1');
  });

  it('equals the CRC the Banco Central published for its static and dynamic examples', () => {
    expect(crc16Ccitt(BCB_STATIC_EXAMPLE.slice(0, -4))).toBe('1D3D');
    expect(crc16Ccitt(BCB_DYNAMIC_EXAMPLE.slice(0, -4))).toBe('45C8');
  });
});

describe('parseBrCode', () => {
  it("reads the manual's static example back to its key, name, city and no amount", () => {
    const parsed = parseBrCode(BCB_STATIC_EXAMPLE);
    expect(parsed).toEqual({
      ok: true,
      value: {
        pointOfInitiation: null,
        key: '123e4567-e12b-12d1-a456-426655440000',
        url: null,
        merchantCategoryCode: '0000',
        amount: null,
        merchantName: 'Fulano de Tal',
        merchantCity: 'BRASILIA',
        txid: '***',
      },
    });
  });

  it("reads the manual's dynamic example: a payment location, single use, R$ 123,45", () => {
    const parsed = parseBrCode(BCB_DYNAMIC_EXAMPLE);
    expect(parsed.ok && parsed.value).toMatchObject({ pointOfInitiation: '12', key: null, amount: 12345, txid: 'RP12345678-2019' });
  });

  it('refuses a code altered by one character, a wrong CRC, a cut payload or another currency', () => {
    const altered = BCB_STATIC_EXAMPLE.replace('Fulano', 'Fulana');
    const cases = [altered, `${BCB_STATIC_EXAMPLE.slice(0, -4)}1D3E`, BCB_STATIC_EXAMPLE.slice(0, -10), 'hello'];
    for (const payload of cases) expect(parseBrCode(payload).ok, payload).toBe(false);
    const usd = BCB_STATIC_EXAMPLE.slice(0, -4).replace('5303986', '5303840').slice(0, -4);
    expect(parseBrCode(`${usd}6304${crc16Ccitt(`${usd}6304`)}`)).toMatchObject({ ok: false });
    const result = parseBrCode(altered);
    expect(!result.ok && result.error.message).toMatch(/CRC does not match/);
  });
});

describe('pixBrCode', () => {
  it('lays out the fields of the manual for a single-use charge with an amount and a txid', () => {
    const body =
      '000201' +
      '010212' +
      '26580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-426655440000' +
      '52040000' +
      '5303986' +
      '5406123.45' +
      '5802BR' +
      '5913Fulano de Tal' +
      '6008BRASILIA' +
      '62110507VENDA42' +
      '6304';
    expect(pixBrCode(charge)).toBe(body + crc16Ccitt(body));
  });

  it('folds accents and cuts the name to 25 and the city to 15 characters', () => {
    const payload = pixBrCode({ ...charge, merchantName: 'Calçados São João da Praça Ltda', merchantCity: 'São José dos Campos' });
    const parsed = parseBrCode(payload);
    expect(parsed.ok && parsed.value).toMatchObject({ merchantName: 'Calcados Sao Joao da Prac', merchantCity: 'Sao Jose dos Ca' });
  });

  it('writes centavos as the decimal the bank app shows: 1 centavo, R$ 10,00, R$ 1.234,50', () => {
    const amountOf = (amount: number) => {
      const parsed = parseBrCode(pixBrCode({ ...charge, amount }));
      return parsed.ok ? parsed.value.amount : null;
    };
    expect(pixBrCode({ ...charge, amount: 1 })).toContain('54040.01');
    expect(pixBrCode({ ...charge, amount: 1000 })).toContain('540510.00');
    expect(amountOf(123450)).toBe(123450);
    expect(pixBrCode({ ...charge, amount: 999_999_999_999 })).toContain('54139999999999.99');
    expect(() => pixBrCode({ ...charge, amount: 1_000_000_000_000 })).toThrow(DomainError);
  });

  it('refuses a txid longer than 25 characters or with symbols, no amount, a non-Pix key or a name with no ASCII left', () => {
    const refusals = [
      { ...charge, txid: 'A'.repeat(26) },
      { ...charge, txid: 'VENDA-42' },
      { ...charge, amount: 0 },
      { ...charge, key: 'not a key' },
      { ...charge, merchantName: '東京' },
    ];
    for (const input of refusals) expect(() => pixBrCode(input), JSON.stringify(input)).toThrow(DomainError);
  });

  it('derives a txid of at most 25 letters and digits from a tender id', () => {
    expect(pixTxidFor('019ac0f2-7d3e-7c41-9a5b-2f6e8d1c4b3a')).toBe('27d3e7c419a5b2f6e8d1c4b3a');
    expect(pixTxidFor('sale_42')).toBe('sale42');
    expect(() => pixTxidFor('---')).toThrow(DomainError);
  });

  it('any valid charge gives a payload whose CRC verifies and whose fields parse back to the charge', () => {
    const text = (max: number) =>
      fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzÁÉÍÓÚÃÕÇáéíóúãõç '), minLength: 1, maxLength: max });
    const arbKey = fc.oneof(
      fc.constant('123e4567-e12b-12d1-a456-426655440000'),
      fc.constant('+5511987654321'),
      fc.constant('loja@example.com.br'),
      fc.uuid(),
    );
    fc.assert(
      fc.property(
        arbKey,
        text(40).filter((s) => /[a-zA-ZÀ-ú]/.test(s)),
        text(30).filter((s) => /[a-zA-ZÀ-ú]/.test(s)),
        fc.integer({ min: 1, max: 999_999_999_999 }),
        fc.string({ unit: fc.constantFrom(...'ABCXYZabcxyz0123456789'), minLength: 1, maxLength: 25 }),
        (key, merchantName, merchantCity, amount, txid) => {
          const payload = pixBrCode({ key, merchantName, merchantCity, amount, txid });
          expect(crc16Ccitt(payload.slice(0, -4))).toBe(payload.slice(-4));
          const parsed = parseBrCode(payload);
          expect(parsed.ok).toBe(true);
          if (!parsed.ok) return;
          expect(parsed.value).toMatchObject({ key, amount, txid, pointOfInitiation: '12', url: null });
          expect(parsed.value.merchantName.length).toBeLessThanOrEqual(25);
          expect(parsed.value.merchantCity.length).toBeLessThanOrEqual(15);
          expect(parsed.value.merchantName).toMatch(/^[\x20-\x7e]+$/);
          expect(
            merchantName
              .normalize('NFD')
              .replace(/[\u0300-\u036f]/g, '')
              .replace(/ +/g, ' ')
              .trim(),
          ).toContain(parsed.value.merchantName);
        },
      ),
    );
  });
});
