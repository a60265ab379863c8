import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { afterEach, describe, expect, it } from 'vitest';
import { normalizeSearchText, type Product } from '../../domain/index.js';
import { product } from '../../domain/testing/fixtures.js';
import { createVitrineDatabase, type VitrineDatabase } from './database.js';
import { searchCatalog } from './product-search.js';
import { ProductSearchIndex } from './product-search-index.js';

let db: VitrineDatabase | undefined;
let index: ProductSearchIndex | undefined;
let n = 0;
afterEach(async () => {
  index?.stop();
  await db?.remove();
  db = undefined;
});

const item = (sku: string, name: string, over: Partial<Product> = {}): Product =>
  product({ sku, name, searchName: normalizeSearchText(name), barcode: over.barcode ?? product().barcode, ...over });

async function openWith(products: Product[], batchSize?: number) {
  db = await createVitrineDatabase({ storage: getRxStorageMemory(), name: `searchtest${++n}`, devMode: false });
  await db.products.bulkInsert(products);
  index = new ProductSearchIndex(db, batchSize);
  return { db, index };
}

const skus = (answer: { products: Product[] }) => answer.products.map((p) => p.sku);

describe('searchCatalog', () => {
  it('answers with the name prefix search until the word index is ready, then by words in any order with a typo', async () => {
    const { db, index } = await openWith([
      item('TEN-001-42-PRE', 'Tênis Corrida Leve Preto 42', { barcode: '7890000000011' }),
      item('CAM-001-M-AZM', 'Camiseta Básica Azul-Marinho M', { barcode: '7890000000028', category: 'Camisetas' }),
    ]);
    const warming = await searchCatalog(db, index, 'tenis cor', { limit: 20 });
    expect(skus(warming)).toEqual(['TEN-001-42-PRE']);
    expect(warming.total).toBeNull();
    expect(skus(await searchCatalog(db, index, 'preto tenis', { limit: 20 }))).toEqual([]);

    await index.build();
    expect(index.state.ready).toBe(true);
    const answer = await searchCatalog(db, index, 'PRETO corida tênis', { limit: 20 });
    expect(skus(answer)).toEqual(['TEN-001-42-PRE']);
    expect(answer.total).toBe(1);
  });

  it('finds by whole barcode and by SKU or its start, the exact code first', async () => {
    const { db, index } = await openWith([
      item('TEN-001-42-PRE', 'Tênis Corrida Preto 42', { barcode: '7890000000011' }),
      item('TEN-001-43-PRE', 'Tênis Corrida Preto 43', { barcode: '7890000000028' }),
      item('TEN-0010-42-PRE', 'Tênis Treino Preto 42', { barcode: '7890000000035' }),
    ]);
    await index.build();
    expect(skus(await searchCatalog(db, index, '7890000000028', { limit: 20 }))).toEqual(['TEN-001-43-PRE']);
    const byPrefix = await searchCatalog(db, index, 'ten-001', { limit: 20 });
    expect(skus(byPrefix)).toEqual(['TEN-001-42-PRE', 'TEN-001-43-PRE', 'TEN-0010-42-PRE']);
    expect(byPrefix.total).toBe(3);
    expect(skus(await searchCatalog(db, index, 'TEN-001-43-PRE', { limit: 20 }))).toEqual(['TEN-001-43-PRE']);
  });

  it('pages ranked results (20 of 143, then 40) and filters by category', async () => {
    const shirts = Array.from({ length: 143 }, (_, i) =>
      item(`CAM-${String(i).padStart(3, '0')}-M-PRE`, `Camiseta Lisa ${i}`, { barcode: product().barcode, category: 'Camisetas' }),
    );
    const { db, index } = await openWith([...shirts, item('BON-001-U-PRE', 'Boné Liso', { category: 'Acessórios' })]);
    await index.build();
    const first = await searchCatalog(db, index, 'lis', { limit: 20 });
    expect(first.products).toHaveLength(20);
    expect(first.total).toBe(144);
    expect(first.categories).toEqual([
      { category: 'Camisetas', count: 143 },
      { category: 'Acessórios', count: 1 },
    ]);
    const more = await searchCatalog(db, index, 'lis', { limit: 40 });
    expect(skus(more).slice(0, 20)).toEqual(skus(first));
    const caps = await searchCatalog(db, index, 'lis', { limit: 20, category: 'Acessórios' });
    expect(skus(caps)).toEqual(['BON-001-U-PRE']);
    expect(caps.total).toBe(1);
  });

  it('indexes every product when the build reads in batches smaller than a run of products with the same name', async () => {
    const sameName = Array.from({ length: 7 }, (_, i) => item(`MEI-00${i}-U-PRE`, 'Meia Cano Alto Preto', { category: 'Meias' }));
    const others = Array.from({ length: 5 }, (_, i) => item(`BON-00${i}-U-AZC`, `Boné Aba Curva ${i}`, { category: 'Acessórios' }));
    const { db, index } = await openWith([...others, ...sameName], 3);
    await index.build();
    expect(index.state).toMatchObject({ ready: true, indexed: 12 });
    expect((await searchCatalog(db, index, 'meia', { limit: 20 })).total).toBe(7);
    expect(skus(await searchCatalog(db, index, 'bone', { limit: 3 }))).toEqual(['BON-000-U-AZC', 'BON-001-U-AZC', 'BON-002-U-AZC']);
  });

  it('keeps in step with products inserted, updated and deleted after the build', async () => {
    const { db, index } = await openWith([item('TEN-001-42-PRE', 'Tênis Corrida Preto 42')]);
    await index.build();
    await db.products.insert(item('SAN-001-37-CAR', 'Sandália Rasteira Caramelo 37', { barcode: '7890000000028' }));
    expect(skus(await searchCatalog(db, index, 'rasteira', { limit: 20 }))).toEqual(['SAN-001-37-CAR']);
    await db.products
      .findOne('TEN-001-42-PRE')
      .exec()
      .then((d) => d!.incrementalPatch({ name: 'Tênis Trilha Preto 42' }));
    expect(skus(await searchCatalog(db, index, 'corrida', { limit: 20 }))).toEqual([]);
    expect(skus(await searchCatalog(db, index, 'trilha', { limit: 20 }))).toEqual(['TEN-001-42-PRE']);
    await db.products
      .findOne('SAN-001-37-CAR')
      .exec()
      .then((d) => d!.remove());
    expect(skus(await searchCatalog(db, index, 'rasteira', { limit: 20 }))).toEqual([]);
  });
});
