import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collections, type Product } from '../../src/domain/index.js';
import { syncClient } from './client.js';
import { startTestServer, type TestServer } from './harness.js';
import { mintKey } from './integration-probe.js';

/**
 * Product pictures end to end on the server: the chain's systems send `imageUrl` with PUT /api/products, devices on
 * the current products schema pull it, apps still on v0 pull the product without it, and the demo catalog's pictures
 * are served, public and cacheable.
 */
let server: TestServer;
let key: string;
let token: string;

beforeAll(async () => {
  server = await startTestServer({ catalogSize: 20 });
  key = (await mintKey(server.store)).apiKey;
  token = await server.enroll('S1');
});
afterAll(() => server.close());

const putProducts = async (products: unknown[]) => {
  const res = await fetch(`${server.url}/api/products`, {
    method: 'PUT',
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ products }),
  });
  return { status: res.status, body: (await res.json()) as { error?: { fieldErrors: { path: string }[] } } };
};
const input = ({ searchName: _derived, ...p }: Product) => p;
const pulled = async (sku: string, version: number) => {
  const client = syncClient(server.url, token);
  let checkpoint = null;
  for (;;) {
    const { status, body } = await client.pull('products', { checkpoint, limit: 500, version });
    expect(status).toBe(200);
    const page = body as { documents: (Product & { _deleted: boolean })[]; checkpoint: unknown };
    const found = page.documents.find((p) => p.sku === sku);
    if (found || page.documents.length === 0) return found;
    checkpoint = page.checkpoint as never;
  }
};

describe('product pictures', () => {
  it('a picture sent by the chain reaches current apps, and apps on products v0 get the product without it', async () => {
    const product = { ...input(server.products[1]!), imageUrl: '/images/chain/jaqueta-artica.webp' };
    expect((await putProducts([product])).status).toBe(200);
    expect(await pulled(product.sku, collections.products.version)).toMatchObject({ imageUrl: product.imageUrl });
    const old = await pulled(product.sku, 0);
    expect(old).toMatchObject({ sku: product.sku, name: product.name });
    expect(old).not.toHaveProperty('imageUrl');
  });

  it('refuses a picture from elsewhere or one that climbs out of /images/, naming the field', async () => {
    for (const imageUrl of ['https://cdn.example.com/a.jpg', '/images/../sync/x', '/api/products', 'javascript:alert(1)']) {
      const res = await putProducts([{ ...input(server.products[2]!), imageUrl }]);
      expect(res.status, imageUrl).toBe(400);
      expect(res.body.error!.fieldErrors.map((e) => e.path)).toEqual(['products.0.imageUrl']);
    }
  });

  it('serves the demo catalog pictures without a token, as small cacheable SVGs; unknown names are 404', async () => {
    const withPicture = server.products.find((p) => p.imageUrl)!;
    const res = await fetch(`${server.url}${withPicture.imageUrl}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(res.headers.get('cache-control')).toMatch(/max-age=\d+/);
    const svg = await res.text();
    expect(svg).toMatch(/^<svg /);
    expect(svg.length).toBeLessThan(1_000);
    expect((await fetch(`${server.url}/images/demo/NOPE-00001-PRE.svg`)).status).toBe(404);
  });
});
