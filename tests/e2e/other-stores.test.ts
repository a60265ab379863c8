import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stockLevelId, type StockLevel } from '../../src/domain/index.js';
import { startTestServer, type TestServer } from '../server/harness.js';
import { launchChromium } from '../support/chromium.js';
import { openTablet } from './tablet.js';

/**
 * "Other stores" on a tablet in real Chromium: from a search result, the product's stock in every store of the chain
 * as the server has it (S1 Paulista first, then Batel and Savassi by distance); with the network cut, the last answer
 * again, marked as saved with its age; a product never asked about says it needs the network. Then the same on a
 * phone, from a cart line and the size × colour grid.
 */
const STATIC_DIR = 'dist';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(`${STATIC_DIR}/index.html`)) throw new Error('build the PWA first: npm run build (npm test does)');
  server = await startTestServer({ catalogSize: 120, staticDir: STATIC_DIR });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const available = async (storeId: string, sku: string) => {
  const doc = await server.store.getDocument('stock', stockLevelId(storeId, sku));
  return doc ? (JSON.parse(doc.body) as StockLevel).available : 0;
};

/** Products whose name no other product shares, so a search for the name shows them alone. */
const uniquelyNamed = () => server.products.filter((p) => server.products.filter((q) => q.name === p.name).length === 1);

describe('other stores on the till', () => {
  it("shows every store's stock of a search result online, and the saved answer with its age offline", async () => {
    const [product, never] = uniquelyNamed();
    const { context, page } = await openTablet(browser, server, 'Caixa outras lojas');
    const openFor = async (sku: string, name: string) => {
      await page.getByTestId('search-input').fill(name);
      await page.locator(`[data-testid="open-other-stores"][data-sku="${sku}"]`).click();
      return page.getByTestId('other-stores');
    };

    const dialog = await openFor(product!.sku, product!.name);
    await expect.poll(() => dialog.getAttribute('data-source')).toBe('server');
    const rows = dialog.getByTestId('other-store');
    expect(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-store')))).toEqual(['S1', 'S3', 'S2']);
    for (const storeId of ['S1', 'S2', 'S3']) {
      const row = dialog.locator(`[data-testid="other-store"][data-store="${storeId}"]`);
      expect(Number(await row.getAttribute('data-available'))).toBe(await available(storeId, product!.sku));
    }
    expect(await dialog.locator('[data-store="S3"]').textContent()).toMatch(/km/);
    expect(await dialog.getByTestId('other-stores-saved').count()).toBe(0);
    await page.getByTestId('other-stores-close').click();
    await expect.poll(() => page.getByTestId('other-stores').count()).toBe(0);

    await context.setOffline(true);
    const saved = await openFor(product!.sku, product!.name);
    await expect.poll(() => saved.getAttribute('data-source')).toBe('saved');
    expect(await saved.getByTestId('other-stores-saved').isVisible()).toBe(true);
    expect(await saved.getByTestId('other-store').count()).toBe(3);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('other-stores').count()).toBe(0);

    const nothing = await openFor(never!.sku, never!.name);
    await nothing.getByTestId('other-stores-error').waitFor();
    expect(await nothing.getByTestId('other-store').count()).toBe(0);
    expect(await nothing.getByTestId('other-stores-retry').isVisible()).toBe(true);
    await context.setOffline(false);
    await nothing.getByTestId('other-stores-retry').click();
    await expect.poll(() => nothing.getAttribute('data-source')).toBe('server');
    await context.close();
  });

  it('on a phone, opens full screen from a cart line and, for every size and colour, from the grid', async () => {
    const product = uniquelyNamed().find((p) => server.products.filter((q) => q.styleCode === p.styleCode).length > 1)!;
    const { context, page } = await openTablet(browser, server, 'Celular outras lojas');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('search-input').fill(product.name);
    await page.locator(`[data-testid="add-result"]`).first().click();
    const line = page.locator(`[data-testid="cart-line"][data-sku="${product.sku}"]`);
    await line.waitFor();
    await line.getByTestId('open-other-stores').click();
    const dialog = page.getByTestId('other-stores');
    await expect.poll(() => dialog.getAttribute('data-source')).toBe('server');
    const box = (await dialog.boundingBox())!;
    expect(box.width).toBeGreaterThanOrEqual(389);
    const row = (await dialog.getByTestId('other-store').first().boundingBox())!;
    expect(row.height).toBeGreaterThanOrEqual(48);
    await page.getByTestId('other-stores-close').click();

    await page.getByTestId('search-input').fill(product.name);
    await page.locator(`[data-testid="search-result"][data-sku="${product.sku}"]`).getByTestId('open-grid').click();
    await page.getByTestId('style-grid-other-stores').click();
    const styleDialog = page.getByTestId('other-stores');
    await expect.poll(() => styleDialog.getAttribute('data-source')).toBe('server');
    const variants = styleDialog.getByTestId('other-stores-variant');
    const siblings = server.products.filter((p) => p.styleCode === product.styleCode);
    expect(await variants.locator('option').count()).toBe(siblings.length);
    const other = siblings.find((p) => p.sku !== product.sku)!;
    await variants.selectOption(other.sku);
    await expect.poll(() => styleDialog.getAttribute('data-sku')).toBe(other.sku);
    expect(Number(await styleDialog.locator('[data-store="S2"]').getAttribute('data-available'))).toBe(await available('S2', other.sku));
    await context.close();
  });
});
