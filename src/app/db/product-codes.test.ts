import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { afterEach, describe, expect, it } from 'vitest';
import type { Product } from '../../domain/index.js';
import { product } from '../../domain/testing/fixtures.js';
import { createVitrineDatabase, type VitrineDatabase } from './database.js';
import { lookupBarcode } from './lookup.js';
import { watchProductCodes } from './product-codes.js';
import { ProductSearchIndex } from './product-search-index.js';

let db: VitrineDatabase | undefined;
let index: ProductSearchIndex | undefined;
let n = 0;
afterEach(async () => {
  index?.stop();
  index = undefined;
  await db?.remove();
  db = undefined;
});

const open = async () => (db = await createVitrineDatabase({ storage: getRxStorageMemory(), name: `codestest${++n}`, devMode: false }));
const shirt = (over: Partial<Product> = {}) =>
  product({ sku: 'CAM-0002-M-AZU', barcode: '7890000000028', name: 'Camiseta', searchName: 'camiseta', ...over });

describe('product codes held in memory for the scan lookup', () => {
  it('answers every product a fresh device receives, by barcode or SKU, and knows an unknown code without the database', async () => {
    const d = await open();
    const codes = await watchProductCodes(d);
    expect(codes.isComplete).toBe(true);
    await d.products.bulkInsert([product(), shirt()]);
    expect(codes.find('7890000000028')?.sku).toBe('CAM-0002-M-AZU');
    expect(codes.find(' ten-0001-42-pre ')?.barcode).toBe('7890000000011');
    expect(codes.find('7890000000035')).toBeNull();
    // A plain product, as a query's toJSON() gives it: no storage fields for the cart to carry along.
    expect(Object.keys(codes.find('7890000000011')!).filter((key) => key.startsWith('_'))).toEqual([]);
    expect((await lookupBarcode(d, '7890000000028'))?.name).toBe('Camiseta');
  });

  it('follows a changed barcode, a changed price and a deleted product as they replicate', async () => {
    const d = await open();
    const codes = await watchProductCodes(d);
    await d.products.bulkInsert([product(), shirt()]);
    await d.products.upsert(shirt({ barcode: '7890000000042', price: { amount: 4990, currency: 'BRL' } }));
    expect(codes.find('7890000000028')).toBeNull();
    expect(codes.find('7890000000042')?.price.amount).toBe(4990);
    await (await d.products.findOne('TEN-0001-42-PRE').exec())!.remove();
    expect(codes.find('7890000000011')).toBeNull();
    expect(await lookupBarcode(d, 'TEN-0001-42-PRE')).toBeNull();
  });

  it('on a device that already holds its catalog, asks the database until the search index has read every product', async () => {
    const d = await open();
    await d.products.bulkInsert([product(), shirt()]);
    const codes = await watchProductCodes(d);
    expect(codes.isComplete).toBe(false);
    expect(codes.find('7890000000028')).toBeUndefined();
    expect((await lookupBarcode(d, '7890000000028'))?.sku).toBe('CAM-0002-M-AZU');
    // Changed while the build runs: the build's older read must not overwrite it.
    await d.products.upsert(shirt({ name: 'Camiseta Nova', searchName: 'camiseta nova' }));
    codes.fill([shirt()]);
    index = new ProductSearchIndex(d, 1);
    await index.build();
    expect(codes.isComplete).toBe(true);
    expect(codes.find('7890000000011')?.sku).toBe('TEN-0001-42-PRE');
    expect(codes.find('7890000000028')?.name).toBe('Camiseta Nova');
    expect(codes.find('7890000000035')).toBeNull();
  });
});
