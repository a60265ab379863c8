import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Sale } from '../../src/domain/index.js';
import { startTestServer, type TestServer } from '../server/harness.js';
import { launchChromium } from '../support/chromium.js';
import { openTablet, s1Levels, scan, signIn } from './tablet.js';

/**
 * The walking skeleton's story in real Chromium: a tablet of S1 sells offline, reloads offline (the service worker
 * opens the app), comes back online; the sale reaches the server, moves S1's stock, and a second tablet of S1 shows
 * the new level live, without a reload.
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

describe('offline sale on a tablet', () => {
  it('sells offline, survives an offline reload, syncs, and moves stock on every tablet of the store', async () => {
    const levels = await s1Levels(server);
    const [first, second] = levels.filter((l) => l.available >= 2);
    expect(first && second).toBeTruthy();
    const barcodeOf = (sku: string) => server.products.find((p) => p.sku === sku)!.barcode;

    const tabletA = await openTablet(browser, server, 'Caixa 1');
    const tabletB = await openTablet(browser, server, 'Caixa 2');

    // Tablet B has the first SKU in its cart, where the selling screen shows its live stock level.
    await tabletB.page.getByTestId('search-input').fill(first!.sku);
    // Search results show the store's stock of each match before anything is added.
    const result = tabletB.page.locator(`[data-testid="search-result"][data-sku="${first!.sku}"]`);
    await expect.poll(() => result.getByTestId('stock-level').getAttribute('data-available')).toBe(String(first!.available));
    await result.getByTestId('add-result').click();
    const watched = tabletB.page.getByTestId('cart-line').first().getByTestId('stock-level');
    await expect.poll(() => watched.getAttribute('data-available')).toBe(String(first!.available));

    // Network off on tablet A.
    await tabletA.context.setOffline(true);
    await tabletA.page.locator('[data-testid="sync-bar"][data-state="offline"]').waitFor();

    // Sign-in works offline, against the staff verifiers replicated to the tablet: a wrong PIN is refused, five
    // wrong PINs lock that staff number out (even with the right PIN), another staff number still signs in.
    await tabletA.page.getByTestId('sign-out').click();
    await signIn(tabletA.page, '1001', '0000');
    await expect.poll(() => tabletA.page.getByTestId('signin-pin-error').textContent()).toMatch(/incorretos/);
    for (let i = 0; i < 5; i++) await signIn(tabletA.page, '2001', '1111');
    await expect.poll(() => tabletA.page.getByTestId('signin-error').textContent()).toMatch(/5 min/);
    await signIn(tabletA.page, '2001', '2345');
    await expect.poll(() => tabletA.page.getByTestId('signin-error').textContent()).toMatch(/5 min/);
    await signIn(tabletA.page, '1001', '1234');
    await tabletA.page.locator('[data-testid="session"][data-staff-id="S1-1001"]').waitFor();

    await tabletA.page.locator('body').click({ position: { x: 5, y: 300 } });
    await scan(tabletA.page, barcodeOf(first!.sku));
    await scan(tabletA.page, barcodeOf(second!.sku));
    await expect.poll(() => tabletA.page.getByTestId('cart-line').count()).toBe(2);

    await tabletA.page.getByTestId('pay-button').click();
    await tabletA.page.getByTestId('quick-tender').last().click();
    await tabletA.page.getByTestId('change-due').waitFor();
    await tabletA.page.getByTestId('complete-sale').click();
    await tabletA.page.getByTestId('receipt').waitFor();
    const saleId = (await tabletA.page.getByTestId('receipt').getAttribute('data-sale-id'))!;
    expect(saleId).toMatch(/^[0-9a-f-]{36}$/);
    await tabletA.page.locator('[data-testid="sync-bar"][data-pending="1"]').waitFor();
    expect(await server.store.getDocument('sales', saleId)).toBeUndefined();

    // Reload with no network: the service worker opens the app, still signed in, and the sale is still there, pending.
    await tabletA.page.reload();
    await tabletA.page.locator('[data-testid="sync-bar"][data-pending="1"]').waitFor({ timeout: 15_000 });
    await tabletA.page.getByTestId('nav-sales').click();
    const listed = tabletA.page.locator(`[data-testid="sales-item"][data-sale-id="${saleId}"]`);
    await expect.poll(() => listed.getByTestId('sale-status').getAttribute('data-status')).toBe('pending');

    // Network back: the sale reaches the server within seconds and is applied to S1's ledger.
    await tabletA.context.setOffline(false);
    await tabletA.page.locator('[data-testid="sync-bar"][data-pending="0"]').waitFor({ timeout: 20_000 });
    const stored = await server.store.getDocument('sales', saleId);
    const sale = JSON.parse(stored!.body) as Sale;
    expect(sale.outcome?.status).toBe('accepted');
    expect(sale.associateId).toBe('S1-1001');
    await expect.poll(() => listed.getByTestId('sale-status').getAttribute('data-status')).toBe('accepted');

    const after = new Map((await s1Levels(server)).map((l) => [l.sku, l]));
    expect(after.get(first!.sku)!.available).toBe(first!.available - 1);
    expect(after.get(second!.sku)!.available).toBe(second!.available - 1);

    // Tablet B sees the new level live: no reload.
    await expect.poll(() => watched.getAttribute('data-available'), { timeout: 10_000 }).toBe(String(first!.available - 1));

    // The receipt names the associate from the replicated staff list.
    await tabletA.page.locator(`[data-testid="sales-item"][data-sale-id="${saleId}"]`).click();
    await expect.poll(() => tabletA.page.getByTestId('receipt-associate').textContent()).toContain('Ana Souza');

    // Only a manager may reset the device or mint an enrollment code for a new till (its PIN checked by the server).
    const b = tabletB.page;
    await b.getByTestId('nav-device').click();
    await b.getByTestId('reset-manager-only').waitFor();
    expect(await b.getByTestId('reset-device').isDisabled()).toBe(true);
    expect(await b.getByTestId('new-code-form').count()).toBe(0);
    await b.getByTestId('sign-out').click();
    await signIn(b, '9001', '9999');
    await b.locator('[data-testid="session"][data-role="manager"]').waitFor();
    await b.getByTestId('nav-device').click();
    await b.getByTestId('new-code-pin').fill('9990');
    await b.getByTestId('new-code-submit').click();
    await expect.poll(() => b.getByTestId('new-code-pin-error').textContent()).toMatch(/incorretos/);
    await b.getByTestId('new-code-pin').fill('9999');
    await b.getByTestId('new-code-submit').click();
    const code = (await b.getByTestId('new-code').getAttribute('data-code'))!;
    const enrolled = await fetch(`${server.url}/api/devices/enroll`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ code, name: 'Caixa 3' }),
    });
    expect(enrolled.status).toBe(200);
    expect(await b.getByTestId('reset-device').isDisabled()).toBe(false);
  });

  it('says when the tablet last synced after an offline reload right after its enrolment', async () => {
    const { context, page } = await openTablet(browser, server, 'Caixa 3');
    const lastSynced = page.getByTestId('sync-last');
    await expect.poll(() => lastSynced.textContent()).toMatch(/Última sincronização/);
    await context.setOffline(true);
    await page.reload();
    await page.locator('[data-testid="sync-bar"][data-state="offline"]').waitFor();
    await page.getByTestId('search-input').waitFor();
    // The till can be on screen a moment before the stored sync facts are read: wait for them, not for a fixed time.
    await expect.poll(() => lastSynced.textContent()).toMatch(/Última sincronização \d{2}:\d{2}/);
    expect(await page.getByTestId('sync-pending').textContent()).toBe('Tudo sincronizado');
    await context.close();
  });
});
