import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collections, isFactCollection, type CollectionSpec } from '../../src/domain/index.js';
import { startTestServer, type TestServer } from '../server/harness.js';

/*
 * The snapshot route answers a device exactly what its pulls would, page after page: the same partition (a store's
 * stock, staff and orders only), the same server-only fields stripped, the same legacy versions, deletions included;
 * and nothing for collections devices push (facts).
 */

let server: TestServer;
let token: string;
beforeAll(async () => {
  server = await startTestServer({ catalogSize: 300 });
  token = await server.enroll('S1');
});
afterAll(() => server.close());

const get = (path: string) => fetch(`${server.url}${path}`, { headers: { Authorization: `Bearer ${token}`, 'Accept-Encoding': 'gzip' } });

async function pulled(name: string, version: number): Promise<unknown[]> {
  const documents: unknown[] = [];
  let checkpoint: unknown = null;
  for (;;) {
    const res = await get(`/sync/${name}/${version}/pull?checkpoint=${encodeURIComponent(JSON.stringify(checkpoint))}&limit=97`);
    expect(res.status).toBe(200);
    const page = (await res.json()) as { documents: unknown[]; checkpoint: unknown; remaining: number };
    documents.push(...page.documents);
    checkpoint = page.checkpoint;
    if (page.remaining === 0) return documents;
  }
}

const authoritative = (Object.values(collections) as CollectionSpec[]).filter((spec) => !isFactCollection(spec));

describe('snapshot route', () => {
  it.each(authoritative.flatMap((spec) => spec.served.map((version) => [spec.name, version] as const)))(
    'answers %s v%s as the pulls do, page by page with checkpoints',
    async (name, version) => {
      // A deletion and a rewrite after the seed, so the snapshot carries both as the pulls do.
      if (name === 'products') {
        const [gone, renamed] = [server.products[1]!, server.products[2]!];
        await server.store.transaction((tx) =>
          tx.putDocuments([
            { collection: 'products', id: gone.sku, storeId: '', body: gone, deleted: true },
            { collection: 'products', id: renamed.sku, storeId: '', body: { ...renamed, name: `${renamed.name} renamed` } },
          ]),
        );
      }
      const res = await get(`/sync/${name}/${version}/snapshot?page=40`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-encoding')).toBe('gzip');
      const lines = (await res.text())
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { documents: unknown[]; checkpoint: unknown; remaining: number });
      expect(lines.at(-1)!.remaining).toBe(0);
      const documents = lines.flatMap((line) => line.documents);
      expect(documents).toEqual(await pulled(name, version));
      // Each line's checkpoint is a pull's: pulling after it gives exactly the documents of the lines that follow.
      if (lines.length > 1) {
        const after = await get(`/sync/${name}/${version}/pull?checkpoint=${encodeURIComponent(JSON.stringify(lines[0]!.checkpoint))}&limit=5000`);
        expect(((await after.json()) as { documents: unknown[] }).documents).toEqual(lines.slice(1).flatMap((line) => line.documents));
      }
      if (name === 'stock') expect(documents.every((doc) => (doc as { storeId: string }).storeId === 'S1')).toBe(true);
      for (const field of collections[name as keyof typeof collections].serverOnly)
        expect(documents.some((doc) => Object.hasOwn(doc as object, field))).toBe(false);
    },
  );

  it('has no snapshot of collections devices push, nor for an unknown device', async () => {
    expect((await get(`/sync/sales/${collections.sales.version}/snapshot`)).status).toBe(404);
    expect((await get(`/sync/facts/${collections.facts.version}/snapshot`)).status).toBe(404);
    const anonymous = await fetch(`${server.url}/sync/products/${collections.products.version}/snapshot`);
    expect(anonymous.status).toBe(401);
  });
});
