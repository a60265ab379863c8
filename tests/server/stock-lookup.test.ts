import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stockLevelId, type Product, type StockLevel } from '../../src/domain/index.js';
import type { SkuStock, StyleStock } from '../../src/domain/stock/availability.js';
import { upsertProducts } from '../../sync-server/catalog/products.js';
import { saveStore } from '../../sync-server/catalog/stores.js';
import { DEMO_STORES } from '../../sync-server/demo/seed.js';
import { startTestServer, type TestServer } from './harness.js';

/**
 * GET /api/stock/{sku} and ?style=: a product's stock across the chain, on the test backend. The clock is fixed on
 * Saturday 2026-11-28 at 15:00 in São Paulo: the mall stores (S1 Paulista, S3 Batel, 10:00–22:00) are open, the
 * street store (S2 Savassi, Saturdays 09:00–14:00) has closed.
 */
const SATURDAY_AFTERNOON = new Date('2026-11-28T15:00:00-03:00');
let server: TestServer;
let s1: string;
let s2: string;

beforeAll(async () => {
  server = await startTestServer({ catalogSize: 40, clock: () => SATURDAY_AFTERNOON });
  s1 = await server.enroll('S1');
  s2 = await server.enroll('S2');
});
afterAll(() => server.close());

const get = async <T>(path: string, token: string | null = s1) => {
  const res = await fetch(`${server.url}${path}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  return { status: res.status, body: (await res.json()) as T & { error?: { code: string; message: string; fieldErrors: { path: string }[] } } };
};
const level = async (storeId: string, sku: string) => {
  const doc = await server.store.getDocument('stock', stockLevelId(storeId, sku));
  return doc ? (JSON.parse(doc.body) as StockLevel) : undefined;
};

describe('GET /api/stock/{sku}', () => {
  it("answers every store's level of the SKU as stored in the ledger, nearest first from the asking store", async () => {
    const sku = server.products[0]!.sku;
    const { status, body } = await get<SkuStock>(`/api/stock/${sku}`);
    expect(status).toBe(200);
    expect(body.sku).toBe(sku);
    // From São Paulo: itself, Curitiba (~340 km), Belo Horizonte (~490 km).
    expect(body.stores.map((s) => s.storeId)).toEqual(['S1', 'S3', 'S2']);
    expect(body.stores.map((s) => s.distanceKm)).toEqual([0, expect.any(Number), expect.any(Number)]);
    expect(body.stores[1]!.distanceKm).toBeGreaterThan(300);
    expect(body.stores[2]!.distanceKm).toBeGreaterThan(body.stores[1]!.distanceKm!);
    for (const s of body.stores) {
      const stored = await level(s.storeId, sku);
      expect(s).toMatchObject({ available: stored?.available ?? 0, onHand: stored?.onHand ?? 0, reserved: stored?.reserved ?? 0 });
      expect(s.name).toBe(DEMO_STORES.find((d) => d.id === s.storeId)!.name);
    }
  });

  it("orders from the asking device's own store: from Belo Horizonte, São Paulo comes before Curitiba", async () => {
    const { body } = await get<SkuStock>(`/api/stock/${server.products[0]!.sku}`, s2);
    expect(body.stores.map((s) => s.storeId)).toEqual(['S2', 'S1', 'S3']);
  });

  it("says which stores are open at the server's clock, each by its own hours, and gives their hours", async () => {
    const { body } = await get<SkuStock>(`/api/stock/${server.products[0]!.sku}`);
    const byId = new Map(body.stores.map((s) => [s.storeId, s]));
    expect(byId.get('S1')!.openNow).toBe(true);
    expect(byId.get('S3')!.openNow).toBe(true);
    expect(byId.get('S2')!.openNow).toBe(false);
    expect(byId.get('S2')!.openingHours!.saturday).toEqual([{ opens: '09:00', closes: '14:00' }]);
  });

  it('lists a store with no stock row for the SKU at 0, and a store added later, without a restart', async () => {
    const at = SATURDAY_AFTERNOON.toISOString();
    const product: Product = { ...server.products[1]!, sku: 'NEW-ONLY-CATALOG', styleCode: 'NEW-STYLE', barcode: '7890000000017' };
    await server.store.transaction(async (tx) => {
      await upsertProducts(tx, [product], { at, source: 'test' });
      // Far in the north-east, no opening hours sent: last by distance, open now unknown.
      await saveStore(
        tx,
        { ...DEMO_STORES[0]!, id: 'S9', name: 'Vitrine Recife', coordinates: { lat: -8.05, lon: -34.9 }, openingHours: undefined },
        { at },
      );
    });
    expect(await level('S1', product.sku)).toBeUndefined();
    const { status, body } = await get<SkuStock>(`/api/stock/${product.sku}`);
    expect(status).toBe(200);
    expect(body.stores.map((s) => s.storeId)).toEqual(['S1', 'S3', 'S2', 'S9']);
    for (const s of body.stores) expect(s).toMatchObject({ available: 0, onHand: 0, reserved: 0 });
    expect(body.stores[3]).toMatchObject({ openingHours: null, openNow: null });
  });

  it('answers 404 NOT_FOUND naming the SKU when the catalogue has no such product, 400 for what is not a SKU', async () => {
    const unknown = await get<SkuStock>('/api/stock/NO-SUCH-SKU-1');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error!.code).toBe('NOT_FOUND');
    expect(unknown.body.error!.message).toContain('NO-SUCH-SKU-1');
    expect(unknown.body.error!.fieldErrors[0]!.path).toBe('sku');
    const malformed = await get<SkuStock>('/api/stock/lower-case');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error!.code).toBe('VALIDATION_FAILED');
  });

  it('needs a device token: none or an unknown one answers 401 and no stock', async () => {
    const sku = server.products[0]!.sku;
    const none = await get<SkuStock>(`/api/stock/${sku}`, null);
    expect(none.status).toBe(401);
    expect(none.body.error!.code).toBe('UNAUTHENTICATED');
    expect(none.body.stores).toBeUndefined();
    expect((await get<SkuStock>(`/api/stock/${sku}`, 'not-a-token')).status).toBe(401);
    expect((await get<StyleStock>(`/api/stock?style=${server.products[0]!.styleCode}`, null)).status).toBe(401);
  });

  it("tells another store's availability and public details only, nothing of its customers, sales or orders", async () => {
    const { body } = await get<SkuStock>(`/api/stock/${server.products[0]!.sku}`);
    for (const s of body.stores) {
      expect(Object.keys(s).sort()).toEqual([
        'available',
        'distanceKm',
        'name',
        'onHand',
        'openNow',
        'openingHours',
        'reserved',
        'storeId',
        'timeZone',
      ]);
    }
  });
});

describe('GET /api/stock?style=', () => {
  it('answers every size and colour of the style, each with every store, as the per-SKU route does', async () => {
    const styleCode = server.products[0]!.styleCode!;
    const skus = server.products
      .filter((p) => p.styleCode === styleCode)
      .map((p) => p.sku)
      .sort();
    expect(skus.length).toBeGreaterThan(1);
    const { status, body } = await get<StyleStock>(`/api/stock?style=${encodeURIComponent(styleCode)}`);
    expect(status).toBe(200);
    expect(body.styleCode).toBe(styleCode);
    expect(body.skus.map((s) => s.sku)).toEqual(skus);
    const single = await get<SkuStock>(`/api/stock/${skus[1]}`);
    expect(body.skus[1]).toEqual(single.body);
  });

  it('answers 404 NOT_FOUND for a style the catalogue does not have, 400 without a style', async () => {
    const unknown = await get<StyleStock>('/api/stock?style=NO-SUCH-STYLE');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error!.fieldErrors[0]!.path).toBe('style');
    expect((await get<StyleStock>('/api/stock')).status).toBe(400);
  });
});
