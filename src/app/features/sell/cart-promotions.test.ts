import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { afterEach, describe, expect, it } from 'vitest';
import type { Promotion } from '../../../domain/index.js';
import { onCategories, promotion } from '../../../domain/promotion/promotion-fixtures.js';
import { product, storeS1 } from '../../../domain/testing/fixtures.js';
import { createVitrineDatabase, type VitrineDatabase } from '../../db/database.js';
import { addToCart, priceCart } from './cart.js';

let db: VitrineDatabase | undefined;
let n = 0;
afterEach(async () => {
  await db?.remove();
  db = undefined;
});

describe('promotions on the till', () => {
  it('a promotion held in the device database prices the cart: each line its promotion, the cart the list, tax on what is paid', async () => {
    db = await createVitrineDatabase({ storage: getRxStorageMemory(), name: `promotions${++n}`, devMode: true, collections: ['promotions'] });
    const shoes = promotion(
      'BF-20',
      { kind: 'item_percent', target: onCategories('Calçados'), percentBp: 2000 },
      { stores: ['S1'], audience: ['S1'] },
    );
    const overTwo = promotion('ACIMA', { kind: 'spend_over', threshold: 20_000, reward: { kind: 'amount', amount: 1000 } }, { stackable: true });
    await db.promotions.bulkInsert([shoes, overTwo]);
    const held = (await db.promotions.find().exec()).map((d) => d.toJSON() as Promotion);

    const cart = addToCart(
      addToCart(addToCart([], product()), product()),
      product({ sku: 'MEI-0001', barcode: '7890000000028', category: 'Meias', price: { amount: 1990, currency: 'BRL' } }),
    );
    const priced = priceCart(cart, storeS1, { promotions: held, at: '2026-06-01T12:00:00.000Z' });

    // 2 × 129.90 = 259.80, 20 % = 51.96 off; 207.84 + 19.90 = 227.74 ≥ 200.00 → 10.00 off shared 913 / 87
    expect(priced.promotions).toEqual([
      { promotionId: 'BF-20', name: 'Promo BF-20', amount: 5196 },
      { promotionId: 'ACIMA', name: 'Promo ACIMA', amount: 1000 },
    ]);
    expect(priced.lines.map((l) => l.discounts.map((d) => d.amount))).toEqual([[5196, 913], [87]]);
    expect(priced.due).toBe(25_980 + 1990 - 5196 - 1000);
  });

  it('a promotion of another store or out of its dates gives nothing on this till', async () => {
    const elsewhere = promotion('S2-ONLY', { kind: 'cart_percent', percentBp: 1000 }, { stores: ['S2'] });
    const ended = promotion('ENDED', { kind: 'cart_percent', percentBp: 1000 }, { validTo: '2026-05-01T00:00:00.000Z' });
    const priced = priceCart(addToCart([], product()), storeS1, { promotions: [elsewhere, ended], at: '2026-06-01T12:00:00.000Z' });
    expect(priced.promotions).toEqual([]);
    expect(priced.due).toBe(12_990);
  });
});
