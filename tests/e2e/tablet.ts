import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { StockLevelSchema, type StockLevel } from '../../src/domain/index.js';
import type { TestServer } from '../server/harness.js';

/** What a store associate does on a tablet, for the browser tests: enroll, sign in, scan. */

export async function openTablet(browser: Browser, server: TestServer, name: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'pt-BR' });
  const page = await context.newPage();
  await page.goto(server.url);
  await page.getByTestId('enroll-code').fill(await server.mintEnrollmentCode('S1'));
  await page.getByTestId('enroll-name').fill(name);
  await page.getByTestId('enroll-submit').click();
  await page.locator('[data-testid="sync-bar"][data-initial-sync="done"]').waitFor({ timeout: 30_000 });
  await signIn(page, '1001', '1234');
  await page.locator('[data-testid="session"][data-staff-id="S1-1001"]').waitFor();
  // The app shell is precached and this page is controlled: it can now open with no network.
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
  return { context, page };
}

/** The staff number typed on the keyboard, the PIN on the touch keypad; waits for the answer. */
export async function signIn(page: Page, staffNumber: string, pin: string) {
  const form = page.getByTestId('signin-form');
  const before = Number(await form.getAttribute('data-attempts'));
  await page.getByTestId('signin-staff').fill('');
  await page.getByTestId('signin-staff').pressSequentially(staffNumber);
  await page.getByTestId('signin-pin').click();
  await page.getByTestId('keypad-clear').click();
  for (const digit of pin) await page.getByTestId(`keypad-${digit}`).click();
  await page.getByTestId('signin-submit').click();
  await Promise.race([page.locator(`[data-testid="signin-form"][data-attempts="${before + 1}"]`).waitFor(), page.getByTestId('session').waitFor()]);
}

export async function s1Levels(server: TestServer): Promise<StockLevel[]> {
  const page = await server.store.pull({ collection: 'stock', storeId: 'S1', afterSeq: 0, limit: 5_000 });
  return page.documents.map((d) => StockLevelSchema.parse(JSON.parse(d.body)));
}

/**
 * A keyboard-wedge scanner: its keys and Enter, a fraction of a millisecond apart, sent to whatever has the focus.
 * They are dispatched in the page in one go, because on a loaded machine key events sent one at a time over the
 * DevTools protocol can arrive 40 ms apart and read as a person typing (the scan buffer's timing has unit tests).
 */
export async function scan(page: Page, code: string) {
  await page.evaluate(
    (keys) => {
      const target = document.activeElement ?? document.body;
      for (const key of keys) target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
    },
    [...code, 'Enter'],
  );
}

/**
 * Waits until the cart on screen is also the one saved on the device (its local document), as it is a few
 * milliseconds after each change: a reload sooner than that would test the browser's unload, not the till.
 */
export async function cartSaved(page: Page, lineCount: number) {
  await expect
    .poll(() =>
      page.evaluate(() =>
        window.__vitrine?.db.getLocal('cart').then((doc) => (doc?.toJSON().data as { lines?: unknown[] } | undefined)?.lines?.length ?? 0),
      ),
    )
    .toBe(lineCount);
}

/** Scans the codes, takes cash with the largest quick-tender button, completes; answers the sale id on the receipt. */
export async function sellByScanning(page: Page, barcodes: string[]): Promise<string> {
  // Keystrokes go to the tab in front, as they do for an associate at the till.
  await page.bringToFront();
  await page.getByTestId('nav-sell').click();
  await page.getByTestId('search-input').waitFor();
  await page.locator('body').click({ position: { x: 5, y: 300 } });
  for (const code of barcodes) await scan(page, code);
  await page
    .locator(`[data-testid="cart-line"]`)
    .nth(barcodes.length - 1)
    .waitFor();
  await page.getByTestId('pay-button').click();
  await page.getByTestId('quick-tender').last().click();
  await page.getByTestId('complete-sale').click();
  await page.getByTestId('receipt').waitFor();
  return (await page.getByTestId('receipt').getAttribute('data-sale-id'))!;
}

/** The scripts this page fetched so far (from the network or the service worker), by URL, in fetch order. */
export const scriptsFetched = (page: Page): Promise<string[]> =>
  page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .map((r) => r.name)
      .filter((name) => name.endsWith('.js')),
  );
