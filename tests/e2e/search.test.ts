import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeSearchText } from '../../src/domain/index.js';
import { startTestServer, type TestServer } from '../server/harness.js';
import { launchChromium } from '../support/chromium.js';
import { openTablet } from './tablet.js';

/**
 * Product search on a tablet in real Chromium, offline, over the demo catalog (3,000 products; the 100,000-product
 * figure is the tablet bench's): words out of order, without accents, one of them mistyped; the count and "show
 * more"; the category filter.
 */
const STATIC_DIR = 'dist';
const CATALOG_SIZE = 3_000;

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(`${STATIC_DIR}/index.html`)) throw new Error('build the PWA first: npm run build (npm test does)');
  server = await startTestServer({ catalogSize: CATALOG_SIZE, staticDir: STATIC_DIR });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** One letter of the word replaced: the typo an associate makes on a tablet keyboard. */
const mistype = (word: string) => `${word.slice(0, 2)}${word[2] === 'x' ? 'z' : 'x'}${word.slice(3)}`;

describe('product search on a tablet', () => {
  it('finds a product offline by words out of order, without accents and with a typo, then pages and filters', async () => {
    const { context, page } = await openTablet(browser, server, 'Caixa busca');
    await context.setOffline(true);
    const target = server.products.find((p) => p.size && p.name.split(' ')[0]!.length >= 5 && normalizeSearchText(p.name) !== p.name.toLowerCase())!;
    const [noun, ...rest] = normalizeSearchText(target.name).split(' ');
    // The colour, then the size, then a misspelt noun, then the brand: nothing in the order the tag prints them.
    const query = `${normalizeSearchText(target.colour!)} ${target.size} ${mistype(noun!)} ${normalizeSearchText(target.brand)} ${rest[0]}`;

    const input = page.getByTestId('search-input');
    await input.pressSequentially(query, { delay: 20 });
    const found = page.locator(`[data-testid="search-result"][data-sku="${target.sku}"]`);
    await found.waitFor();
    const count = page.getByTestId('search-count');
    await expect.poll(async () => Number(await count.getAttribute('data-total'))).toBeGreaterThanOrEqual(1);
    await expect.poll(() => count.textContent()).toMatch(/^\d+ de \d+$/);

    // A broad word: the first 20 of many, then 20 more.
    await input.fill('camiseta');
    await expect.poll(() => count.getAttribute('data-shown')).toBe('20');
    const total = Number(await count.getAttribute('data-total'));
    expect(total).toBe(server.products.filter((p) => /camiseta/i.test(p.name)).length);
    await page.getByTestId('search-more').click();
    await expect.poll(() => page.getByTestId('search-result').count()).toBe(40);
    await expect.poll(() => count.textContent()).toBe(`40 de ${total}`);

    // The category filter narrows the matches to one category, and "All" brings them back.
    await input.fill('preto');
    const shoes = page.locator('[data-testid="search-category"][data-category="Calçados"]');
    await shoes.click();
    const shoesTotal = server.products.filter((p) => p.category === 'Calçados' && p.colour === 'Preto').length;
    await expect.poll(() => count.getAttribute('data-total')).toBe(String(shoesTotal));
    const shownSkus = await page.getByTestId('search-result').evaluateAll((items) => items.map((i) => i.getAttribute('data-sku')!));
    const shoeSkus = new Set(server.products.filter((p) => p.category === 'Calçados').map((p) => p.sku));
    expect(shownSkus.length).toBeGreaterThan(0);
    expect(shownSkus.every((sku) => shoeSkus.has(sku))).toBe(true);
    await page.getByTestId('search-category-all').click();
    await expect.poll(async () => Number(await count.getAttribute('data-total'))).toBeGreaterThan(shoesTotal);

    await context.close();
  });
});
