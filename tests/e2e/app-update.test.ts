import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../server/harness.js';
import { launchChromium } from '../support/chromium.js';
import { cartSaved, openTablet, scan } from './tablet.js';

/**
 * A new version deployed while a sale is being rung up: offered, applied only after the sale, nothing lost. The
 * server serves a copy of dist/; deploying rewrites that copy as a build would: index.html changes (a build id ahead
 * of the one the build stamped) and so does sw.js (its precache revision of index.html), which is what a browser
 * compares.
 */
let server: TestServer;
let browser: Browser;
let site: string;

beforeAll(async () => {
  if (!existsSync('dist/index.html')) throw new Error('build the PWA first: npm run build (npm test does)');
  site = mkdtempSync(join(tmpdir(), 'vitrine-site-'));
  cpSync('dist', site, { recursive: true });
  server = await startTestServer({ catalogSize: 40, staticDir: site });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (site) rmSync(site, { recursive: true, force: true });
});

function deployNewVersion(marker: string) {
  const indexPath = join(site, 'index.html');
  const index = readFileSync(indexPath, 'utf8').replace('<head>', `<head><meta name="vitrine-build" content="${marker}">`);
  writeFileSync(indexPath, index);
  const swPath = join(site, 'sw.js');
  const sw = readFileSync(swPath, 'utf8');
  const revised = sw.replace(/(\{url:"index\.html",revision:")[0-9a-f]+(")/, `$1${marker.padEnd(32, '0')}$2`);
  expect(revised).not.toBe(sw);
  writeFileSync(swPath, revised);
}

const buildMarker = () => document.querySelector('meta[name="vitrine-build"]')?.getAttribute('content') ?? null;

describe('app updates at a safe moment', () => {
  it('offers a new version during a sale, applies it after the sale when asked, and keeps the sale and its sync', async () => {
    const { context, page } = await openTablet(browser, server, 'Caixa versão');
    const [a, b] = server.products;
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    await scan(page, a!.barcode);
    await scan(page, b!.barcode);
    await expect.poll(() => page.getByTestId('cart-line').count()).toBe(2);
    await cartSaved(page, 2);

    // Deployed while the sync stream is open; the till is reopened (a reload keeps the cart) and looks for it.
    deployNewVersion('2');
    await page.reload();
    const banner = page.locator('[data-testid="update-banner"][data-state="available"]');
    await banner.waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('cart-line').count()).toBe(2);
    expect(await page.evaluate(buildMarker)).toMatch(/^[0-9a-f]{12}$/); // this build's own id

    // "After this sale": nothing reloads while the sale goes on, offline too.
    await page.evaluate(() => {
      (window as unknown as { sameDocument: boolean }).sameDocument = true;
    });
    await page.getByTestId('update-after-sale').click();
    await page.locator('[data-testid="update-banner"][data-state="after-sale"]').waitFor();
    await context.setOffline(true);
    await page.getByTestId('qty-increase').first().click();
    await page.waitForTimeout(1_500);
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
    await page.getByTestId('pay-button').click();
    await page.getByTestId('quick-tender').last().click();
    await page.getByTestId('complete-sale').click();

    // The sale is written, the cart empties, the new version takes over and the page reloads into it, on the receipt.
    await expect.poll(() => page.evaluate(buildMarker).catch(() => 'reloading'), { timeout: 20_000 }).toBe('2');
    const receipt = page.getByTestId('receipt');
    await receipt.waitFor();
    const saleId = (await receipt.getAttribute('data-sale-id'))!;
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBeUndefined();
    await expect
      .poll(() =>
        page.evaluate(
          (id) =>
            window.__vitrine?.db.sales
              .findOne(id)
              .exec()
              .then((s) => s?.lines.length ?? 0),
          saleId,
        ),
      )
      .toBe(2);
    await page.locator('[data-testid="sync-bar"][data-pending="1"]').waitFor();
    await page.getByTestId('nav-sell').click();
    await page.getByTestId('cart').waitFor();
    expect(await page.getByTestId('cart-line').count()).toBe(0);
    expect(await page.getByTestId('update-banner').count()).toBe(0);

    // Back online, the sale made across the update reaches the server once, with the quantity changed before the update.
    await context.setOffline(false);
    await expect.poll(async () => (await server.store.getDocument('sales', saleId)) !== undefined, { timeout: 20_000 }).toBe(true);
    const sale = JSON.parse((await server.store.getDocument('sales', saleId))!.body) as { lines: { quantity: number }[] };
    expect(sale.lines.map((l) => l.quantity)).toEqual([2, 1]);
    await context.close();
  });
});
