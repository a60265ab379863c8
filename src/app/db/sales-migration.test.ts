import { createRxDatabase } from 'rxdb';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { describe, expect, it } from 'vitest';
import { collections, completeCashSale, type Sale, SaleSchema, SaleSchemaV0, saleV0, toRxJsonSchema } from '../../domain/index.js';
import { fixedClock, product, sequentialIds, storeS1 } from '../../domain/testing/fixtures.js';
import { createVitrineDatabase } from './database.js';

const shoe = product();
const sell = (ids: string): Sale =>
  completeCashSale({
    store: storeS1,
    deviceId: 'd1',
    associateId: 'S1-1001',
    lines: [{ sku: shoe.sku, name: shoe.name, quantity: 1, unitPrice: shoe.price.amount, taxClass: shoe.taxClass }],
    cashTendered: 15000,
    newId: sequentialIds(ids),
    clock: fixedClock(),
  });

describe('sales schema v0 → v4 on the device (an app updated over four releases at once)', () => {
  it('migrates unsynced and decided sales to v4 exactly as the server upgrades them, so both hold the same sale', async () => {
    expect(collections.sales.version).toBe(4);
    const storage = getRxStorageMemory();
    const name = `sales-upgrade-${Date.now()}`;
    const before = await createRxDatabase({ name, storage, multiInstance: false });
    const v0Spec = { ...collections.sales, schema: SaleSchemaV0, version: 0, legacy: [] };
    await before.addCollections({ sales: { schema: toRxJsonSchema(v0Spec as never) as never } });
    const unsynced = saleV0.downgrade(sell('unsynced'));
    const rejected = {
      ...saleV0.downgrade(sell('rejected')),
      outcome: { status: 'rejected' as const, code: 'SALE_PRICE_UNKNOWN', message: 'line 1: not a price', decidedAt: '2026-11-23T16:00:00.000Z' },
    };
    await before.sales!.bulkInsert([unsynced, rejected]);
    await before.close();

    const after = await createVitrineDatabase({ storage, name, collections: ['sales'], devMode: true });
    try {
      const migrated = (await after.sales.find().exec()).map((d) => d.toMutableJSON());
      expect(migrated).toHaveLength(2);
      for (const sale of migrated) {
        expect(SaleSchema.safeParse(sale).success).toBe(true);
        const original = sale.id === unsynced.id ? unsynced : rejected;
        expect(sale).toEqual(JSON.parse(JSON.stringify(saleV0.upgrade(original))));
      }
      expect(migrated.find((s) => s.id === unsynced.id)).toMatchObject({ receiptNumber: expect.stringMatching(/^S1-00-\d{9}$/), customerId: null });
      expect(migrated.find((s) => s.id === unsynced.id)?.outcome).toBeUndefined();
      expect(migrated.find((s) => s.id === rejected.id)?.outcome).toEqual(rejected.outcome);
    } finally {
      await after.remove();
    }
  });
});
