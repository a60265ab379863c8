import { describe, expect, it } from 'vitest';
import { parseWith } from '../kernel/validation.js';
import { StoreSchema, StoreSettingsSchema } from './schema.js';
import { isCnpj, isCpf, isPixKey, OpeningHoursSchema } from './store-settings.js';

const closedWeek = { monday: [], tuesday: [], wednesday: [], thursday: [], friday: [], saturday: [], sunday: [] };
const pathsOf = (result: ReturnType<typeof parseWith>) => (result.ok ? [] : result.error.fieldErrors.map((e) => e.path));

describe('store settings', () => {
  it('still reads a store as devices enrolled before these settings hold it', () => {
    const old = {
      id: 'S1',
      name: 'Vitrine Paulista',
      currency: 'BRL',
      locale: 'pt-BR',
      timeZone: 'America/Sao_Paulo',
      pricesIncludeTax: true,
      taxRates: { standard: 1800, reduced: 1200, exempt: 0 },
    };
    expect(StoreSchema.safeParse(old).success).toBe(true);
    // …while the chain's systems must send every setting.
    expect(pathsOf(parseWith(StoreSettingsSchema, old)).sort()).toEqual([
      'address',
      'coordinates',
      'discountLimitBasisPoints',
      'openingHours',
      'pickupHoldDays',
      'returnWindows',
    ]);
  });

  it('accepts split days and closed days, and refuses hours out of order or overlapping', () => {
    expect(
      OpeningHoursSchema.safeParse({
        ...closedWeek,
        saturday: [
          { opens: '09:00', closes: '12:00' },
          { opens: '13:00', closes: '24:00' },
        ],
      }).success,
    ).toBe(true);
    const bad = {
      ...closedWeek,
      monday: [{ opens: '9:00', closes: '18:00' }],
      tuesday: [{ opens: '18:00', closes: '09:00' }],
      friday: [
        { opens: '09:00', closes: '14:00' },
        { opens: '13:00', closes: '18:00' },
      ],
    };
    expect(pathsOf(parseWith(OpeningHoursSchema, bad))).toEqual(['monday.0.opens', 'tuesday.0.closes', 'friday.1.opens']);
  });

  it('knows the Pix key types and checks CPF and CNPJ digits', () => {
    expect(isCpf('52998224725')).toBe(true);
    expect(isCpf('52998224726')).toBe(false);
    expect(isCpf('11111111111')).toBe(false);
    expect(isCnpj('11222333000181')).toBe(true);
    expect(isCnpj('11222333000182')).toBe(false);
    for (const key of ['52998224725', '11222333000181', 'pix@vitrine.com.br', '+5511987654321', '123e4567-e89b-12d3-a456-426614174000'])
      expect(isPixKey(key), key).toBe(true);
    for (const key of ['52998224726', '11987654321x', '+1415555012', 'vitrine', '']) expect(isPixKey(key), key).toBe(false);
  });
});
