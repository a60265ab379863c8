import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../server/harness.js';
import { launchChromium } from '../support/chromium.js';
import { openTablet } from './tablet.js';

/**
 * Keyboard-wedge scanners of every speed, in real Chromium: a burst that never gets its Enter is reported, a
 * Bluetooth scanner slower than the device's gap is reported with what to do about it, and once the gap is raised on
 * the Device screen (kept across a reload) the same slow scanner rings the product up.
 */
const STATIC_DIR = process.env.VITRINE_STATIC_DIR ?? 'dist';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(`${STATIC_DIR}/index.html`)) throw new Error('build the PWA first: npm run build (npm test does)');
  server = await startTestServer({ catalogSize: 40, staticDir: STATIC_DIR });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** A scanner typing `keys` into whatever has the focus, one key every `gapMs` (real time: the buffer reads event times). */
const typeLikeScanner = (page: Page, keys: string[], gapMs: number) =>
  page.evaluate(
    ([keys, gapMs]) =>
      new Promise<void>((done) => {
        const send = (i: number) => {
          if (i === keys.length) return done();
          const target = document.activeElement ?? document.body;
          target.dispatchEvent(new KeyboardEvent('keydown', { key: keys[i], bubbles: true, cancelable: true }));
          setTimeout(() => send(i + 1), gapMs);
        };
        send(0);
      }),
    [keys, gapMs] as const,
  );

describe('scanners of every speed', () => {
  it('reports a burst without Enter and a too-slow scanner, then scans with it once the gap is raised', async () => {
    const { context, page } = await openTablet(browser, server, 'Caixa leitor lento');
    try {
      const product = server.products[3]!;
      await page.getByTestId('nav-sell').click();
      await page.getByTestId('search-input').waitFor();
      const away = () => page.locator('body').click({ position: { x: 5, y: 5 } });
      const error = page.getByTestId('scan-error');

      // A fast burst whose Enter never comes (the scanner's suffix is off, or the cable moved).
      await away();
      await typeLikeScanner(page, [...product.barcode], 0);
      await expect.poll(() => error.textContent()).toBe('Leitura não reconhecida, tente de novo.');

      // A Bluetooth scanner at 90 ms a key, on the default gap: told to raise the gap, nothing added.
      await away();
      await typeLikeScanner(page, [...product.barcode, 'Enter'], 90);
      await expect.poll(() => error.textContent()).toContain('Aumente o intervalo do leitor');
      expect(await page.getByTestId('cart-line').count()).toBe(0);

      // The gap raised on the Device screen, kept across a reload.
      await page.getByTestId('nav-device').click();
      await page.getByTestId('scanner-gap').fill('250');
      await page.getByTestId('scanner-gap-save').click();
      await page.getByTestId('scanner-gap-saved').waitFor();
      await page.reload();
      await page.getByTestId('nav-device').click();
      await expect.poll(() => page.getByTestId('scanner-gap').inputValue()).toBe('250');

      await page.getByTestId('nav-sell').click();
      await page.getByTestId('search-input').waitFor();
      await away();
      await typeLikeScanner(page, [...product.barcode, 'Enter'], 90);
      await page.locator(`[data-testid="cart-line"][data-sku="${product.sku}"]`).waitFor();
      expect(await page.getByTestId('search-input').inputValue()).toBe('');
    } finally {
      await context.close();
    }
  });
});
