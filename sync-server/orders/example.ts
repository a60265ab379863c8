import { roundDiv, type OrderIntakeInput } from '../../src/domain/index.js';
import { generateCatalog } from '../demo/catalog.js';
import { DEMO_STORES, openingQuantities } from '../demo/seed.js';

/**
 * The request example of POST /api/orders, valid against the demo data as it is: pickup at S1 of one unit of the
 * first demo product S1 stocks (at least two units, so the demo orders seeded beside it leave one). Shown in the
 * OpenAPI document so an integrator can post it as it is; the tests post it too.
 */
const s1 = DEMO_STORES[0]!;
const stocked = (() => {
  const catalog = generateCatalog(50);
  const quantities = openingQuantities(0, catalog.length);
  const index = quantities.findIndex((q) => q >= 2);
  return catalog[index]!;
})();

/** The SKU the example orders; the demo seed leaves its stock alone. */
export const EXAMPLE_ORDER_SKU = stocked.sku;

const unitPrice = stocked.price.amount;
const rate = s1.taxRates[stocked.taxClass];
const tax = roundDiv(unitPrice * rate, 10_000 + rate);

export const orderRequestExample = {
  number: 'WEB-100001',
  channel: 'web',
  placedAt: '2026-11-23T09:12:00-03:00',
  customer: {
    name: 'Ana Souza',
    email: 'ana.souza@example.com',
    phone: '+5511987654321',
    nationalId: { kind: 'cpf', number: '529.982.247-25' },
  },
  currency: s1.currency,
  pricesIncludeTax: s1.pricesIncludeTax,
  lines: [{ sku: stocked.sku, quantity: 1, unitPrice, discount: 0, tax, total: unitPrice }],
  discounts: [],
  shipping: 0,
  payments: [{ method: 'pix', amount: unitPrice, reference: 'E18236120202611231212s0123456789', status: 'paid' }],
  fulfilment: { type: 'pickup', storeId: s1.id, mode: 'counter', promisedAt: '2026-11-23T16:00:00-03:00' },
  totals: { subtotal: unitPrice, discount: 0, shipping: 0, tax, total: unitPrice },
} satisfies OrderIntakeInput;
