import { afterEach, describe, expect, it } from 'vitest';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { collections, toRxJsonSchema } from '../../domain/index.js';
import { product } from '../../domain/testing/fixtures.js';
import { createVitrineDatabase, type VitrineDatabase } from './database.js';
import { lookupBarcode, searchProducts } from './lookup.js';

let db: VitrineDatabase | undefined;
let n = 0;
const open = async () => (db = await createVitrineDatabase({ storage: getRxStorageMemory(), name: `dbtest${++n}`, devMode: true }));
afterEach(async () => {
  await db?.remove();
  db = undefined;
});

describe('createVitrineDatabase', () => {
  it('creates every registry collection with the schema derived from zod', async () => {
    const d = await open();
    for (const spec of Object.values(collections)) {
      const coll = d.collections[spec.name as keyof typeof d.collections];
      expect(coll.schema.primaryPath).toBe(spec.primaryKey);
      expect(coll.schema.jsonSchema.properties).toMatchObject(toRxJsonSchema(spec).properties);
    }
  });

  it('stores a product and refuses an invalid one (dev-mode validation)', async () => {
    const d = await open();
    await d.products.insert(product());
    await expect(d.products.insert({ ...product({ sku: 'X-1' }), barcode: 'abc' })).rejects.toThrow();
  });
});

describe('lookupBarcode', () => {
  it('finds by barcode index, then by SKU, else null', async () => {
    const d = await open();
    await d.products.bulkInsert([
      product(),
      product({ sku: 'CAM-0002-M-AZU', barcode: '7890000000028', name: 'Camiseta Básica', searchName: 'camiseta basica' }),
    ]);
    expect((await lookupBarcode(d, '7890000000028'))?.sku).toBe('CAM-0002-M-AZU');
    expect((await lookupBarcode(d, 'ten-0001-42-pre'))?.barcode).toBe('7890000000011');
    expect(await lookupBarcode(d, '7890000000035')).toBeNull();
    expect(await lookupBarcode(d, '  ')).toBeNull();
  });

  it('searches by accent-folded name prefix and by SKU prefix', async () => {
    const d = await open();
    await d.products.bulkInsert([
      product(),
      product({ sku: 'CAM-0002-M-AZU', barcode: '7890000000028', name: 'Camiseta Básica', searchName: 'camiseta basica' }),
    ]);
    expect((await searchProducts(d, 'Tên')).map((p) => p.sku)).toEqual(['TEN-0001-42-PRE']);
    expect((await searchProducts(d, 'CAMISETA B')).map((p) => p.sku)).toEqual(['CAM-0002-M-AZU']);
    expect((await searchProducts(d, 'cam-00')).map((p) => p.sku)).toEqual(['CAM-0002-M-AZU']);
    expect(await searchProducts(d, 'zzz')).toEqual([]);
  });
});
