import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EnrollResponse, Product, Sale, StockLevel } from '../../src/domain/index.js';
import { cashSale, pushRow, syncClient } from './client.js';
import { startTestServer, type TestServer } from './harness.js';

/** What a push answered: each pushed sale as the server decided it. */
const decisions = (answered: Sale[]) => answered.map((d) => [d.id, d.outcome?.status]);

let server: TestServer;
let till1: EnrollResponse;
let till2: EnrollResponse;
let skuCursor = 0;

beforeAll(async () => {
  server = await startTestServer({ catalogSize: 60 });
  till1 = await server.enrollDevice('S1', 'Till 1');
  till2 = await server.enrollDevice('S1', 'Till 2');
});
afterAll(() => server.close());

const level = async (storeId: string, sku: string): Promise<StockLevel> =>
  JSON.parse((await server.store.getDocument('stock', `${storeId}:${sku}`))!.body) as StockLevel;
const storedSale = async (id: string) => {
  const doc = await server.store.getDocument('sales', id);
  return doc ? JSON.parse(doc.body) : undefined;
};
/** A product of S1 with at least `min` units, not used by another test of this file. */
async function freshProduct(min = 1): Promise<{ product: Product; onHand: number }> {
  for (; skuCursor < server.products.length; ) {
    const product = server.products[skuCursor++]!;
    const { onHand } = await level('S1', product.sku);
    if (onHand >= min) return { product, onHand };
  }
  throw new Error('catalog too small for this test file');
}

describe('pushing sales', () => {
  it('applies the same sale once: a second push and a batch retry move no more stock and answer the master', async () => {
    const client = syncClient(server.url, till1.token);
    const { product, onHand } = await freshProduct(2);
    const { product: other, onHand: otherOnHand } = await freshProduct(1);
    const sale = cashSale(till1.store, till1.deviceId, [{ product, quantity: 2 }]);
    const second = cashSale(till1.store, till1.deviceId, [{ product: other, quantity: 1 }]);

    // Each new sale is answered as decided, so the device has its outcome even if the stream misses it.
    const first = await client.push('sales', [pushRow(sale), pushRow(second)]);
    expect(first.status).toBe(200);
    expect(first.body.map((d: Sale) => [d.id, d.outcome?.status])).toEqual([
      [sale.id, 'accepted'],
      [second.id, 'accepted'],
    ]);
    expect((await level('S1', product.sku)).onHand).toBe(onHand - 2);

    const again = await client.push('sales', [pushRow(sale)]);
    expect(again.status).toBe(200);
    expect(again.body).toHaveLength(1);
    expect(again.body[0]).toMatchObject({ id: sale.id, _deleted: false, outcome: { status: 'accepted', code: null } });

    const retry = await client.push('sales', [pushRow(sale), pushRow(second)]);
    expect(retry.body.map((d: { id: string }) => d.id)).toEqual([sale.id, second.id]);

    expect((await level('S1', product.sku)).onHand).toBe(onHand - 2);
    expect((await level('S1', other.sku)).onHand).toBe(otherOnHand - 1);
    const movements = (await server.store.movementsFor('S1', product.sku)).filter((m) => m.reason === 'sale');
    expect(movements).toEqual([expect.objectContaining({ id: `${sale.id}:1`, quantity: -2, sourceId: sale.id })]);

    // A device that adopted the master (outcome included) and pushes it again gets no conflict.
    const adopted = await client.push('sales', [pushRow(again.body[0])]);
    expect(adopted).toEqual({ status: 200, body: [] });
  });

  it('answers 400 with field errors and writes nothing when any row is invalid', async () => {
    const client = syncClient(server.url, till1.token);
    const { product, onHand } = await freshProduct(1);
    const valid = cashSale(till1.store, till1.deviceId, [{ product, quantity: 1 }]);
    const invalid = cashSale(till1.store, till1.deviceId, [{ product, quantity: 1 }]);
    const broken = { ...invalid, lines: [{ ...invalid.lines[0]!, quantity: 0 }] };

    const res = await client.push('sales', [pushRow(valid), pushRow(broken)]);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.fieldErrors).toContainEqual(expect.objectContaining({ path: '1.newDocumentState.lines.0.quantity' }));
    expect(await storedSale(valid.id)).toBeUndefined();
    expect(await storedSale(invalid.id)).toBeUndefined();
    expect((await level('S1', product.sku)).onHand).toBe(onHand);
    expect(await server.store.movementsFor('S1', product.sku)).not.toContainEqual(expect.objectContaining({ reason: 'sale' }));

    const notJson = await client.push('sales', '{"oops"');
    expect(notJson.status).toBe(400);
    const notArray = await client.push('sales', { newDocumentState: valid });
    expect(notArray.status).toBe(400);
    const empty = await client.push('sales', []);
    expect(empty.status).toBe(400);
    expect(await storedSale(valid.id)).toBeUndefined();
  });

  it('stores a sale with wrong totals as rejected without moving stock, and accepts the valid sale behind it', async () => {
    const client = syncClient(server.url, till1.token);
    const { product, onHand } = await freshProduct(2);
    const good = cashSale(till1.store, till1.deviceId, [{ product, quantity: 1 }]);
    const base = cashSale(till1.store, till1.deviceId, [{ product, quantity: 1 }]);
    const tampered = { ...base, totals: { ...base.totals, total: base.totals.total - 100, change: base.totals.change + 100 } };
    // The device's own outcome is ignored.
    const claimed = { ...tampered, outcome: { status: 'accepted' as const, code: null, message: null, decidedAt: new Date().toISOString() } };

    const res = await client.push('sales', [pushRow(claimed), pushRow(good)]);
    expect(res.status).toBe(200);
    expect(decisions(res.body)).toEqual([
      [tampered.id, 'rejected'],
      [good.id, 'accepted'],
    ]);
    expect((await storedSale(tampered.id)).outcome).toMatchObject({ status: 'rejected', code: 'SALE_TOTALS_MISMATCH' });
    expect((await storedSale(good.id)).outcome).toMatchObject({ status: 'accepted', code: null, message: null });
    expect((await level('S1', product.sku)).onHand).toBe(onHand - 1);
    const saleMoves = (await server.store.movementsFor('S1', product.sku)).filter((m) => m.reason === 'sale');
    expect(saleMoves.map((m) => m.sourceId)).toEqual([good.id]);

    // The outcome reaches the device by pull.
    const pulled = await client.pullAll('sales');
    expect(pulled.documents).toContainEqual(expect.objectContaining({ id: tampered.id, outcome: expect.objectContaining({ status: 'rejected' }) }));
  });

  it('counts two offline sales of the last unit from two tills: level −1, flagged, two movements', async () => {
    const { product, onHand } = await freshProduct(1);
    const c1 = syncClient(server.url, till1.token);
    const c2 = syncClient(server.url, till2.token);
    if (onHand > 1) {
      expect((await c1.push('sales', [pushRow(cashSale(till1.store, till1.deviceId, [{ product, quantity: onHand - 1 }]))])).status).toBe(200);
    }
    expect((await level('S1', product.sku)).onHand).toBe(1);
    const a = cashSale(till1.store, till1.deviceId, [{ product, quantity: 1 }]);
    const b = cashSale(till2.store, till2.deviceId, [{ product, quantity: 1 }]);
    const [ra, rb] = await Promise.all([c1.push('sales', [pushRow(a)]), c2.push('sales', [pushRow(b)])]);
    expect([ra.status, rb.status]).toEqual([200, 200]);
    expect([...decisions(ra.body), ...decisions(rb.body)]).toEqual([
      [a.id, 'accepted'],
      [b.id, 'accepted'],
    ]);
    expect((await storedSale(a.id)).outcome.status).toBe('accepted');
    expect((await storedSale(b.id)).outcome.status).toBe('accepted');
    expect(await level('S1', product.sku)).toMatchObject({ onHand: -1, available: -1, belowZero: true });
    const lastTwo = (await server.store.movementsFor('S1', product.sku)).filter((m) => m.sourceId === a.id || m.sourceId === b.id);
    expect(lastTwo.map((m) => m.quantity)).toEqual([-1, -1]);
  });

  it('applies a batch selling one SKU in several sales in push order: one movement per line, the level ends below zero', async () => {
    const client = syncClient(server.url, till1.token);
    const { product, onHand } = await freshProduct(1);
    const { product: other, onHand: otherOnHand } = await freshProduct(1);
    const seqBefore = (await server.store.getDocument('stock', `S1:${product.sku}`))!.seq;
    const first = cashSale(till1.store, till1.deviceId, [{ product, quantity: onHand }]);
    const base = cashSale(till1.store, till1.deviceId, [{ product, quantity: 1 }]);
    const tampered = { ...base, totals: { ...base.totals, total: base.totals.total - 1, change: base.totals.change + 1 } };
    const second = cashSale(till1.store, till1.deviceId, [
      { product: other, quantity: 1 },
      { product, quantity: 1 },
    ]);
    const third = cashSale(till1.store, till1.deviceId, [{ product, quantity: 1 }]);

    const res = await client.push('sales', [first, tampered, second, third].map(pushRow));
    expect(res.status).toBe(200);
    expect(decisions(res.body).map(([, status]) => status)).toEqual(['accepted', 'rejected', 'accepted', 'accepted']);
    expect((await storedSale(tampered.id)).outcome).toMatchObject({ status: 'rejected', code: 'SALE_TOTALS_MISMATCH' });
    for (const s of [first, second, third]) expect((await storedSale(s.id)).outcome.status).toBe('accepted');
    expect(await level('S1', product.sku)).toMatchObject({ onHand: -2, available: -2, belowZero: true });
    expect((await level('S1', other.sku)).onHand).toBe(otherOnHand - 1);
    const moves = (await server.store.movementsFor('S1', product.sku)).filter((m) => m.reason === 'sale');
    expect(moves.map((m) => [m.id, m.quantity])).toEqual([
      [`${first.id}:1`, -onHand],
      [`${second.id}:2`, -1],
      [`${third.id}:1`, -1],
    ]);
    // Every written document has its own fresh seq, the level included.
    const seqs = await Promise.all(
      [...[first, tampered, second, third].map((s) => ['sales', s.id]), ['stock', `S1:${product.sku}`], ['stock', `S1:${other.sku}`]].map(
        async ([c, id]) => (await server.store.getDocument(c!, id!))!.seq,
      ),
    );
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(Math.min(...seqs)).toBeGreaterThan(seqBefore);
  });

  it('applies a sale pushed twice in one batch once, answering the second copy with the stored master', async () => {
    const client = syncClient(server.url, till1.token);
    const { product, onHand } = await freshProduct(2);
    const sale = cashSale(till1.store, till1.deviceId, [{ product, quantity: 1 }]);
    const between = cashSale(till1.store, till1.deviceId, [{ product, quantity: 1 }]);

    const res = await client.push('sales', [pushRow(sale), pushRow(between), pushRow(sale)]);
    expect(res.status).toBe(200);
    expect(res.body.map((d: Sale) => d.id)).toEqual([sale.id, between.id, sale.id]);
    expect(res.body[0]).toMatchObject({ id: sale.id, outcome: { status: 'accepted', code: null } });
    expect((await level('S1', product.sku)).onHand).toBe(onHand - 2);
    const moves = (await server.store.movementsFor('S1', product.sku)).filter((m) => m.reason === 'sale');
    expect(moves.map((m) => m.id)).toEqual([`${sale.id}:1`, `${between.id}:1`]);

    // The same sale twice after it is stored: two conflicts, nothing moves.
    const again = await client.push('sales', [pushRow(sale), pushRow(sale)]);
    expect(again.body).toEqual([res.body[0], res.body[0]]);
    expect((await level('S1', product.sku)).onHand).toBe(onHand - 2);
  });

  it("refuses, whole, a batch reusing another store's sale id, even behind a valid sale (403, nothing written)", async () => {
    const s2 = await server.enrollDevice('S2', 'Savassi till 2');
    const { product, onHand } = await freshProduct(1);
    const s2Sale = cashSale(s2.store, s2.deviceId, [{ product, quantity: 1 }]);
    expect((await syncClient(server.url, s2.token).push('sales', [pushRow(s2Sale)])).status).toBe(200);
    const own = cashSale(till1.store, till1.deviceId, [{ product, quantity: 1 }]);
    const hijack = { ...cashSale(till1.store, till1.deviceId, [{ product, quantity: 1 }]), id: s2Sale.id };

    const res = await syncClient(server.url, till1.token).push('sales', [pushRow(own), pushRow(hijack)]);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
    expect(await storedSale(own.id)).toBeUndefined();
    expect((await level('S1', product.sku)).onHand).toBe(onHand);
    expect(await server.store.movementsFor('S1', product.sku)).not.toContainEqual(expect.objectContaining({ sourceId: own.id }));
  });

  it('refuses, whole, a batch holding a sale for another store or device (403, nothing written)', async () => {
    const s2 = await server.enrollDevice('S2', 'Savassi till');
    const client = syncClient(server.url, s2.token);
    const { product, onHand } = await freshProduct(1);
    const own = cashSale(s2.store, s2.deviceId, [{ product, quantity: 1 }]);
    const forS1 = cashSale(till1.store, s2.deviceId, [{ product, quantity: 1 }]);
    const res = await client.push('sales', [pushRow(own), pushRow(forS1)]);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
    expect(res.body.error.fieldErrors).toContainEqual(expect.objectContaining({ path: '1.newDocumentState.storeId' }));
    const otherDevice = cashSale(s2.store, till1.deviceId, [{ product, quantity: 1 }]);
    expect((await client.push('sales', [pushRow(otherDevice)])).status).toBe(403);
    for (const s of [own, forS1, otherDevice]) expect(await storedSale(s.id)).toBeUndefined();
    expect((await level('S1', product.sku)).onHand).toBe(onHand);
  });
});

describe('the cost of a push', () => {
  it('is a fixed number of store calls per batch: 40 sales of two lines cost what one sale costs', async () => {
    const client = syncClient(server.url, till1.token);
    const [{ product: a }, { product: b }] = [await freshProduct(1), await freshProduct(1)];
    const calls: string[] = [];
    const transaction = server.store.transaction.bind(server.store);
    server.store.transaction = (work) =>
      transaction((tx) =>
        work(
          new Proxy(tx, {
            get(target, name, receiver) {
              const value = Reflect.get(target, name, receiver);
              if (typeof value !== 'function') return value;
              return (...args: unknown[]) => {
                calls.push(String(name));
                return value.apply(target, args);
              };
            },
          }),
        ),
      );
    try {
      const costOf = async (sales: number) => {
        calls.length = 0;
        const batch = Array.from({ length: sales }, () =>
          cashSale(till1.store, till1.deviceId, [
            { product: a, quantity: 1 },
            { product: b, quantity: 1 },
          ]),
        );
        expect((await client.push('sales', batch.map(pushRow))).status).toBe(200);
        return [...calls];
      };
      const one = await costOf(1);
      expect(await costOf(40)).toEqual(one);
      expect(one.length).toBeLessThanOrEqual(8);
    } finally {
      server.store.transaction = transaction;
    }
  });
});
