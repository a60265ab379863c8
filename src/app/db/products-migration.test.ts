import { createRxDatabase } from 'rxdb';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { describe, expect, it } from 'vitest';
import { collections, ProductSchemaV0, productV0, toRxJsonSchema } from '../../domain/index.js';
import { product } from '../../domain/testing/fixtures.js';
import { createVitrineDatabase } from './database.js';
import { styleVariants } from './style-variants.js';

describe('products schema v0 → v1 on the device (product images, the styleCode index)', () => {
  it('an app updated over a v0 catalog keeps its products and finds them by style at once', async () => {
    const storage = getRxStorageMemory();
    const name = `products-upgrade-${Date.now()}`;
    const before = await createRxDatabase({ name, storage, multiInstance: false });
    const v0Spec = { ...collections.products, schema: ProductSchemaV0, version: 0, legacy: [], indexes: ['barcode', 'searchName'] as const };
    await before.addCollections({ products: { schema: toRxJsonSchema(v0Spec as never) as never } });
    const stored = [
      product({ sku: 'STY-1-M-PRE', styleCode: 'STY-1', size: 'M' }),
      product({ sku: 'STY-1-G-PRE', styleCode: 'STY-1', size: 'G' }),
      product({ sku: 'STY-2-M-PRE', styleCode: 'STY-2', size: 'M' }),
    ].map((p) => productV0.downgrade(p));
    await before.products!.bulkInsert(stored);
    await before.close();

    const after = await createVitrineDatabase({ storage, name, collections: ['products'] });
    try {
      expect(collections.products.version).toBeGreaterThan(0);
      expect((await styleVariants(after, 'STY-1')).map((p) => p.sku).sort()).toEqual(['STY-1-G-PRE', 'STY-1-M-PRE']);
      expect(await after.products.count().exec()).toBe(3);
    } finally {
      await after.remove();
    }
  });

  it('an app updated over a 100,000-product catalog migrates it in seconds, not the minutes of 10 documents per step', async () => {
    const storage = getRxStorageMemory();
    const name = `products-upgrade-large-${Date.now()}`;
    const before = await createRxDatabase({ name, storage, multiInstance: false });
    const v0Spec = { ...collections.products, schema: ProductSchemaV0, version: 0, legacy: [], indexes: ['barcode', 'searchName'] as const };
    await before.addCollections({ products: { schema: toRxJsonSchema(v0Spec as never) as never } });
    const count = 100_000;
    const catalog = Array.from({ length: count }, (_, i) =>
      productV0.downgrade(product({ sku: `STY-${i}`, styleCode: `STY-${Math.floor(i / 10)}`, searchName: `produto ${i}` })),
    );
    for (let i = 0; i < count; i += 10_000) await before.products!.bulkInsert(catalog.slice(i, i + 10_000));
    await before.close();

    const started = performance.now();
    const after = await createVitrineDatabase({ storage, name, collections: ['products'] });
    const ms = performance.now() - started;
    try {
      console.info(`products v0 → v1: ${count} migrated in ${Math.round(ms)} ms`);
      expect(await after.products.count().exec()).toBe(count);
      expect((await styleVariants(after, 'STY-4321')).length).toBe(10);
      // ~3 s here; generous for a loaded CI machine (10 per step took over 5 minutes).
      expect(ms).toBeLessThan(60_000);
    } finally {
      await after.remove();
    }
  }, 180_000);
});
