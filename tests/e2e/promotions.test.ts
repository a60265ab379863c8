import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Sale } from '../../src/domain/index.js';
import { startTestServer, type TestServer } from '../server/harness.js';
import { launchChromium } from '../support/chromium.js';
import { openTablet, s1Levels, scan } from './tablet.js';

/**
 * A promotion from the server on a real till: the demo chain's "leve 3, pague 2" on socks reaches the S1 tablet,
 * the cart shows it on the line and in its list, and the sale it completes is accepted by the server, which re-runs
 * the same engine on what the till claimed.
 */
const STATIC_DIR = 'dist';
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(`${STATIC_DIR}/index.html`)) throw new Error('build the PWA first: npm run build (npm test does)');
  server = await startTestServer({ catalogSize: 300, staticDir: STATIC_DIR });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('promotions on the till', () => {
  it('shows the buy-3-pay-2 on three socks, and the server accepts the sale with it', async () => {
    const levels = new Map((await s1Levels(server)).map((l) => [l.sku, l.available]));
    const sock = server.products.find((p) => p.category === 'Meias e Íntimos' && p.active && (levels.get(p.sku) ?? 0) >= 3)!;
    expect(sock).toBeTruthy();
    const { page } = await openTablet(browser, server, 'Caixa promoções');

    await page.getByTestId('nav-sell').click();
    await page.getByTestId('search-input').waitFor();
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    for (let i = 0; i < 3; i++) await scan(page, sock.barcode);
    await page.locator('[data-testid="cart-line"][data-quantity="3"]').waitFor();

    const promotion = page.locator('[data-testid="cart-promotion"][data-promotion-id="DEMO-MEIAS-3X2"]');
    await promotion.waitFor();
    expect(Number(await promotion.getAttribute('data-amount'))).toBe(sock.price.amount);
    await expect.poll(() => page.getByTestId('line-promotion').getAttribute('data-amount')).toBe(String(sock.price.amount));
    expect(await page.getByTestId('cart-promotions').textContent()).toContain('Meias: leve 3, pague 2');

    await page.getByTestId('pay-button').click();
    await page.getByTestId('quick-tender').last().click();
    await page.getByTestId('complete-sale').click();
    await page.getByTestId('receipt').waitFor();
    const saleId = (await page.getByTestId('receipt').getAttribute('data-sale-id'))!;

    await expect
      .poll(
        async () => {
          const doc = await server.store.getDocument('sales', saleId);
          return doc && (JSON.parse(doc.body) as Sale).outcome?.status;
        },
        { timeout: 20_000 },
      )
      .toBe('accepted');
    const sale = JSON.parse((await server.store.getDocument('sales', saleId))!.body) as Sale;
    expect(sale.lines[0]!.discounts).toEqual([{ source: 'promotion', promotionId: 'DEMO-MEIAS-3X2', amount: sock.price.amount }]);
  });
});
