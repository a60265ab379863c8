import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  applyPromotions,
  completeCashSale,
  newId,
  type EnrollResponse,
  type LineDiscount,
  type Product,
  type Promotion,
  type PromotionInput,
  type Sale,
  type StockLevel,
} from '../../src/domain/index.js';
import { DEMO_STORES } from '../../sync-server/demo/seed.js';
import { demoAssociateId } from '../../sync-server/demo/staff.js';
import { pushRow, syncClient } from './client.js';
import { startTestServer, type TestServer } from './harness.js';
import { mintKey } from './integration-probe.js';

/**
 * Promotions from the chain's systems (PUT /api/promotions, catalog:write): validated field by field, idempotent,
 * replicated to the devices of the stores they name only; and the server checks every promotion a sale claims:
 * a real one is accepted, an inflated or invented one is recorded rejected with its reason and moves no stock.
 */
const now = new Date('2026-11-23T15:00:00.000Z');
let server: TestServer;
let key: string;
let s1: EnrollResponse;
let s2: EnrollResponse;

beforeAll(async () => {
  server = await startTestServer({ catalogSize: 40, clock: () => now });
  key = (await mintKey(server.store)).apiKey;
  s1 = await server.enrollDevice('S1', 'Till promotions S1');
  s2 = await server.enrollDevice('S2', 'Till promotions S2');
});
afterAll(() => server.close());

const call = async (method: string, path: string, body: unknown, bearer = key) => {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${bearer}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
};
const putPromotions = (promotions: unknown[], bearer?: string) => call('PUT', '/api/promotions', { promotions }, bearer);
const fieldPaths = (body: { error: { fieldErrors: { path: string }[] } }) => body.error.fieldErrors.map((e) => e.path).sort();
const pulledPromotions = async (device: EnrollResponse) =>
  (await syncClient(server.url, device.token).pullAll('promotions')).documents as unknown as (Promotion & { _deleted: boolean })[];
const idsOf = (promotions: { id: string }[], prefix: string) =>
  promotions
    .map((p) => p.id)
    .filter((id) => id.startsWith(prefix))
    .sort();

const promotionInput = (id: string, over: Partial<PromotionInput> = {}): PromotionInput => ({
  id,
  name: `Promo ${id}`,
  stores: null,
  currency: null,
  validFrom: '2026-11-01T00:00:00.000Z',
  validTo: '2026-12-31T00:00:00.000Z',
  active: true,
  priority: 0,
  stackable: false,
  rule: { kind: 'cart_percent', percentBp: 500 },
  ...over,
});

describe('PUT /api/promotions', () => {
  it('answers 400 with the path of every bad field, and writes nothing when any promotion is invalid', async () => {
    const before = await server.store.latestSeq();
    const res = await putPromotions([
      promotionInput('VAL-OK'),
      promotionInput('VAL-BAD', {
        validTo: '2026-10-01T00:00:00.000Z',
        rule: { kind: 'item_amount', target: { skus: [], categories: [] }, amount: 0 },
      }),
      promotionInput('VAL-OK'),
    ]);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(fieldPaths(res.body)).toEqual([
      'promotions.1.currency',
      'promotions.1.rule.amount',
      'promotions.1.rule.target.skus',
      'promotions.1.validTo',
      'promotions.2.id',
    ]);
    expect(await server.store.latestSeq()).toBe(before);
  });

  it('refuses a store that does not exist, naming it, and writes nothing', async () => {
    const res = await putPromotions([promotionInput('VAL-STORE', { stores: ['S1', 'S99'] })]);
    expect(res.status).toBe(400);
    expect(res.body.error.fieldErrors).toEqual([{ path: 'promotions.0.stores.1', message: 'no store S99' }]);
    expect(await server.store.getDocument('promotions', 'VAL-STORE')).toBeUndefined();
  });

  it('is for catalog:write keys only, and a key for some stores may run promotions only there', async () => {
    expect((await putPromotions([promotionInput('SCOPE-1')], s1.token)).status).toBe(403);
    const reader = (await mintKey(server.store, { scopes: ['catalog:read'] })).apiKey;
    expect((await putPromotions([promotionInput('SCOPE-1')], reader)).status).toBe(403);
    const s1Only = (await mintKey(server.store, { scopes: ['catalog:write'], stores: ['S1'] })).apiKey;
    expect((await putPromotions([promotionInput('SCOPE-1', { stores: ['S2'] })], s1Only)).body.error.fieldErrors).toEqual([
      { path: 'promotions.0.stores.0', message: 'this integration may not serve store S2' },
    ]);
    expect((await putPromotions([promotionInput('SCOPE-1')], s1Only)).status).toBe(403);
    expect((await putPromotions([promotionInput('SCOPE-1', { stores: ['S1'] })], s1Only)).status).toBe(200);
    expect((await putPromotions([promotionInput('SCOPE-1', { stores: ['S1'] })], 'not-a-key')).status).toBe(401);
  });

  it('writes nothing for the same promotions sent again, and updates only what changed', async () => {
    const batch = [promotionInput('IDEM-1'), promotionInput('IDEM-2', { stores: ['S1'] })];
    expect(await putPromotions(batch)).toEqual({ status: 200, body: { created: 2, updated: 0, unchanged: 0 } });
    const seq = await server.store.latestSeq();
    expect(await putPromotions(batch)).toEqual({ status: 200, body: { created: 0, updated: 0, unchanged: 2 } });
    expect(await server.store.latestSeq()).toBe(seq);
    expect(await putPromotions([{ ...batch[0]!, name: 'Renamed' }, batch[1]])).toEqual({
      status: 200,
      body: { created: 0, updated: 1, unchanged: 1 },
    });
  });

  it('replicates a promotion to the devices of the stores it names only, and a chain-wide one to every store', async () => {
    expect((await putPromotions([promotionInput('REP-S2', { stores: ['S2'] }), promotionInput('REP-ALL')])).status).toBe(200);
    expect(idsOf(await pulledPromotions(s1), 'REP-')).toEqual(['REP-ALL']);
    expect(idsOf(await pulledPromotions(s2), 'REP-')).toEqual(['REP-ALL', 'REP-S2']);
  });

  it('tells the devices of a store a promotion no longer names that it moved, and reaches a store opened later', async () => {
    expect((await putPromotions([promotionInput('MOVE', { stores: ['S2'] }), promotionInput('LATER')])).status).toBe(200);
    expect((await putPromotions([promotionInput('MOVE', { stores: ['S1'] })])).status).toBe(200);
    expect((await pulledPromotions(s2)).find((p) => p.id === 'MOVE')).toMatchObject({ stores: ['S1'] });
    expect((await pulledPromotions(s1)).find((p) => p.id === 'MOVE')).toMatchObject({ stores: ['S1'] });

    const { id: _id, ...settings } = { ...DEMO_STORES[0]!, name: 'Vitrine Nova' };
    expect((await call('PUT', '/api/stores/S9', settings)).status).toBe(201);
    const s9 = await server.enrollDevice('S9', 'Till S9');
    const ids = (await pulledPromotions(s9)).map((p) => p.id);
    expect(ids).toContain('LATER');
    expect(ids).not.toContain('MOVE');
  });

  it('is documented in the OpenAPI document with its body schema', async () => {
    const doc = await (await fetch(`${server.url}/api/openapi.json`)).json();
    expect(doc.paths['/api/promotions'].put.operationId).toBe('putPromotions');
  });
});

describe('the server checks the promotions of every sale', () => {
  const level = async (sku: string): Promise<StockLevel> => JSON.parse((await server.store.getDocument('stock', `S1:${sku}`))!.body) as StockLevel;
  const saleMoves = async (sku: string) => (await server.store.movementsFor('S1', sku)).filter((m) => m.reason === 'sale');
  let product: Product;

  /** A sale rung up by the S1 till with the promotions it holds, the discounts changed by `tamper` when given. */
  async function ringUp(tamper?: (discounts: LineDiscount[][]) => void): Promise<Sale> {
    const held = await pulledPromotions(s1);
    const line = { sku: product.sku, name: product.name, quantity: 2, unitPrice: product.price.amount, taxClass: product.taxClass };
    const { discounts } = applyPromotions([{ ...line, category: product.category }], held, { storeId: 'S1', at: now.toISOString(), currency: 'BRL' });
    tamper?.(discounts);
    return completeCashSale({
      store: s1.store,
      deviceId: s1.deviceId,
      associateId: demoAssociateId('S1'),
      lines: [{ ...line, discounts: discounts[0]! }],
      cashTendered: product.price.amount * 2,
      newId,
      clock: () => now,
    });
  }
  const push = (sales: Sale[]) => syncClient(server.url, s1.token).push('sales', sales.map(pushRow));

  beforeAll(async () => {
    for (const p of server.products) {
      if (p.taxClass === 'standard' && p.category !== 'Meias e Íntimos' && (await level(p.sku)).onHand >= 4) {
        product = p;
        break;
      }
    }
    const promo = promotionInput('SALE-20', {
      stores: ['S1'],
      name: '20% off',
      rule: { kind: 'item_percent', target: { skus: [product.sku], categories: [] }, percentBp: 2000 },
    });
    expect((await putPromotions([promo])).status).toBe(200);
  });

  it('accepts a sale with a promotion that applied, and takes its items out of stock', async () => {
    const { onHand } = await level(product.sku);
    const sale = await ringUp();
    // The S1 item promotion, and the chain-wide cart promotions of the tests above on what it left.
    const claimed = sale.lines[0]!.discounts.map((d) => (d.source === 'promotion' ? d.promotionId : d.reason));
    expect(claimed).toEqual(['SALE-20', 'IDEM-1']);
    expect(sale.lines[0]!.discounts[0]!.amount).toBe(Math.round(product.price.amount * 2 * 0.2));
    const res = await push([sale]);
    expect(res.body.map((s: Sale) => s.outcome?.status)).toEqual(['accepted']);
    expect((await level(product.sku)).onHand).toBe(onHand - 2);
  });

  it('records rejected an inflated and an invented promotion with the reason, and moves no stock for them', async () => {
    const { onHand } = await level(product.sku);
    const movesBefore = (await saleMoves(product.sku)).length;
    const inflated = await ringUp((d) => {
      d[0]![0]!.amount = product.price.amount; // 50 % instead of 20 %
    });
    const invented = await ringUp((d) => {
      d[0]!.push({ source: 'promotion', promotionId: 'FAKE-90', amount: 100 });
    });
    const res = await push([inflated, invented]);
    expect(res.body.map((s: Sale) => [s.outcome?.status, s.outcome?.code])).toEqual([
      ['rejected', 'SALE_PROMOTION_MISMATCH'],
      ['rejected', 'SALE_PROMOTION_NOT_APPLICABLE'],
    ]);
    expect(res.body[0].outcome.message).toContain(`line 1 (${product.name}): promotion "20% off" gives BRL`);
    expect(res.body[1].outcome.message).toBe("promotion FAKE-90 is not one of the chain's promotions");
    expect((await level(product.sku)).onHand).toBe(onHand);
    expect(await saleMoves(product.sku)).toHaveLength(movesBefore);
  });

  it('refuses a promotion of another store claimed by a till of S1', async () => {
    expect(
      (await putPromotions([promotionInput('SALE-S2', { stores: ['S2'], rule: { kind: 'cart_amount', amount: 100 }, currency: 'BRL' })])).status,
    ).toBe(200);
    const sale = await ringUp((d) => {
      d[0]!.push({ source: 'promotion', promotionId: 'SALE-S2', amount: 100 });
    });
    const res = await push([sale]);
    expect(res.body[0].outcome).toMatchObject({ status: 'rejected', code: 'SALE_PROMOTION_NOT_APPLICABLE' });
    expect(res.body[0].outcome.message).toContain('does not run in store S1');
  });
});

describe('the server checks who approved manual discounts above the store limit', () => {
  const level = async (sku: string) => (JSON.parse((await server.store.getDocument('stock', `S1:${sku}`))!.body) as StockLevel).onHand;

  /** A sale of one unit at 30 % off by hand (S1 allows 10 % without a manager), approved by `approvedBy`. */
  function discounted(product: Product, approvedBy: string | null): Sale {
    const amount = Math.round(product.price.amount * 0.3);
    return completeCashSale({
      store: s1.store,
      deviceId: s1.deviceId,
      associateId: demoAssociateId('S1'),
      lines: [
        {
          sku: product.sku,
          name: product.name,
          quantity: 1,
          unitPrice: product.price.amount,
          taxClass: product.taxClass,
          discounts: [{ source: 'manual', scope: 'line', reason: 'damaged_item', amount }],
        },
      ],
      discountApprovedBy: approvedBy,
      cashTendered: product.price.amount,
      newId,
      clock: () => now,
    });
  }

  it('accepts it approved by an active manager of the store; refuses it unapproved or approved by an associate, moving no stock', async () => {
    let product = server.products[0]!;
    for (const p of server.products.toReversed()) if (p.taxClass === 'standard' && (await level(p.sku)) >= 1) product = p;
    const before = await level(product.sku);
    const res = await syncClient(server.url, s1.token).push(
      'sales',
      [discounted(product, null), discounted(product, demoAssociateId('S1')), discounted(product, 'S1-9001')].map(pushRow),
    );
    expect(res.body.map((s: Sale) => [s.outcome?.status, s.outcome?.code])).toEqual([
      ['rejected', 'SALE_DISCOUNT_NOT_APPROVED'],
      ['rejected', 'SALE_DISCOUNT_NOT_APPROVED'],
      ['accepted', null],
    ]);
    expect(res.body[1].outcome.message).toContain('may not approve discounts above the store limit');
    expect(await level(product.sku)).toBe(before - 1);
  });
});
