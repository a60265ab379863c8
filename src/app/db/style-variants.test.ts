import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Product } from '../../domain/index.js';
import { product } from '../../domain/testing/fixtures.js';
import { createVitrineDatabase, type VitrineDatabase } from './database.js';
import { styleVariants, styleVariantsQuery } from './style-variants.js';

/** Opening a style's grid at 100,000 products: the variants come from the styleCode index, not a pass over the catalog. */
const CATALOG = 100_000;
let db: VitrineDatabase;
let catalog: Product[];

/** A catalog like the demo's: styles of 2 to 4 colours in 3 to 6 sizes, variants of a style written together. */
function catalogOf(size: number): Product[] {
  const products: Product[] = [];
  for (let style = 1; products.length < size; style++) {
    const styleCode = `STY-${String(style).padStart(6, '0')}`;
    for (let c = 0; c < 2 + (style % 3) && products.length < size; c++) {
      for (let s = 0; s < 3 + (style % 4) && products.length < size; s++) {
        products.push(product({ sku: `${styleCode}-${s}-C${c}`, styleCode, size: String(34 + s), colour: `Cor ${c}`, name: `Estilo ${style}` }));
      }
    }
  }
  return products;
}

beforeAll(async () => {
  catalog = catalogOf(CATALOG);
  db = await createVitrineDatabase({ storage: getRxStorageMemory(), name: 'stylevariants', devMode: false });
  for (let i = 0; i < catalog.length; i += 10_000) await db.products.bulkInsert(catalog.slice(i, i + 10_000));
}, 120_000);
afterAll(() => db?.remove());

describe('style variants', () => {
  it('finds exactly the variants of a style, through the styleCode index', async () => {
    const style = catalog[5_000]!.styleCode;
    const expected = catalog.filter((p) => p.styleCode === style).map((p) => p.sku);
    expect((await styleVariants(db, style)).map((p) => p.sku).sort()).toEqual(expected.sort());
    expect(styleVariantsQuery(db, style).getPreparedQuery().queryPlan.index).toContain('styleCode');
  });
  // How fast a style opens is measured by the catalog bench (style grid open p50 / p95), not asserted here.
});
