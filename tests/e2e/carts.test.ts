import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../server/harness.js';
import { launchChromium } from '../support/chromium.js';
import { cartSaved, openTablet, scan } from './tablet.js';

/** Carts that are never lost: the cart in progress and the parked ones are the device's, across reloads. */
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

const cartLines = (page: Page) =>
  page.getByTestId('cart-line').evaluateAll((lines) => lines.map((l) => `${l.getAttribute('data-sku')}×${l.getAttribute('data-quantity')}`));

async function ringUp(page: Page, barcodes: string[]) {
  await page.locator('body').click({ position: { x: 5, y: 300 } });
  for (const code of barcodes) await scan(page, code);
  await expect.poll(() => page.getByTestId('cart-line').count()).toBe(new Set(barcodes).size);
  await cartSaved(page, new Set(barcodes).size);
}

describe('carts on a till', () => {
  it('keeps the cart in progress across a reload, and a cleared cart comes back with Undo', async () => {
    const { context, page } = await openTablet(browser, server, 'Caixa carrinho');
    const [a, b] = server.products;
    await ringUp(page, [a!.barcode, b!.barcode, b!.barcode]);
    const before = await cartLines(page);
    expect(before).toEqual([`${a!.sku}×1`, `${b!.sku}×2`]);
    const total = await page.getByTestId('cart-total').textContent();

    await page.reload();
    await page.getByTestId('cart-line').first().waitFor();
    expect(await cartLines(page)).toEqual(before);
    expect(await page.getByTestId('cart-total').textContent()).toBe(total);

    await page.getByTestId('clear-cart').click();
    await expect.poll(() => page.getByTestId('cart-line').count()).toBe(0);
    await page.getByTestId('cart-undo').click();
    await expect.poll(() => cartLines(page)).toEqual(before);
    await context.close();
  });

  it('parks a cart under a name, starts another, and resumes the parked one after a reload', async () => {
    const { context, page } = await openTablet(browser, server, 'Caixa guardar');
    const [a, b, c] = server.products;
    await ringUp(page, [a!.barcode, b!.barcode]);
    await page.getByTestId('park-cart').click();
    await page.getByTestId('park-name').fill('Maria, provador 2');
    await page.getByTestId('park-save').click();
    await expect.poll(() => page.getByTestId('cart-line').count()).toBe(0);
    await page.locator('[data-testid="parked-carts"][data-count="1"]').waitFor();

    // The next customer's cart, then a reload (as a crash or an update would).
    await ringUp(page, [c!.barcode]);
    await page.reload();
    await page.getByTestId('cart-line').first().waitFor();
    await page.getByTestId('parked-summary').click();
    const parked = page.locator('[data-testid="parked-cart"][data-name="Maria, provador 2"]');
    await expect.poll(() => parked.textContent()).toMatch(/2 itens/);
    // A cart in progress is finished, parked or cleared before another is resumed.
    expect(await parked.getByTestId('resume-cart').isDisabled()).toBe(true);
    await page.getByTestId('clear-cart').click();
    await parked.getByTestId('resume-cart').click();
    await expect.poll(() => cartLines(page)).toEqual([`${a!.sku}×1`, `${b!.sku}×1`]);
    await page.locator('[data-testid="parked-carts"][data-count="0"]').waitFor();
    await context.close();
  });
});
