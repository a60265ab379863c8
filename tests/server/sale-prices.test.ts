import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  collections,
  completeCashSale,
  completeSale,
  newId,
  PRICE_GRACE_DAYS,
  saleLookupKey,
  saleV0,
  saleV1,
  type EnrollResponse,
  type Product,
  type Sale,
  type StockLevel,
  type Store,
  type TaxClass,
} from '../../src/domain/index.js';
import { DEMO_STORES } from '../../sync-server/demo/seed.js';
import { demoAssociateId } from '../../sync-server/demo/staff.js';
import type { StoreTx } from '../../sync-server/store/store.js';
import { syncClient } from './client.js';
import { startTestServer, type TestServer } from './harness.js';
import { mintKey } from './integration-probe.js';

/**
 * The server checks every price, as an attacker would try it: sales whose figures add up but whose unit price, tax
 * class, tax rate or tax mode is not the store's are recorded rejected with a reason naming the line, and move no
 * stock; a till that sold at the price or rate of before a change (within the grace window) is not wrong.
 */
let now = new Date('2026-11-23T15:00:00.000Z');
let server: TestServer;
let key: string;
let s1: EnrollResponse;
let s3: EnrollResponse;
let skuCursor = 0;

beforeAll(async () => {
  server = await startTestServer({ catalogSize: 40, clock: () => now });
  key = (await mintKey(server.store)).apiKey;
  s1 = await server.enrollDevice('S1', 'Till prices');
  s3 = await server.enrollDevice('S3', 'Till prices S3');
});
afterAll(() => server.close());

const DAY_MS = 86_400_000;
const SALES = collections.sales.version; // 1 and 0 are the previous apps'

const level = async (storeId: string, sku: string): Promise<StockLevel> =>
  JSON.parse((await server.store.getDocument('stock', `${storeId}:${sku}`))!.body) as StockLevel;
const saleMoves = async (storeId: string, sku: string) => (await server.store.movementsFor(storeId, sku)).filter((m) => m.reason === 'sale');
const outcomes = (answered: Sale[]) => answered.map((s) => [s.outcome?.status, s.outcome?.code]);
const api = async (method: string, path: string, body: unknown) => {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return res.status;
};

/** A product of the store with at least `min` units, not used by another test of this file. */
async function freshProduct(storeId: string, min = 2): Promise<{ product: Product; onHand: number }> {
  for (; skuCursor < server.products.length; ) {
    const product = server.products[skuCursor++]!;
    const { onHand } = await level(storeId, product.sku);
    if (onHand >= min && product.taxClass === 'standard') return { product, onHand };
  }
  throw new Error('catalog too small for this test file');
}

/**
 * A sale whose figures add up, built by the till's own pricing code, at whatever unit price, tax class and store tax
 * settings it is given: what a tampered or stale till pushes.
 */
function saleOf(
  device: EnrollResponse,
  product: Product,
  {
    unitPrice = product.price.amount,
    taxClass = product.taxClass,
    store = device.store,
  }: { unitPrice?: number; taxClass?: TaxClass; store?: Store } = {},
): Sale {
  return completeCashSale({
    store,
    deviceId: device.deviceId,
    associateId: demoAssociateId(device.store.id),
    lines: [{ sku: product.sku, name: product.name, quantity: 1, unitPrice, taxClass }],
    cashTendered: unitPrice + 100_000,
    newId,
    clock: () => now,
  });
}

/** Pushes sales as an app of `version` would: current sales, or older apps' (saleV1/saleV0.downgrade). */
const push = (device: EnrollResponse, sales: readonly unknown[], version = SALES) =>
  syncClient(server.url, device.token).push(
    'sales',
    sales.map((newDocumentState) => ({ assumedMasterState: null, newDocumentState })),
    version,
  );

describe('the server checks every price', () => {
  it('records rejected a sale at 1 centavo, 0 or ten times the price, naming the line and the price; no stock moves', async () => {
    const { product, onHand } = await freshProduct('S1');
    const price = product.price.amount;
    const attacks = [1, 0, price * 10].map((unitPrice) => saleOf(s1, product, { unitPrice }));
    const honest = saleOf(s1, product);

    const res = await push(s1, [...attacks, honest]);
    expect(res.status).toBe(200);
    expect(outcomes(res.body)).toEqual([
      ['rejected', 'SALE_PRICE_UNKNOWN'],
      ['rejected', 'SALE_PRICE_UNKNOWN'],
      ['rejected', 'SALE_PRICE_UNKNOWN'],
      ['accepted', null],
    ]);
    const expected = `BRL\u00a0${(price / 100).toFixed(2)}`;
    for (const answered of res.body.slice(0, 3) as Sale[]) {
      expect(answered.outcome?.message).toContain(`line 1 (${product.name})`);
      expect(answered.outcome?.message).toContain(`the price is ${expected}`);
    }
    expect((await level('S1', product.sku)).onHand).toBe(onHand - 1);
    expect((await saleMoves('S1', product.sku)).map((m) => m.sourceId)).toEqual([honest.id]);
  });

  it("records rejected a tax rate of 0, another tax class or another tax mode than the store's; no stock moves", async () => {
    const { product, onHand } = await freshProduct('S1');
    const zeroRate = saleOf(s1, product, { store: { ...s1.store, taxRates: { ...s1.store.taxRates, standard: 0 } } });
    const reducedClass = saleOf(s1, product, { taxClass: 'reduced' });
    const taxAdded = saleOf(s1, product, { store: { ...s1.store, pricesIncludeTax: false } });

    const res = await push(s1, [zeroRate, reducedClass, taxAdded]);
    expect(outcomes(res.body)).toEqual([
      ['rejected', 'SALE_TAX_RATE_MISMATCH'],
      ['rejected', 'SALE_TAX_CLASS_MISMATCH'],
      ['rejected', 'SALE_TAX_MODE_MISMATCH'],
    ]);
    expect(res.body[0].outcome.message).toBe(`line 1 (${product.name}): taxed at 0 %, the store's standard rate is 18 %`);
    expect((await level('S1', product.sku)).onHand).toBe(onHand);
    expect(await saleMoves('S1', product.sku)).toEqual([]);
  });

  it("checks the previous app versions' sales (v1 and v0) the same way, as v2 sales", async () => {
    const { product, onHand } = await freshProduct('S1', 3);
    const v1 = await push(s1, [saleV1.downgrade(saleOf(s1, product, { unitPrice: 1 })), saleV1.downgrade(saleOf(s1, product))], 1);
    const v0 = await push(s1, [saleV0.downgrade(saleOf(s1, product, { unitPrice: 1 })), saleV0.downgrade(saleOf(s1, product))], 0);
    for (const res of [v1, v0]) {
      expect(res.status).toBe(200);
      expect(outcomes(res.body)).toEqual([
        ['rejected', 'SALE_PRICE_UNKNOWN'],
        ['accepted', null],
      ]);
    }
    expect((await level('S1', product.sku)).onHand).toBe(onHand - 2);
    // Each is answered in its app's version, and stored as v2 with a receipt number of its store.
    expect(v1.body[1]).not.toHaveProperty('receiptNumber');
    expect(v0.body[1]).not.toHaveProperty('customerId');
    const stored = JSON.parse((await server.store.getDocument('sales', v1.body[1].id))!.body) as Sale;
    expect(stored).toMatchObject({ receiptNumber: expect.stringMatching(/^S1-00-\d{9}$/), taxRounding: 'line', cashRoundingStep: 1 });
  });

  it('refuses, whole, a push from the previous app with a card tender: it has no approval code to record (400)', async () => {
    const { product, onHand } = await freshProduct('S1');
    const honest = saleV1.downgrade(saleOf(s1, product));
    const withCard = { ...saleV1.downgrade(saleOf(s1, product)), tenders: [{ id: newId(), kind: 'card' as const, amount: 200_000 }] };
    const res = await push(s1, [honest, withCard], 1);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      fieldErrors: [{ path: '1.newDocumentState.tenders.0.kind', message: expect.stringContaining('approval code') }],
    });
    expect(await server.store.getDocument('sales', honest.id)).toBeUndefined();
    expect((await level('S1', product.sku)).onHand).toBe(onHand);
  });

  it('accepts a sale split over card, Pix and cash with a reversed card, and finds it by its receipt number', async () => {
    const { product, onHand } = await freshProduct('S1');
    const price = product.price.amount;
    const receiptNumber = `S1-07-${String(Date.now() % 1_000_000).padStart(6, '0')}`;
    const sale = completeSale({
      store: s1.store,
      deviceId: s1.deviceId,
      associateId: demoAssociateId('S1'),
      receiptNumber,
      lines: [{ sku: product.sku, name: product.name, quantity: 1, unitPrice: price, taxClass: product.taxClass }],
      tenders: [
        {
          kind: 'card',
          id: newId(),
          amount: price,
          funding: 'credit',
          brand: 'elo',
          last4: '1234',
          approvalCode: 'X9',
          installments: 3,
          reversal: { reason: 'payment_failed', reversedBy: demoAssociateId('S1') },
        },
        { kind: 'card', id: newId(), amount: 1000, funding: 'debit', brand: 'visa', last4: '4242', approvalCode: 'A1B2C3', installments: 1 },
        { kind: 'pix', id: newId(), amount: 500, txid: 'VENDA1', reference: 'Maria S.', confirmedBy: demoAssociateId('S1') },
        { kind: 'cash', id: newId(), amount: price },
      ],
      newId,
      clock: () => now,
    });
    expect(sale.totals).toMatchObject({ total: price, tendered: price + 1500, change: 1500 });
    expect(outcomes((await push(s1, [sale])).body)).toEqual([['accepted', null]]);
    expect((await level('S1', product.sku)).onHand).toBe(onHand - 1);
    // As an associate types it from the receipt, in any case.
    const found = await server.store.findByKey('sales', 'receiptNumber', saleLookupKey.receiptNumber(` ${receiptNumber.toLowerCase()} `));
    expect(found.map((d) => d.id)).toEqual([sale.id]);
  });

  it('records rejected a sale rounded differently from the store, or numbered for another store; no stock moves', async () => {
    const { product, onHand } = await freshProduct('S1');
    const perTotal = saleOf(s1, product, { store: { ...s1.store, taxRounding: 'total' } });
    const cashBy5 = saleOf(s1, product, { store: { ...s1.store, cashRounding: 5 } });
    const otherStore = { ...saleOf(s1, product), receiptNumber: 'S2-01-000001' };
    const res = await push(s1, [perTotal, cashBy5, otherStore]);
    expect(outcomes(res.body)).toEqual([
      ['rejected', 'SALE_TAX_ROUNDING_MISMATCH'],
      ['rejected', 'SALE_CASH_ROUNDING_MISMATCH'],
      ['rejected', 'SALE_RECEIPT_NUMBER_INVALID'],
    ]);
    expect(res.body[1].outcome.message).toBe('the till rounded cash to steps of 5; store S1 rounds it not at all');
    expect((await level('S1', product.sku)).onHand).toBe(onHand);
  });

  it('accepts a sale rung up offline at the price before a catalog change, and at the new price', async () => {
    const { product, onHand } = await freshProduct('S1');
    const offline = saleOf(s1, product); // rung up before the change, pushed after
    now = new Date(now.getTime() + 60_000);
    const repriced = { ...product, price: { ...product.price, amount: product.price.amount + 1_000 } };
    const { searchName: _derived, ...input } = repriced;
    expect(await api('PUT', '/api/products', { products: [input] })).toBe(200);

    const res = await push(s1, [offline, saleOf(s1, repriced)]);
    expect(outcomes(res.body)).toEqual([
      ['accepted', null],
      ['accepted', null],
    ]);
    expect((await level('S1', product.sku)).onHand).toBe(onHand - 2);
  });

  it("accepts a sale at the store's tax rate before a change of its settings, and at the new rate", async () => {
    const { product, onHand } = await freshProduct('S3');
    const before = saleOf(s3, product);
    const settings = DEMO_STORES.find((s) => s.id === 'S3')!;
    const raised = { ...settings, taxRates: { ...settings.taxRates, standard: settings.taxRates.standard + 200 } };
    const { id: _id, ...body } = raised;
    expect(await api('PUT', '/api/stores/S3', body)).toBe(200);

    const res = await push(s3, [before, saleOf(s3, product, { store: raised })]);
    expect(outcomes(res.body)).toEqual([
      ['accepted', null],
      ['accepted', null],
    ]);
    expect((await level('S3', product.sku)).onHand).toBe(onHand - 2);
  });

  it(`refuses a price and a tax rate replaced more than ${PRICE_GRACE_DAYS} days before the decision`, async () => {
    const { product, onHand } = await freshProduct('S1');
    const { product: s3Product } = await freshProduct('S3');
    const oldPrice = saleOf(s1, product);
    const oldRate = saleOf(s3, s3Product, { store: DEMO_STORES.find((s) => s.id === 'S3')! }); // the rate raised above
    now = new Date(now.getTime() + 60_000);
    const { searchName: _derived, ...input } = { ...product, price: { ...product.price, amount: product.price.amount + 500 } };
    expect(await api('PUT', '/api/products', { products: [input] })).toBe(200);
    now = new Date(now.getTime() + (PRICE_GRACE_DAYS + 1) * DAY_MS);

    expect(outcomes((await push(s1, [oldPrice])).body)).toEqual([['rejected', 'SALE_PRICE_UNKNOWN']]);
    expect(outcomes((await push(s3, [oldRate])).body)).toEqual([['rejected', 'SALE_TAX_RATE_MISMATCH']]);
    expect((await level('S1', product.sku)).onHand).toBe(onHand);
  });
});

describe('the cost of checking prices', () => {
  it('is a fixed number of store calls and SQL statements per batch (40 sales of two lines cost what one sale costs), none for the catalog', async () => {
    const [{ product: a }, { product: b }] = [await freshProduct('S1', 1), await freshProduct('S1', 1)];
    const calls: string[] = [];
    const transaction = server.store.transaction.bind(server.store);
    server.store.transaction = (work) => transaction((tx) => work(counting(tx, calls)));
    try {
      const costOf = async (sales: number) => {
        calls.length = 0;
        const batch = Array.from({ length: sales }, () =>
          completeCashSale({
            store: s1.store,
            deviceId: s1.deviceId,
            associateId: demoAssociateId('S1'),
            lines: [a, b].map((p) => ({ sku: p.sku, name: p.name, quantity: 1, unitPrice: p.price.amount, taxClass: p.taxClass })),
            cashTendered: a.price.amount + b.price.amount,
            newId,
            clock: () => now,
          }),
        );
        const res = await push(s1, batch);
        expect(outcomes(res.body).every(([status]) => status === 'accepted')).toBe(true);
        return [...calls];
      };
      const one = await costOf(1);
      expect(await costOf(40)).toEqual(one);
      // The store's settings, the products, the staff, the price histories and the store's replaced settings are
      // read before the transaction (facts/load.ts prefetchCatalog): inside, under the chain-wide seq lock, only what
      // it checks then writes: the sales already stored, then the movements recorded with the stock levels they
      // change read in the same call, then every document (sales and levels) written in one.
      expect(one.filter((c) => c === 'sql')).toHaveLength(0);
      expect(one).not.toContain('getStore');
      expect(one).toEqual(['getDocuments', 'recordMovements', 'putDocuments']);
    } finally {
      server.store.transaction = transaction;
    }
  });
});

/** The transaction with every store call and every SQL statement run on its own connection (`tx.sql`) recorded. */
function counting(tx: StoreTx, calls: string[]): StoreTx {
  const sql = tx.sql;
  const countedSql: StoreTx['sql'] =
    sql.dialect === 'postgres'
      ? {
          dialect: 'postgres',
          db: {
            query: ((...args: Parameters<typeof sql.db.query>) => {
              calls.push('sql');
              return sql.db.query(...args);
            }) as typeof sql.db.query,
          },
        }
      : { dialect: 'sqlite', db: countingSqlite(sql.db, calls) };
  return new Proxy(tx, {
    get(target, name, receiver) {
      if (name === 'sql') return countedSql;
      const value = Reflect.get(target, name, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.push(String(name));
        return value.apply(target, args);
      };
    },
  });
}

type SqliteDb = Extract<StoreTx['sql'], { dialect: 'sqlite' }>['db'];
function countingSqlite(db: SqliteDb, calls: string[]): SqliteDb {
  return new Proxy(db, {
    get(target, name) {
      const value = Reflect.get(target, name, target);
      if (name !== 'prepare') return typeof value === 'function' ? value.bind(target) : value;
      return (text: string) => {
        const statement = target.prepare(text);
        return new Proxy(statement, {
          get(s, n) {
            const v = Reflect.get(s, n, s);
            if (typeof v !== 'function') return v;
            if (n === 'all' || n === 'get' || n === 'run' || n === 'iterate') {
              return (...args: unknown[]) => {
                calls.push('sql');
                return v.apply(s, args);
              };
            }
            return v.bind(s);
          },
        });
      };
    },
  });
}
