import { roundDiv, type OrderIntakeInput, type Product, type TaxRates } from '../../src/domain/index.js';
import type { Random } from './prng.js';

/**
 * Realistic online orders for the demo seed and `npm run simulate-orders`: a Brazilian customer (valid CPF, mobile
 * phone), one to three products at their catalog price, sometimes a coupon, paid by Pix, card or boleto, for pickup
 * at the counter or curbside, or shipped. The figures add up the way a platform computes them (tax included).
 */
export type DemoFulfilment = { type: 'pickup'; storeId: string; mode: 'counter' | 'curbside' } | { type: 'ship' };

export interface DemoOrderSpec {
  number: string;
  products: readonly Product[];
  fulfilment: DemoFulfilment;
  taxRates: TaxRates;
  /** When the order is placed; the promise is counted from it. */
  now: Date;
}

const FIRST_NAMES = [
  'Ana',
  'Bruno',
  'Carla',
  'Diego',
  'Elisa',
  'Felipe',
  'Gabriela',
  'Henrique',
  'Isabela',
  'João',
  'Larissa',
  'Marcos',
  'Natália',
  'Otávio',
  'Paula',
  'Rafael',
];
const LAST_NAMES = ['Souza', 'Oliveira', 'Santos', 'Lima', 'Pereira', 'Costa', 'Almeida', 'Ferreira', 'Rodrigues', 'Gomes', 'Barbosa', 'Ribeiro'];
const AREA_CODES = ['11', '21', '31', '41', '51', '61', '71', '81'];
const ADDRESSES = [
  { street: 'Rua Augusta', district: 'Consolação', city: 'São Paulo', region: 'SP', postalCode: '01305-000' },
  { street: 'Avenida Afonso Pena', district: 'Centro', city: 'Belo Horizonte', region: 'MG', postalCode: '30130-001' },
  { street: 'Rua XV de Novembro', district: 'Centro', city: 'Curitiba', region: 'PR', postalCode: '80020-310' },
  { street: 'Rua Voluntários da Pátria', district: 'Botafogo', city: 'Rio de Janeiro', region: 'RJ', postalCode: '22270-010' },
];
const HOUR = 3_600_000;

export function makeDemoOrder(rnd: Random, spec: DemoOrderSpec): OrderIntakeInput {
  const first = rnd.pick(FIRST_NAMES);
  const last = rnd.pick(LAST_NAMES);
  const items = rnd.sample(spec.products, Math.min(spec.products.length, rnd.int(1, 3)));
  const lines = items.map((p) => {
    const quantity = rnd.next() < 0.8 ? 1 : 2;
    const gross = p.price.amount * quantity;
    const discount = rnd.next() < 0.2 ? roundDiv(gross, 10) : 0;
    const total = gross - discount;
    const rate = spec.taxRates[p.taxClass];
    return { sku: p.sku, quantity, unitPrice: p.price.amount, discount, tax: roundDiv(total * rate, 10_000 + rate), total };
  });
  const sum = (f: (l: (typeof lines)[number]) => number) => lines.reduce((a, l) => a + f(l), 0);
  const lineTotal = sum((l) => l.total);
  const coupon = lineTotal > 20_000 && rnd.next() < 0.3 ? { code: 'VITRINE10', description: 'R$ 10 off over R$ 200', amount: 1_000 } : undefined;
  const shipping = spec.fulfilment.type === 'ship' ? rnd.pick([0, 1_490, 2_290]) : 0;
  const total = lineTotal - (coupon?.amount ?? 0) + shipping;
  const method = rnd.pick(['pix', 'pix', 'credit_card', 'boleto'] as const);
  const at = spec.now.getTime();
  const fulfilment: OrderIntakeInput['fulfilment'] =
    spec.fulfilment.type === 'pickup'
      ? { ...spec.fulfilment, promisedAt: new Date(at + rnd.int(2, 6) * HOUR).toISOString() }
      : {
          type: 'ship',
          address: { recipient: `${first} ${last}`, number: String(rnd.int(10, 2_500)), complement: null, country: 'BR', ...rnd.pick(ADDRESSES) },
          carrier: 'Correios',
          trackingCode: null,
          promisedAt: new Date(at + rnd.int(3, 8) * 24 * HOUR).toISOString(),
        };
  return {
    number: spec.number,
    channel: rnd.pick(['web', 'web', 'app'] as const),
    placedAt: spec.now.toISOString(),
    customer: {
      name: `${first} ${last}`,
      email: `${ascii(first)}.${ascii(last)}${rnd.int(1, 99)}@example.com`,
      phone: `+55${rnd.pick(AREA_CODES)}9${String(rnd.int(0, 99_999_999)).padStart(8, '0')}`,
      nationalId: { kind: 'cpf', number: demoCpf(rnd) },
    },
    currency: 'BRL',
    pricesIncludeTax: true,
    lines,
    discounts: coupon ? [coupon] : [],
    shipping,
    payments: [
      {
        method,
        amount: total,
        reference: `${method}-${spec.number}`,
        status: method === 'boleto' ? 'pending' : method === 'credit_card' ? 'authorized' : 'paid',
      },
    ],
    fulfilment,
    totals: {
      subtotal: sum((l) => l.quantity * l.unitPrice),
      discount: sum((l) => l.discount) + (coupon?.amount ?? 0),
      shipping,
      tax: sum((l) => l.tax),
      total,
    },
  };
}

/** Nine random digits and their two CPF check digits. */
export function demoCpf(rnd: Random): string {
  const digits = Array.from({ length: 9 }, () => rnd.int(0, 9));
  if (digits.every((d) => d === digits[0])) digits[0] = (digits[0]! + 1) % 10;
  for (const length of [9, 10]) {
    const sum = digits.reduce((acc, d, i) => acc + d * (length + 1 - i), 0);
    const rest = (sum * 10) % 11;
    digits.push(rest === 10 ? 0 : rest);
  }
  return digits.join('');
}

const ascii = (name: string) =>
  name
    .normalize('NFD')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase();
