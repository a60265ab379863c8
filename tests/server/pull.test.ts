import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EnrollResponse } from '../../src/domain/index.js';
import { cashSale, pushRow, syncClient } from './client.js';
import { startTestServer, type TestServer } from './harness.js';

let server: TestServer;
let s1: EnrollResponse;
let s2: EnrollResponse;

beforeAll(async () => {
  server = await startTestServer({ catalogSize: 45 });
  s1 = await server.enrollDevice('S1');
  s2 = await server.enrollDevice('S2');
});
afterAll(() => server.close());

const ids = (docs: { id?: unknown; sku?: unknown }[]) => docs.map((d) => String(d.id ?? d.sku));

describe('pull', () => {
  it('answers the whole catalog to any store, with _deleted and no internal fields', async () => {
    const { documents, checkpoint } = await syncClient(server.url, s2.token).pullAll('products', 1000);
    expect(documents.map((d) => d.sku)).toEqual(server.products.map((p) => p.sku));
    expect(documents[0]).toEqual({ ...server.products[0], _deleted: false });
    expect(checkpoint).toEqual({ seq: expect.any(Number) });
  });

  it('resumes from a checkpoint in small pages with no gaps and no repeats, also across new writes', async () => {
    const client = syncClient(server.url, s1.token);
    const all = (await client.pullAll('stock', 5000)).documents;
    expect(all).toHaveLength(45);
    expect(all.every((d) => d.storeId === 'S1')).toBe(true);

    const seen: string[] = [];
    let checkpoint = null;
    let first = true;
    const sold: string[] = [];
    for (;;) {
      const { status, body } = await client.pull('stock', { checkpoint, limit: 7 });
      expect(status).toBe(200);
      if (first) {
        expect(body.remaining).toBe(45 - 7);
        first = false;
      }
      seen.push(...ids(body.documents));
      if (body.documents.length === 0) {
        expect(body.checkpoint).toEqual(checkpoint);
        break;
      }
      checkpoint = body.checkpoint;
      // A sale between pages rewrites a level already pulled: it must come again, later, with its new seq.
      if (sold.length < 2) {
        const product = server.products[sold.length * 3]!;
        sold.push(`S1:${product.sku}`);
        expect((await client.push('sales', [pushRow(cashSale(s1.store, s1.deviceId, [{ product, quantity: 1 }]))])).status).toBe(200);
      }
    }
    // Every level once from the first pass, plus the levels rewritten after they had been pulled.
    const expected = [...ids(all), ...sold].sort();
    expect([...seen].sort()).toEqual(expected);
    const tail = seen.slice(-2);
    expect(tail.sort()).toEqual([...sold].sort());
  });

  it('answers a null checkpoint and nothing remaining on an empty first pull', async () => {
    const s3 = await server.enroll('S3');
    const { status, body } = await syncClient(server.url, s3).pull('sales');
    expect({ status, body }).toEqual({ status: 200, body: { documents: [], checkpoint: null, remaining: 0 } });
  });

  it('shows a device only its own store: S2 never pulls S1 stock or sales', async () => {
    const c1 = syncClient(server.url, s1.token);
    const sale = cashSale(s1.store, s1.deviceId, [{ product: server.products[10]!, quantity: 1 }]);
    expect((await c1.push('sales', [pushRow(sale)])).status).toBe(200);
    expect(ids((await c1.pullAll('sales')).documents)).toContain(sale.id);

    const c2 = syncClient(server.url, s2.token);
    const stock = (await c2.pullAll('stock', 10)).documents;
    expect(stock).toHaveLength(45);
    expect(stock.every((d) => d.storeId === 'S2')).toBe(true);
    const sales = (await c2.pullAll('sales')).documents;
    expect(sales.every((d) => d.storeId === 'S2')).toBe(true);
    expect(ids(sales)).not.toContain(sale.id);
  });

  it('answers 400 with field errors for a bad checkpoint or limit', async () => {
    const client = syncClient(server.url, s1.token);
    const bad = await fetch(`${server.url}/sync/stock/0/pull?checkpoint=%7Bseq%3A1&limit=99999`, {
      headers: { Authorization: `Bearer ${s1.token}` },
    });
    expect(bad.status).toBe(400);
    const body = await bad.json();
    expect(body.error.fieldErrors.map((e: { path: string }) => e.path).sort()).toEqual(['checkpoint', 'limit']);
    expect((await client.pull('stock', { checkpoint: { seq: -1 } as never })).status).toBe(400);
  });
});

describe('access', () => {
  it('answers 401 without a token or with an unknown one', async () => {
    for (const token of [undefined, 'not-a-real-token-aaaaaaaaaaaaaaaaaaaaaaaaa']) {
      const client = syncClient(server.url, token);
      for (const res of [await client.pull('products'), await client.push('sales', [])]) {
        expect(res.status).toBe(401);
        expect(res.body.error.code).toBe('UNAUTHENTICATED');
      }
    }
    const stream = await fetch(`${server.url}/sync/stock/0/pull-stream`);
    expect(stream.status).toBe(401);
  });

  it('answers 426 for a schema version no longer served and 404 for an unknown collection', async () => {
    const client = syncClient(server.url, s1.token);
    const old = await client.pull('products', { version: 7 });
    expect(old.status).toBe(426);
    expect(old.body.error.code).toBe('SCHEMA_VERSION_UNSUPPORTED');
    expect((await client.push('sales', [], 7)).status).toBe(426);
    const unknown = await client.pull('wishlists');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('UNKNOWN_COLLECTION');
  });

  it('refuses pushes to authoritative collections with 403 COLLECTION_READ_ONLY', async () => {
    const client = syncClient(server.url, s1.token);
    const product = server.products[0]!;
    const res = await client.push('products', [
      { assumedMasterState: product, newDocumentState: { ...product, price: { amount: 90, currency: 'BRL' } } },
    ]);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('COLLECTION_READ_ONLY');
    expect((await client.push('stock', [])).status).toBe(403);
    expect(JSON.parse((await server.store.getDocument('products', product.sku))!.body).price.amount).toBe(product.price.amount);
  });
});
