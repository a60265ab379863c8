import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../server/harness.js';
import { launchChromium } from '../support/chromium.js';
import { openTablet, scriptsFetched } from './tablet.js';

/**
 * Screens used rarely are not part of the till's first paint (src/app/ui/lazy-screen.tsx): their code is fetched the
 * first time they open. An installed tablet must still open every one of them with no network, from the service
 * worker's precache, after a reload with no network in which none of them had been opened.
 */
const STATIC_DIR = 'dist';
/** Each tab whose screen loads on demand, and what its screen shows. */
const LAZY_TABS = [
  { nav: 'nav-sales', screen: 'sales-screen', chunk: /\/assets\/SalesScreen-[^/]+\.js$/ },
  { nav: 'nav-shift', screen: 'shift-screen', chunk: /\/assets\/ShiftScreen-[^/]+\.js$/ },
  { nav: 'nav-customers', screen: 'customers-screen', chunk: /\/assets\/CustomersScreen-[^/]+\.js$/ },
  { nav: 'nav-orders', screen: 'orders-screen', chunk: /\/assets\/OrdersScreen-[^/]+\.js$/ },
  { nav: 'nav-device', screen: 'device-screen', chunk: /\/assets\/DeviceScreen-[^/]+\.js$/ },
] as const;
/** The till's dialogs, loaded on the tap that opens them (src/app/features/sell/dialogs.ts, AttachCustomer). */
const LAZY_DIALOG_CHUNK = /\/assets\/(DiscountDialog|VoidSaleDialog|GiftCardDialog|StyleGrid|OtherStores|TillCustomerPicker)-[^/]+\.js$/;

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(`${STATIC_DIR}/index.html`)) throw new Error('build the PWA first: npm run build (npm test does)');
  server = await startTestServer({ catalogSize: 50, staticDir: STATIC_DIR });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('screens loaded on demand', () => {
  it('are not loaded by the till, and each opens offline from the precache after an offline reload', async () => {
    const { context, page } = await openTablet(browser, server, 'Caixa lazy');
    await context.setOffline(true);
    await page.reload();
    await page.getByTestId('search-input').waitFor({ timeout: 15_000 });

    // The till is up, and none of the rarely used screens' code was fetched for it.
    const atStart = await scriptsFetched(page);
    for (const tab of LAZY_TABS) expect(atStart.filter((url) => tab.chunk.test(url))).toEqual([]);

    for (const tab of LAZY_TABS) {
      await page.getByTestId(tab.nav).click();
      await page.getByTestId(tab.screen).waitFor({ timeout: 15_000 });
      expect(await page.getByTestId('screen-load-failed').count()).toBe(0);
      // Opened by fetching its own chunk, with no network: the service worker answered it.
      expect((await scriptsFetched(page)).some((url) => tab.chunk.test(url))).toBe(true);
    }
    await context.close();
  });

  it("open the till's dialogs offline from the precache, none of them loaded for the till's first paint", async () => {
    const { context, page } = await openTablet(browser, server, 'Caixa dialogs');
    await context.setOffline(true);
    await page.reload();
    await page.getByTestId('search-input').waitFor({ timeout: 15_000 });
    expect((await scriptsFetched(page)).filter((url) => LAZY_DIALOG_CHUNK.test(url))).toEqual([]);

    const opens = async (open: string, dialog: string, close: string) => {
      await page.getByTestId(open).first().click();
      await page.getByTestId(dialog).waitFor({ timeout: 15_000 });
      expect(await page.getByTestId('screen-load-failed').count()).toBe(0);
      await page.getByTestId(close).click();
      await page.getByTestId(dialog).waitFor({ state: 'detached' });
    };
    await page.getByTestId('search-input').fill('a');
    await page.getByTestId('search-result').first().waitFor();
    await opens('open-grid', 'style-grid', 'style-grid-close');
    await opens('open-other-stores', 'other-stores', 'other-stores-close');
    await page.getByTestId('add-result').first().click();
    await page.getByTestId('cart-line').waitFor();
    await opens('cart-discount', 'discount-dialog', 'discount-cancel');
    await opens('void-sale', 'void-dialog', 'void-cancel');
    await opens('sell-gift-card', 'gift-card-dialog', 'gift-card-cancel');
    await page.getByTestId('till-customer-add').click();
    await page.getByTestId('customer-search').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('screen-load-failed').count()).toBe(0);
    // Each came from its own chunk, fetched with no network: the service worker answered it.
    const names = (await scriptsFetched(page)).flatMap((url) => LAZY_DIALOG_CHUNK.exec(url)?.[1] ?? []);
    expect(new Set(names)).toEqual(new Set(['StyleGrid', 'OtherStores', 'DiscountDialog', 'VoidSaleDialog', 'GiftCardDialog', 'TillCustomerPicker']));
    await context.close();
  });

  it('say so when a screen cannot be fetched, and open it when the associate tries again', async () => {
    // No service worker here, so the request reaches the network and can be refused.
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US', serviceWorkers: 'block' });
    const page = await context.newPage();
    await context.route(/\/assets\/EnrollScreen-[^/]+\.js$/, (route) => route.abort('internetdisconnected'));
    await page.goto(server.url);
    const failed = page.getByTestId('screen-load-failed');
    await failed.waitFor({ timeout: 15_000 });
    expect(await failed.textContent()).toContain('could not be loaded');
    expect(await page.getByTestId('enroll-code').count()).toBe(0);

    await context.unroute(/\/assets\/EnrollScreen-[^/]+\.js$/);
    await failed.getByRole('button').click();
    await page.getByTestId('enroll-code').waitFor({ timeout: 15_000 });
    expect(await failed.count()).toBe(0);
    await context.close();
  });
});
