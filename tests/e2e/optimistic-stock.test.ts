import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../server/harness.js';
import { launchChromium } from '../support/chromium.js';
import { openTablet, s1Levels, sellByScanning } from './tablet.js';

/**
 * The tablet shows the optimistic truth: a sale rung up offline lowers the level on screen at once, before the
 * server has it; once it syncs, the server's level (which includes it) is shown, counted once.
 */
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync('dist/index.html')) throw new Error('build the PWA first: npm run build (npm test does)');
  server = await startTestServer({ catalogSize: 40, staticDir: 'dist' });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('optimistic stock on a tablet', () => {
  it('lowers the level at once for an offline sale, and counts it once after the sync', async () => {
    const before = (await s1Levels(server)).find((l) => l.available >= 3)!;
    const product = server.products.find((p) => p.sku === before.sku)!;
    const { page, context } = await openTablet(browser, server, 'Caixa otimista');

    const shownLevel = async () => {
      await page.getByTestId('nav-sell').click();
      await page.getByTestId('search-input').fill(product.sku);
      const cell = page.locator(`[data-testid="search-result"][data-sku="${product.sku}"]`).getByTestId('stock-level');
      return { available: await cell.getAttribute('data-available'), onHand: await cell.getAttribute('data-on-hand') };
    };
    await expect.poll(async () => (await shownLevel()).available).toBe(String(before.available));

    await context.setOffline(true);
    await page.locator('[data-testid="sync-bar"][data-state="offline"]').waitFor();
    await page.getByTestId('search-input').fill('');
    await sellByScanning(page, [product.barcode]);
    await page.locator('[data-testid="sync-bar"][data-pending="1"]').waitFor();
    // Before any sync: the sale's unit is gone from the shelf and from what can be sold.
    // (Polled: the result row is drawn a moment after the search is typed; offline, no sync can lower it meanwhile.)
    await expect.poll(shownLevel).toEqual({ available: String(before.available - 1), onHand: String(before.onHand - 1) });

    // Every value the screen shows from now on, recorded by the page itself, so a flicker cannot slip between polls.
    await page.evaluate(() => {
      const cell = document.querySelector('[data-testid="search-result"] [data-testid="stock-level"]')!;
      const seen: string[] = [];
      (window as unknown as { seenLevels: string[] }).seenLevels = seen;
      new MutationObserver(() => seen.push(cell.getAttribute('data-available') ?? '')).observe(cell, {
        attributes: true,
        characterData: true,
        subtree: true,
      });
    });
    await context.setOffline(false);
    await page.locator('[data-testid="sync-bar"][data-pending="0"]').waitFor({ timeout: 20_000 });
    await expect.poll(async () => (await s1Levels(server)).find((l) => l.sku === product.sku)!.available).toBe(before.available - 1);
    await page.waitForTimeout(1_500);
    // The server's level has replicated back with the sale in it: one unit down all along, never two, never none.
    const seen = await page.evaluate(() => (window as unknown as { seenLevels: string[] }).seenLevels);
    expect(
      seen.filter((v) => v !== String(before.available - 1)),
      `shown after ${before.available} - 1`,
    ).toEqual([]);
    const cell = page.locator(`[data-testid="search-result"][data-sku="${product.sku}"]`).getByTestId('stock-level');
    expect([await cell.getAttribute('data-available'), await cell.getAttribute('data-on-hand')]).toEqual([
      String(before.available - 1),
      String(before.onHand - 1),
    ]);
  });
});
