import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../server/harness.js';
import { mintKey } from '../server/integration-probe.js';
import { launchChromium } from '../support/chromium.js';
import { openTablet, scan, signIn } from './tablet.js';

/**
 * An unattended till signs its associate out after the store's idle time, keeping the cart; use keeps it signed in.
 * The idle time is a store setting the chain's systems change while the till runs: it applies at once.
 */
let server: TestServer;
let browser: Browser;
const IDLE_SECONDS = 4;

beforeAll(async () => {
  if (!existsSync('dist/index.html')) throw new Error('build the PWA first: npm run build (npm test does)');
  server = await startTestServer({ catalogSize: 40, staticDir: 'dist' });
  browser = await launchChromium();
});

async function setIdleSeconds(storeId: string, seconds: number) {
  const { id: _id, ...settings } = (await server.store.getStore(storeId))!;
  const res = await fetch(`${server.url}/api/stores/${storeId}`, {
    method: 'PUT',
    headers: { Authorization: `Bearer ${(await mintKey(server.store)).apiKey}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ ...settings, idleSignOutSeconds: seconds }),
  });
  expect(res.status, await res.text()).toBe(200);
}

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('idle sign-out', () => {
  it('signs out a till left alone, never one in use, and keeps its cart for whoever signs in next (a person signing out parks it)', async () => {
    const { page } = await openTablet(browser, server, 'Caixa idle');
    await setIdleSeconds('S1', IDLE_SECONDS); // the till enrolled with the default 10 minutes
    const notice = page.getByTestId('signin-notice');
    await notice.waitFor({ timeout: 15_000 }); // nobody touched it after sign-in
    expect(await notice.textContent()).toMatch(/sem atividade/);

    await signIn(page, '1001', '1234');
    await page.getByTestId('session').waitFor();
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    await scan(page, server.products[0]!.barcode);
    await page.getByTestId('cart-line').waitFor();
    // In use for twice the idle time: a touch every second keeps the associate signed in.
    for (let i = 0; i < IDLE_SECONDS * 2; i++) {
      await page.waitForTimeout(1_000);
      await page.locator('body').click({ position: { x: 5, y: 300 } });
    }
    expect(await page.getByTestId('session').count()).toBe(1);

    await notice.waitFor({ timeout: 15_000 });
    // The cart is the till's: the next person to sign in finds it, told whose it was.
    await signIn(page, '9001', '9999');
    await page.getByTestId('session').waitFor();
    expect(await page.locator(`[data-testid="cart-line"][data-sku="${server.products[0]!.sku}"]`).count()).toBe(1);
    expect(await page.getByTestId('cart-started-by').textContent()).toMatch(/Ana/);

    // Signing out on purpose leaves a clean till; the cart is parked under the name of who started it.
    await page.getByTestId('sign-out').click();
    await signIn(page, '1001', '1234');
    await page.getByTestId('cart').waitFor();
    expect(await page.getByTestId('cart-line').count()).toBe(0);
    await page.locator('[data-testid="parked-carts"][data-count="1"]').waitFor();
    expect(await page.getByTestId('parked-cart').getAttribute('data-name')).toMatch(/^Ana/);
  });
});
