import { describe, expect, it } from 'vitest';
import { product } from '../testing/fixtures.js';
import type { Product } from './schema.js';
import { looksLikeBarcode, looksLikeSku, mergeSearchHits, searchDocumentOf, searchWords } from './search.js';
import { WordIndex } from './word-index.js';

const catalog: Product[] = [
  product({
    sku: 'CAM-001-M-AZM',
    name: 'Camiseta Básica Algodão Azul-Marinho M',
    brand: 'Trópico',
    category: 'Camisetas',
    colour: 'Azul-Marinho',
    size: 'M',
  }),
  product({
    sku: 'CAM-001-G-AZM',
    name: 'Camiseta Básica Algodão Azul-Marinho G',
    brand: 'Trópico',
    category: 'Camisetas',
    colour: 'Azul-Marinho',
    size: 'G',
  }),
  product({ sku: 'CAM-002-M-PRE', name: 'Camiseta Gola V Linho Preto M', brand: 'Areia', category: 'Camisetas', colour: 'Preto', size: 'M' }),
  product({ sku: 'TEN-001-42-PRE', name: 'Tênis Corrida Leve Mesh Preto 42', brand: 'Passo', category: 'Calçados', colour: 'Preto', size: '42' }),
  product({ sku: 'TEN-001-43-PRE', name: 'Tênis Corrida Leve Mesh Preto 43', brand: 'Passo', category: 'Calçados', colour: 'Preto', size: '43' }),
  product({ sku: 'BOT-001-38-AZU', name: 'Bota Coturno Couro Azulado 38', brand: 'Cerrado', category: 'Calçados', colour: 'Azulado', size: '38' }),
  product({ sku: 'MOC-001-40-CAR', name: 'Mocassim Couro Caramelo 40', brand: 'Azul Brasil', category: 'Calçados', colour: 'Caramelo', size: '40' }),
];

function indexOf(products: readonly Product[]): WordIndex {
  const index = new WordIndex();
  for (const p of products) index.upsert(searchDocumentOf(p));
  return index;
}

const find = (index: WordIndex, query: string, category?: string) => index.search(query, { limit: 50, category }).ids;

describe('searchWords', () => {
  it('folds case and accents and splits hyphenated words, so the tag and what is typed agree', () => {
    expect(searchWords('  Tênis AZUL-Marinho  Algodão ')).toEqual(['tenis', 'azul', 'marinho', 'algodao']);
  });
});

describe('WordIndex', () => {
  it('finds a product by any of its words in any order, ignoring case and accents', () => {
    const index = indexOf(catalog);
    expect(find(index, 'preto TENIS 42')).toEqual(['TEN-001-42-PRE']);
    expect(find(index, 'algodao marinho camiseta')).toEqual(['CAM-001-M-AZM', 'CAM-001-G-AZM']);
  });

  it('finds by brand, colour and size words as well as the name', () => {
    const index = indexOf([
      product({ sku: 'A-1', name: 'Meia Esportiva', brand: 'Garoa', colour: 'Vinho', size: 'GG', category: 'Meias' }),
      product({ sku: 'A-2', name: 'Meia Esportiva', brand: 'Brisa', colour: 'Bege', size: 'P', category: 'Meias' }),
    ]);
    expect(find(index, 'garoa meia')).toEqual(['A-1']);
    expect(find(index, 'vinho')).toEqual(['A-1']);
    expect(find(index, 'meia gg')).toEqual(['A-1']);
  });

  it('forgives one typo per word of four letters or more (a letter wrong, missing or extra)', () => {
    const index = indexOf(catalog);
    expect(find(index, 'camizeta linho')).toEqual(['CAM-002-M-PRE']); // wrong letter
    expect(find(index, 'tenis corida 43')).toEqual(['TEN-001-43-PRE']); // missing letter
    expect(find(index, 'mocassimm')).toEqual(['MOC-001-40-CAR']); // extra letter
    expect(find(index, 'camizeta linhu')).toEqual(['CAM-002-M-PRE']); // one typo in each of two words
  });

  it('does not forgive two typos in a word, nor a typo in a short word such as a size', () => {
    const index = indexOf(catalog);
    expect(find(index, 'camizetta')).toEqual([]);
    expect(find(index, 'tenis 44')).toEqual([]);
  });

  it('matches a word being typed by its start, and every word must match', () => {
    const index = indexOf(catalog);
    expect(find(index, 'cam pre')).toEqual(['CAM-002-M-PRE']);
    expect(find(index, 'camiseta vermelho')).toEqual([]);
  });

  it('ranks exact words before their prefixes, prefixes before typos, and the name before the brand', () => {
    const index = indexOf(catalog);
    // "azul": Azul-Marinho in the name (exact), Azul Brasil the brand (exact, a lower field), Azulado (prefix only).
    expect(find(index, 'azul')).toEqual(['CAM-001-M-AZM', 'CAM-001-G-AZM', 'MOC-001-40-CAR', 'BOT-001-38-AZU']);
    // "bota": the Bota itself exactly; "bote" would reach it only by a typo, after anything met exactly.
    const typoIndex = indexOf([...catalog, product({ sku: 'BOT-002-U-PRE', name: 'Bote Inflável', brand: 'Maré', category: 'Lazer' })]);
    expect(find(typoIndex, 'bote')).toEqual(['BOT-002-U-PRE', 'BOT-001-38-AZU']);
  });

  it('breaks ties by SKU once compacted, whatever order the products arrived in', () => {
    const index = indexOf([...catalog].reverse());
    index.compact();
    expect(find(index, 'tenis')).toEqual(['TEN-001-42-PRE', 'TEN-001-43-PRE']);
    expect(find(index, 'camiseta')).toEqual(['CAM-001-G-AZM', 'CAM-001-M-AZM', 'CAM-002-M-PRE']);
  });

  it('filters by category and counts every category among the matches for the filter', () => {
    const index = indexOf(catalog);
    const all = index.search('preto', { limit: 50 });
    expect(all.total).toBe(3);
    expect(all.categories).toEqual([
      { category: 'Calçados', count: 2 },
      { category: 'Camisetas', count: 1 },
    ]);
    const shoes = index.search('preto', { limit: 50, category: 'Calçados' });
    expect(shoes.ids).toEqual(['TEN-001-42-PRE', 'TEN-001-43-PRE']);
    expect(shoes.total).toBe(2);
    expect(shoes.categories).toEqual(all.categories);
  });

  it('gives the first page and the total: "20 of 143"', () => {
    const many = Array.from({ length: 143 }, (_, i) =>
      product({ sku: `CAM-${String(i).padStart(3, '0')}-M-PRE`, name: `Camiseta Preta ${i}`, category: 'Camisetas' }),
    );
    const index = indexOf(many);
    const first = index.search('camiseta', { limit: 20 });
    expect(first.ids).toHaveLength(20);
    expect(first.total).toBe(143);
    const more = index.search('camiseta', { limit: 40 });
    expect(more.ids.slice(0, 20)).toEqual(first.ids);
    expect(more.ids).toHaveLength(40);
  });

  it('keeps in step with updates and removals, also after compacting many removed products', () => {
    const index = indexOf(catalog);
    index.upsert(searchDocumentOf({ ...catalog[3]!, name: 'Tênis Trilha Preto 42' }));
    expect(find(index, 'corrida')).toEqual(['TEN-001-43-PRE']);
    expect(find(index, 'trilha')).toEqual(['TEN-001-42-PRE']);
    index.remove('TEN-001-43-PRE');
    expect(find(index, 'tenis')).toEqual(['TEN-001-42-PRE']);

    const bulk = Array.from({ length: 3_000 }, (_, i) => product({ sku: `X-${i}`, name: `Meia ${i % 2 ? 'Lisa' : 'Listrada'}` }));
    for (const p of bulk) index.upsert(searchDocumentOf(p));
    for (const p of bulk.slice(0, 2_500)) index.remove(p.sku);
    expect(index.search('meia lisa', { limit: 1_000 }).total).toBe(250);
    expect(find(index, 'tenis')).toEqual(['TEN-001-42-PRE']);
    expect(index.size).toBe(catalog.length - 1 + 500);
  });
});

describe('WordIndex by SKU', () => {
  it('finds the SKU typed whole first, then SKUs starting with it, counted and filtered like word matches', () => {
    const index = indexOf(catalog);
    expect(find(index, 'ten-001-43-pre')).toEqual(['TEN-001-43-PRE']);
    expect(find(index, 'TEN-001')).toEqual(['TEN-001-42-PRE', 'TEN-001-43-PRE']);
    const cam = index.search('CAM-00', { limit: 1 });
    expect(cam).toEqual({ ids: ['CAM-001-G-AZM'], total: 3, categories: [{ category: 'Camisetas', count: 3 }] });
    expect(find(index, 'CAM-00', 'Calçados')).toEqual([]);
    index.remove('TEN-001-42-PRE');
    expect(find(index, 'TEN-001')).toEqual(['TEN-001-43-PRE']);
  });
});

describe('codes', () => {
  it('tells an SKU or a barcode being typed from a word', () => {
    expect(looksLikeSku('cam-001')).toBe(true);
    expect(looksLikeSku('camiseta')).toBe(false);
    expect(looksLikeBarcode('7890000000011')).toBe(true);
    expect(looksLikeBarcode('789000')).toBe(false);
  });

  it('puts the product whose code is the query first, then word matches, then SKU prefixes, each once', () => {
    expect(mergeSearchHits({ exactCode: 'B', words: ['A', 'B', 'C'], skuPrefix: ['B', 'D'] })).toEqual(['B', 'A', 'C', 'D']);
  });
});
