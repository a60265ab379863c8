import { afterEach, describe, expect, it } from 'vitest';
import { addRxPlugin, createRxDatabase } from 'rxdb';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import {
  collections,
  completeCashSale,
  completeSale,
  newId,
  saleV0,
  saleV1,
  SaleSchema,
  SaleSchemaV0,
  SaleSchemaV1,
  systemClock,
  toRxJsonSchema,
  type EnrollResponse,
  type Product,
  type Sale,
} from '../../src/domain/index.js';
import { cardTender, pixTender } from '../../src/domain/testing/sales.js';
import { createVitrineDatabase, type VitrineDatabase } from '../../src/app/db/database.js';
import { startReplication, type VitrineReplication } from '../../src/app/db/replication.js';
import { startTestServer, type TestServer } from '../server/harness.js';
import { DEMO_ASSOCIATE_ID } from './till.js';
import { eventually } from './till.js';

/**
 * Sales went from schema v0 to v1 (a nullable customerId), then to v2 (every tender, line discounts, receipt
 * numbers, the store's roundings). During a rollout some tablets still run an older app: the server serves every
 * version, checks what the old apps push as v2 sales, and answers each app in its own version; a tablet that updates
 * with an unsynced sale migrates it with the same upgrade and pushes it.
 */
let server: TestServer;
let db: VitrineDatabase | undefined;
let replication: VitrineReplication | undefined;
afterEach(async () => {
  await replication?.cancel();
  await db?.remove();
  await server?.close();
  db = replication = undefined;
});

const sellOne = (enrollment: EnrollResponse, product: Product, customerId: string | null = null): Sale =>
  completeCashSale({
    store: enrollment.store,
    deviceId: enrollment.deviceId,
    associateId: DEMO_ASSOCIATE_ID,
    lines: [{ sku: product.sku, name: product.name, quantity: 1, unitPrice: product.price.amount, taxClass: product.taxClass }],
    cashTendered: product.price.amount,
    customerId,
    newId,
    clock: systemClock,
  });

/** A v2 sale only the updated app can ring up: split over a card and a Pix, for a customer. */
const sellSplit = (enrollment: EnrollResponse, product: Product): Sale => {
  const price = product.price.amount;
  return completeSale({
    store: enrollment.store,
    deviceId: enrollment.deviceId,
    associateId: DEMO_ASSOCIATE_ID,
    receiptNumber: 'S1-04-000001',
    lines: [{ sku: product.sku, name: product.name, quantity: 1, unitPrice: price, taxClass: product.taxClass }],
    tenders: [cardTender(newId(), price - 1000, { installments: 2 }), pixTender(newId(), 1000, { confirmedBy: DEMO_ASSOCIATE_ID })],
    customerId: 'CUST-0042',
    newId,
    clock: systemClock,
  });
};

async function http<T>(token: string, path: string, body?: unknown): Promise<{ status: number; json: T }> {
  const res = await fetch(`${server.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as T };
}

describe('rolling upgrade of the sales schema (v0 → v1 → v2)', () => {
  it('serves apps of every version at once, and an updated tablet migrates and pushes the sale it rang up before the update', async () => {
    expect(collections.sales.version).toBe(4);
    server = await startTestServer({ catalogSize: 20 });
    const [product, other, third] = server.products;
    const v0Tablet = await server.enrollDevice('S1', 'App v0');
    const v1Tablet = await server.enrollDevice('S1', 'App v1');
    const newTablet = await server.enrollDevice('S1', 'Updated app');

    // An app on v0 pushes a v0 sale; the server checks it as v2 and answers it in v0 (no customerId).
    const v0Sale = saleV0.downgrade(sellOne(v0Tablet, product!));
    expect('customerId' in v0Sale).toBe(false);
    const pushedV0 = await http<Record<string, unknown>[]>(v0Tablet.token, '/sync/sales/0/push', [
      { assumedMasterState: null, newDocumentState: v0Sale },
    ]);
    expect(pushedV0.status).toBe(200);
    expect(pushedV0.json).toEqual([expect.objectContaining({ id: v0Sale.id, outcome: expect.objectContaining({ status: 'accepted' }) })]);
    expect('customerId' in pushedV0.json[0]!).toBe(false);

    // An app on v1 (the previous release) keeps selling: its sale is upgraded, price-checked, accepted, answered in v1.
    const v1Sale = saleV1.downgrade(sellOne(v1Tablet, other!, 'CUST-0007'));
    const pushedV1 = await http<Record<string, unknown>[]>(v1Tablet.token, '/sync/sales/1/push', [
      { assumedMasterState: null, newDocumentState: v1Sale },
    ]);
    expect(pushedV1.status).toBe(200);
    expect(pushedV1.json).toEqual([
      expect.objectContaining({ id: v1Sale.id, customerId: 'CUST-0007', outcome: expect.objectContaining({ status: 'accepted' }) }),
    ]);
    const { outcome: _decided, _deleted, ...answeredV1 } = pushedV1.json[0]!;
    expect(answeredV1).toEqual(v1Sale); // the old app adopts the decided sale as the one it holds

    // The updated tablet: its v1 database holds a sale rung up offline, not yet pushed, when the app updates.
    const storage = getRxStorageMemory();
    const name = `upgrade-${Date.now()}`;
    const before = await createRxDatabase({ name, storage, multiInstance: false });
    // The v1 app opened its sales at schema version 1 (migrated from 0 by then).
    addRxPlugin(RxDBMigrationSchemaPlugin);
    const v1Schema = toRxJsonSchema({ ...collections.sales, schema: SaleSchemaV1, version: 1 });
    await before.addCollections({ sales: { schema: v1Schema as never, migrationStrategies: { 1: (doc: unknown) => doc } } });
    const unsynced = saleV1.downgrade(sellOne(newTablet, third!, 'CUST-0009'));
    await before.collections.sales!.insert(unsynced);
    await before.close();

    db = await createVitrineDatabase({ storage, name, devMode: true });
    const migrated = (await db.sales.findOne(unsynced.id).exec())?.toMutableJSON();
    expect(migrated).toMatchObject({
      id: unsynced.id,
      customerId: 'CUST-0009',
      receiptNumber: expect.stringMatching(/^S1-00-\d{9}$/),
      taxRounding: 'line',
      cashRoundingStep: 1,
      tenders: unsynced.tenders,
      totals: { ...unsynced.totals, cashRounding: 0 },
    });
    expect(migrated?.outcome).toBeUndefined();

    replication = startReplication({ db, baseUrl: server.url, token: newTablet.token, retryTime: 200 });
    const split = sellSplit(newTablet, product!);
    await db.sales.insert(split);
    await eventually(async () => {
      for (const id of [unsynced.id, split.id, v0Sale.id, v1Sale.id]) {
        expect((await db!.sales.findOne(id).exec())?.outcome?.status).toBe('accepted');
      }
    });
    const all = [v0Sale.id, v1Sale.id, unsynced.id, split.id].sort();

    // The current apps pull v4 (gift cards sold), the apps of the releases before pull v3 (store credit) and v2; with
    // no gift card or credit tender among these sales all hold every sale with a receipt number and its tenders.
    const v4 = await http<{ documents: Sale[] }>(newTablet.token, '/sync/sales/4/pull?limit=100');
    expect(v4.json.documents.map((d) => d.id).sort()).toEqual(all);
    const v3 = await http<{ documents: Sale[] }>(newTablet.token, '/sync/sales/3/pull?limit=100');
    expect(v3.json.documents.map((d) => d.id).sort()).toEqual(all);
    const v2 = await http<{ documents: Sale[] }>(newTablet.token, '/sync/sales/2/pull?limit=100');
    expect(v2.json.documents.map((d) => d.id).sort()).toEqual(all);
    for (const doc of v2.json.documents) expect(SaleSchema.safeParse(doc).success).toBe(true);
    const v2ById = new Map(v2.json.documents.map((d) => [d.id, d]));
    expect(v2ById.get(split.id)?.tenders.map((t) => t.kind)).toEqual(['card', 'pix']);
    expect(v2ById.get(v1Sale.id)?.receiptNumber).toMatch(/^S1-00-\d{9}$/);

    // Apps on v1 pull v1: the card and the Pix as "card" of their amounts, valid against the v1 schema.
    const v1 = await http<{ documents: Record<string, unknown>[] }>(v1Tablet.token, '/sync/sales/1/pull?limit=100');
    expect(v1.json.documents.map((d) => d.id).sort()).toEqual(all);
    for (const { _deleted: deleted, ...entity } of v1.json.documents) {
      expect(deleted).toBe(false);
      expect(SaleSchemaV1.strict().safeParse(entity).success).toBe(true);
    }
    const splitV1 = v1.json.documents.find((d) => d.id === split.id)!;
    expect(splitV1.tenders).toEqual(split.tenders.map((t) => ({ id: t.id, kind: 'card', amount: t.amount })));
    expect(splitV1.customerId).toBe('CUST-0042');

    // Apps on v0 pull v0: no customerId, valid against the v0 schema.
    const v0 = await http<{ documents: Record<string, unknown>[] }>(v0Tablet.token, '/sync/sales/0/pull?limit=100');
    expect(v0.json.documents.map((d) => d.id).sort()).toEqual(all);
    for (const { _deleted: deleted, ...entity } of v0.json.documents) {
      expect(deleted).toBe(false);
      expect('customerId' in entity).toBe(false);
      expect(SaleSchemaV0.strict().safeParse(entity).success).toBe(true);
    }

    // A version the server no longer serves is told to update.
    expect((await http(newTablet.token, '/sync/sales/7/pull')).status).toBe(426);
  });
});
