import { describe, expect, it } from 'vitest';
import { isValidGtin, ProductSchema } from '../../src/domain/index.js';
import { DEMO_CATALOG_MAX, generateCatalog } from './catalog.js';
import { openingQuantities } from './seed.js';

describe('demo catalog', () => {
  it('is deterministic: the same size gives the same products, and a smaller size is a prefix', () => {
    const a = generateCatalog(2_000);
    expect(generateCatalog(2_000)).toEqual(a);
    expect(generateCatalog(500)).toEqual(a.slice(0, 500));
    expect(generateCatalog(2_000, 7)).not.toEqual(a);
  });

  it('generates the maximum size quickly, with unique SKUs and barcodes and valid EAN-13 check digits', () => {
    const started = performance.now();
    const products = generateCatalog(DEMO_CATALOG_MAX);
    const ms = performance.now() - started;
    expect(products).toHaveLength(DEMO_CATALOG_MAX);
    // Generous bound for slow CI machines; typically well under a second.
    expect(ms).toBeLessThan(10_000);
    expect(new Set(products.map((p) => p.sku)).size).toBe(products.length);
    expect(new Set(products.map((p) => p.barcode)).size).toBe(products.length);
    expect(products.every((p) => p.barcode.length === 13 && isValidGtin(p.barcode))).toBe(true);
  });

  it('passes the product schema, with BRL prices ending in 90, sizes and colours as variants of a style', () => {
    const products = generateCatalog(3_000);
    for (const p of products) expect(ProductSchema.safeParse(p).error).toBeUndefined();
    expect(products.every((p) => p.price.currency === 'BRL' && p.price.amount % 100 === 90)).toBe(true);
    expect(new Set(products.map((p) => p.taxClass))).toEqual(new Set(['standard', 'reduced', 'exempt']));
    const byStyle = new Map<string, typeof products>();
    for (const p of products) byStyle.set(p.styleCode, [...(byStyle.get(p.styleCode) ?? []), p]);
    expect(byStyle.size).toBeLessThan(products.length / 3);
    for (const variants of byStyle.values()) {
      expect(new Set(variants.map((v) => v.price.amount)).size).toBe(1);
      expect(new Set(variants.map((v) => `${v.size}/${v.colour}`)).size).toBe(variants.length);
    }
    expect(products.some((p) => p.name.startsWith('Tênis '))).toBe(true);
  });

  it('derives the search name from the name', () => {
    const [p] = generateCatalog(1);
    expect(p!.searchName).toBe(
      p!.name
        .normalize('NFD')
        .replace(/\p{Diacritic}/gu, '')
        .toLowerCase(),
    );
  });

  it('opens stock deterministically between 0 and 12, with some zeros', () => {
    const q = openingQuantities(0, 1_000);
    expect(openingQuantities(0, 1_000)).toEqual(q);
    expect(openingQuantities(1, 1_000)).not.toEqual(q);
    expect(Math.min(...q)).toBe(0);
    expect(Math.max(...q)).toBe(12);
  });
});

describe('demo product pictures', () => {
  it('most styles have a picture the server draws, one per colour; every fifth style has none', async () => {
    const { demoImageSvg } = await import('./images.js');
    const products = generateCatalog(3_000);
    const withPicture = products.filter((p) => p.imageUrl);
    expect(withPicture.length / products.length).toBeGreaterThan(0.6);
    expect(withPicture.length).toBeLessThan(products.length);
    for (const p of withPicture) {
      const svg = demoImageSvg(p.imageUrl!.split('/').pop()!);
      expect(svg, p.imageUrl).toMatch(/^<svg /);
      expect(svg!.length).toBeLessThan(1_000);
    }
    const style = withPicture[0]!;
    const sameColour = withPicture.filter((p) => p.styleCode === style.styleCode && p.colour === style.colour);
    expect(new Set(sameColour.map((p) => p.imageUrl)).size).toBe(1);
  });

  it('answers nothing for names it never gave out', async () => {
    const { demoImageSvg } = await import('./images.js');
    for (const name of ['../../etc/passwd', 'CAM-00001-XYZ.svg', 'ZZZ-00001-PRE.svg', 'CAM-00001-PRE.svg.js']) expect(demoImageSvg(name)).toBeNull();
  });
});
