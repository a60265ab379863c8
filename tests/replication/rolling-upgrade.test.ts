import { afterEach, describe, expect, it } from 'vitest';
import { createRxDatabase } from 'rxdb';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import {
  collections,
  completeCashSale,
  newId,
  saleV0,
  SaleSchema,
  SaleSchemaV0,
  systemClock,
  toRxJsonSchema,
  type EnrollResponse,
  type Product,
  type Sale,
} from '../../src/domain/index.js';
import { createVitrineDatabase, type VitrineDatabase } from '../../src/app/db/database.js';
import { startReplication, type VitrineReplication } from '../../src/app/db/replication.js';
import { startTestServer, type TestServer } from '../server/harness.js';
import { DEMO_ASSOCIATE_ID } from './till.js';
import { eventually } from './till.js';

/**
 * Sales went from schema v0 to v1 (a nullable customerId). During the rollout some tablets still run the old app:
 * the server serves both versions, and a tablet that updates with an unsynced sale migrates it and pushes it.
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

async function http<T>(token: string, path: string, body?: unknown): Promise<{ status: number; json: T }> {
  const res = await fetch(`${server.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as T };
}

describe('rolling upgrade of the sales schema (v0 → v1)', () => {
  it('serves old and new apps at once, and an updated tablet migrates and pushes the sale it rang up before the update', async () => {
    server = await startTestServer({ catalogSize: 20 });
    const [product, other] = server.products;
    const oldTablet = await server.enrollDevice('S1', 'Old app');
    const newTablet = await server.enrollDevice('S1', 'Updated app');

    // An old app pushes a v0 sale; the server accepts it and stores it in the current shape.
    const oldSale = saleV0.downgrade(sellOne(oldTablet, product!));
    expect('customerId' in oldSale).toBe(false);
    const pushed = await http<Record<string, unknown>[]>(oldTablet.token, '/sync/sales/0/push', [
      { assumedMasterState: null, newDocumentState: oldSale },
    ]);
    // The answer is the decided sale, in the old app's own version (no customerId).
    expect(pushed.status).toBe(200);
    expect(pushed.json).toEqual([expect.objectContaining({ id: oldSale.id, outcome: expect.objectContaining({ status: 'accepted' }) })]);
    expect('customerId' in pushed.json[0]!).toBe(false);

    // The updated tablet: its v0 database holds a sale rung up offline, not yet pushed, when the app updates.
    const storage = getRxStorageMemory();
    const name = `upgrade-${Date.now()}`;
    const before = await createRxDatabase({ name, storage, multiInstance: false });
    await before.addCollections({ sales: { schema: toRxJsonSchema({ ...collections.sales, schema: SaleSchemaV0, version: 0 }) as never } });
    const unsynced = saleV0.downgrade(sellOne(newTablet, other!));
    await before.collections.sales!.insert(unsynced);
    await before.close();

    db = await createVitrineDatabase({ storage, name, devMode: true });
    const migrated = (await db.sales.findOne(unsynced.id).exec())?.toMutableJSON();
    expect(migrated).toMatchObject({ id: unsynced.id, customerId: null });
    expect(migrated?.outcome).toBeUndefined();

    replication = startReplication({ db, baseUrl: server.url, token: newTablet.token, retryTime: 200 });
    const withCustomer = sellOne(newTablet, product!, 'CUST-0042');
    await db.sales.insert(withCustomer);
    await eventually(async () => {
      for (const id of [unsynced.id, withCustomer.id, oldSale.id]) {
        expect((await db!.sales.findOne(id).exec())?.outcome?.status).toBe('accepted');
      }
    });

    // New apps pull v1 (every sale has customerId); old apps pull v0 (no customerId), valid against the v0 schema.
    const v1 = await http<{ documents: Sale[] }>(newTablet.token, '/sync/sales/1/pull?limit=100');
    const v1ById = new Map(v1.json.documents.map((d) => [d.id, d]));
    expect(v1ById.get(oldSale.id)?.customerId).toBeNull();
    expect(v1ById.get(withCustomer.id)?.customerId).toBe('CUST-0042');
    for (const doc of v1.json.documents) expect(SaleSchema.safeParse(doc).success).toBe(true);

    const v0 = await http<{ documents: Record<string, unknown>[] }>(oldTablet.token, '/sync/sales/0/pull?limit=100');
    expect(v0.json.documents.map((d) => d.id).sort()).toEqual([oldSale.id, unsynced.id, withCustomer.id].sort());
    for (const doc of v0.json.documents) {
      expect('customerId' in doc).toBe(false);
      const { _deleted, ...entity } = doc;
      expect(_deleted).toBe(false);
      expect(SaleSchemaV0.strict().safeParse(entity).success).toBe(true);
    }

    // A version the server no longer serves is told to update.
    expect((await http(newTablet.token, '/sync/sales/7/pull')).status).toBe(426);
  });
});
