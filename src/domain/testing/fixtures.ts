import type { Product, Store } from '../catalog/schema.js';
import type { Clock } from '../kernel/clock.js';
import type { IdGenerator } from '../kernel/ids.js';

/** Test fixtures shared by domain, app and server tests. */
export const storeS1: Store = {
  id: 'S1',
  name: 'Vitrine Paulista',
  currency: 'BRL',
  locale: 'pt-BR',
  timeZone: 'America/Sao_Paulo',
  pricesIncludeTax: true,
  taxRates: { standard: 1800, reduced: 1200, exempt: 0 },
};

export const product = (over: Partial<Product> = {}): Product => ({
  sku: 'TEN-0001-42-PRE',
  barcode: '7890000000011',
  name: 'Tênis Corrida Leve',
  searchName: 'tenis corrida leve',
  brand: 'Passo',
  category: 'Calçados',
  styleCode: 'TEN-0001',
  size: '42',
  colour: 'Preto',
  price: { amount: 12990, currency: 'BRL' },
  taxClass: 'standard',
  active: true,
  ...over,
});

export const fixedClock =
  (iso = '2026-11-23T13:05:00.000-03:00'): Clock =>
  () =>
    new Date(iso);

export const sequentialIds = (prefix = 'id'): IdGenerator => {
  let n = 0;
  return () => `${prefix}-${String(++n).padStart(4, '0')}`;
};
