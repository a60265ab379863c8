import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeSearchText, type Product, type Store, type StoreSettings } from '../../src/domain/index.js';
import { priceHistory } from '../../sync-server/catalog/price-history.js';
import { DEMO_STORES } from '../../sync-server/demo/seed.js';
import { syncClient } from './client.js';
import { startTestServer, type TestServer } from './harness.js';
import { mintKey } from './integration-probe.js';

/**
 * The catalog and the stores written by the chain's systems: PUT/GET /api/products and PUT /api/stores/{id} with
 * integration keys; what they write replicates to devices; bad input writes nothing; keys are held to their scopes
 * and stores.
 */
let server: TestServer;
let key: string;
let s2Token: string;

beforeAll(async () => {
  server = await startTestServer({ catalogSize: 40 });
  key = (await mintKey(server.store)).apiKey;
  s2Token = await server.enroll('S2');
});
afterAll(() => server.close());

const call = async (method: string, path: string, body?: unknown, bearer = key) => {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${bearer}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: await res.json() };
};
const putProducts = (products: unknown[], bearer?: string) => call('PUT', '/api/products', { products }, bearer);
const input = ({ searchName: _derived, ...p }: Product) => p;
const productDoc = async (sku: string) => {
  const doc = await server.store.getDocument('products', sku);
  return doc && { seq: doc.seq, product: JSON.parse(doc.body) as Product };
};
const fieldPaths = (body: { error: { fieldErrors: { path: string }[] } }) => body.error.fieldErrors.map((e) => e.path);

const newProduct = (n: number): Omit<Product, 'searchName'> => ({
  sku: `API-${String(n).padStart(4, '0')}-M-PRE`,
  barcode: ['7891000100103', '7891000315507', '7891000053508'][n]!,
  name: `Jaqueta  Ártica ${n} Preta M`,
  brand: 'Garoa',
  category: 'Casacos',
  styleCode: `API-${String(n).padStart(4, '0')}`,
  size: 'M',
  colour: 'Preto',
  price: { amount: 39_990, currency: 'BRL' },
  taxClass: 'standard',
  active: true,
});

describe('PUT /api/products', () => {
  it('creates and updates products that devices then pull, with the search name derived by the server', async () => {
    const changed = { ...input(server.products[0]!), name: 'Camiseta Renomeada Azul P' };
    const res = await putProducts([newProduct(0), changed]);
    expect(res).toEqual({ status: 200, body: { created: 1, updated: 1, unchanged: 0, pricesRecorded: 1 } });

    const pulled = (await syncClient(server.url, s2Token).pullAll('products')).documents as unknown as Product[];
    const created = pulled.find((p) => p.sku === newProduct(0).sku);
    expect(created).toMatchObject({ ...newProduct(0), searchName: 'jaqueta artica 0 preta m', _deleted: false });
    expect(pulled.find((p) => p.sku === changed.sku)).toMatchObject({ name: changed.name, searchName: normalizeSearchText(changed.name) });
  });

  it('answers 400 with the path of every bad field and writes nothing when any product is invalid', async () => {
    const before = await server.store.latestSeq();
    const good = { ...newProduct(1) };
    const bad = { ...newProduct(2), price: { amount: 12.5, currency: 'BRL' }, barcode: '7891000053509', sku: 'lower-case' };
    const res = await putProducts([good, bad]);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(fieldPaths(res.body).sort()).toEqual(['products.1.barcode', 'products.1.price.amount', 'products.1.sku']);
    expect(await productDoc(good.sku)).toBeUndefined();
    expect(await priceHistory(server.store.sql, good.sku)).toEqual([]);
    expect(await server.store.latestSeq()).toBe(before);
  });

  it('refuses one SKU or one barcode twice in a batch, naming the second', async () => {
    const res = await putProducts([newProduct(1), { ...newProduct(1), name: 'Outra' }, { ...newProduct(2), barcode: newProduct(1).barcode }]);
    expect(res.status).toBe(400);
    expect(fieldPaths(res.body)).toEqual(['products.1.sku', 'products.1.barcode', 'products.2.barcode']);
    expect(await productDoc(newProduct(1).sku)).toBeUndefined();
  });

  it('keeps a price history that grows only when the price, currency or tax class changes', async () => {
    const sku = server.products[5]!.sku;
    const original = input(server.products[5]!);
    expect((await priceHistory(server.store.sql, sku)).map((p) => [p.amount, p.source])).toEqual([[original.price.amount, 'demo']]);

    const { seq } = (await productDoc(sku))!;
    expect((await putProducts([original])).body).toEqual({ created: 0, updated: 0, unchanged: 1, pricesRecorded: 0 });
    expect((await productDoc(sku))!.seq).toBe(seq); // unchanged: devices are not sent it again

    expect((await putProducts([{ ...original, brand: 'Brisa' }])).body).toMatchObject({ updated: 1, pricesRecorded: 0 });
    expect((await putProducts([{ ...original, brand: 'Brisa', price: { amount: 4_990, currency: 'BRL' } }])).body).toMatchObject({
      updated: 1,
      pricesRecorded: 1,
    });
    expect((await putProducts([{ ...original, brand: 'Brisa', price: { amount: 4_990, currency: 'BRL' }, taxClass: 'reduced' }])).body).toMatchObject(
      { pricesRecorded: 1 },
    );

    const history = await priceHistory(server.store.sql, sku);
    expect(history.map((p) => [p.amount, p.taxClass])).toEqual([
      [original.price.amount, original.taxClass],
      [4_990, original.taxClass],
      [4_990, 'reduced'],
    ]);
    expect(history[1]!.source).toMatch(/^integration:/);
    expect(history[1]!.validFrom <= history[2]!.validFrom).toBe(true);
  });
});

describe('GET /api/products', () => {
  it('pages the whole catalog by cursor, each product once, ending with a null cursor', async () => {
    const skus: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: { status: number; body: { products: Product[]; nextCursor: string | null } } = await call(
        'GET',
        `/api/products?limit=7${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(res.status).toBe(200);
      expect(res.body.products.length).toBeLessThanOrEqual(7);
      skus.push(...res.body.products.map((p) => p.sku));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor);
    const everything = (await syncClient(server.url, s2Token).pullAll('products')).documents.map((d) => d.sku as string);
    expect(skus.sort()).toEqual(everything.sort());
    expect(new Set(skus).size).toBe(skus.length);
    expect(pages).toBe(Math.ceil(skus.length / 7));
  });

  it('answers 400 for a cursor or limit it did not give', async () => {
    const res = await call('GET', '/api/products?cursor=abc&limit=5000');
    expect(res.status).toBe(400);
    expect(fieldPaths(res.body).sort()).toEqual(['cursor', 'limit']);
  });
});

describe('PUT /api/stores/{id}', () => {
  const settings = (id: string): StoreSettings => {
    const { id: _id, ...rest } = DEMO_STORES.find((s) => s.id === id)!;
    return rest;
  };

  it("replicates a store's new settings to every store's devices and to the enrollment answer", async () => {
    const client = syncClient(server.url, s2Token);
    const { documents: before, checkpoint } = await client.pullAll('stores');
    expect(before.map((s) => s.id).sort()).toEqual(['S1', 'S2', 'S3']); // the demo seeds through the same code

    const update = {
      ...settings('S1'),
      name: 'Vitrine Paulista Flagship',
      pickupHoldDays: 3,
      openingHours: { ...settings('S1').openingHours, sunday: [] },
    };
    const res = await call('PUT', '/api/stores/S1', update);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: 'S1', name: 'Vitrine Paulista Flagship', pickupHoldDays: 3 });

    const { documents } = await client.pullAll('stores', 500, checkpoint);
    expect(documents).toEqual([{ ...update, id: 'S1', _deleted: false }]);
    const enrolled = await server.enrollDevice('S1');
    expect(enrolled.store).toMatchObject({ name: 'Vitrine Paulista Flagship', pickupHoldDays: 3 });

    const again = await call('PUT', '/api/stores/S1', update);
    expect(again.status).toBe(200);
    expect((await client.pullAll('stores', 500, (await client.pullAll('stores')).checkpoint)).documents).toEqual([]);
  });

  it('creates a store it did not know (201), visible to every device', async () => {
    const res = await call('PUT', '/api/stores/S4', { ...settings('S3'), name: 'Vitrine Moinhos', pix: undefined });
    expect(res.status).toBe(201);
    const stores = (await syncClient(server.url, s2Token).pullAll('stores')).documents as unknown as Store[];
    expect(stores.find((s) => s.id === 'S4')).toMatchObject({ name: 'Vitrine Moinhos' });
    expect(stores.find((s) => s.id === 'S4')).not.toHaveProperty('pix');
  });

  it('answers 400 with field paths for coordinates, hours and a Pix key out of range, writing nothing', async () => {
    const before = await server.store.latestSeq();
    const bad = {
      ...settings('S2'),
      coordinates: { lat: -91, lon: 43.9 },
      openingHours: { ...settings('S2').openingHours, monday: [{ opens: '09:00', closes: '25:00' }], tuesday: [{ opens: '14:00', closes: '09:00' }] },
      pix: { key: '12345678000100', merchantName: 'VITRINE SAVASSI', merchantCity: 'BELO HORIZONTE' },
    };
    const res = await call('PUT', '/api/stores/S2', bad);
    expect(res.status).toBe(400);
    expect(fieldPaths(res.body).sort()).toEqual(['coordinates.lat', 'openingHours.monday.0.closes', 'openingHours.tuesday.0.closes', 'pix.key']);
    expect(await server.store.latestSeq()).toBe(before);
  });
});

describe('integration keys on the catalog routes', () => {
  it('are held to their scopes and stores; device tokens and missing keys are refused', async () => {
    const readOnly = (await mintKey(server.store, { scopes: ['catalog:read'] })).apiKey;
    const s2Only = (await mintKey(server.store, { scopes: ['stores:write'], stores: ['S2'] })).apiKey;
    const before = await server.store.latestSeq();

    expect((await putProducts([newProduct(1)], readOnly)).status).toBe(403);
    expect((await call('GET', '/api/products?limit=1', undefined, readOnly)).status).toBe(200);
    expect((await call('GET', '/api/products?limit=1', undefined, s2Only)).status).toBe(403);
    const otherStore = await call('PUT', '/api/stores/S1', { ...DEMO_STORES[0], id: undefined }, s2Only);
    expect(otherStore.status).toBe(403);
    expect(fieldPaths(otherStore.body)).toEqual(['id']);
    expect((await putProducts([newProduct(1)], s2Token)).status).toBe(403);
    expect((await call('GET', '/api/products', undefined, 'not-a-key')).status).toBe(401);
    expect(await server.store.latestSeq()).toBe(before);

    const { id: _id, ...s2 } = DEMO_STORES[1]!;
    expect((await call('PUT', '/api/stores/S2', { ...s2, name: 'Vitrine Savassi II' }, s2Only)).status).toBe(200);
  });
});
