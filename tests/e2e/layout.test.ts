import { existsSync } from 'node:fs';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Product } from '../../src/domain/index.js';
import { startTestServer, type TestServer } from '../server/harness.js';
import { launchChromium } from '../support/chromium.js';
import { cartSaved, s1Levels, scan, signIn } from './tablet.js';

/**
 * The selling screen as the associate sees it, in real Chromium: at 1280 × 800 (landscape tablet) and 390 × 844
 * (phone) the cart's total and Pay stay in the window with six lines in the cart and a long list of results; on the
 * phone the header stays one short line and Pay sits in the bottom half, under the thumb. The size × colour grid
 * opens from a result, shows the store's stock in each cell and adds a variant in one tap. A product picture seen once
 * is shown again offline, from the service worker's cache.
 */
/** The built app (a private copy may be named, so a build running beside the test cannot pull files from under it). */
const STATIC_DIR = process.env.VITRINE_STATIC_DIR ?? 'dist';
const TABLET = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(`${STATIC_DIR}/index.html`)) throw new Error('build the PWA first: npm run build (npm test does)');
  server = await startTestServer({ catalogSize: 400, staticDir: STATIC_DIR });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function openDevice(viewport: { width: number; height: number }, name: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, locale: 'pt-BR', hasTouch: viewport.width < 600, isMobile: viewport.width < 600 });
  const page = await context.newPage();
  await page.goto(server.url);
  await page.getByTestId('enroll-code').fill(await server.mintEnrollmentCode('S1'));
  await page.getByTestId('enroll-name').fill(name);
  await page.getByTestId('enroll-submit').click();
  await page.locator('[data-testid="sync-bar"][data-initial-sync="done"]').waitFor({ timeout: 30_000 });
  await signIn(page, '1001', '1234');
  await page.locator('[data-testid="session"][data-staff-id="S1-1001"]').waitFor();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
  await page.getByTestId('nav-sell').click();
  await page.getByTestId('search-input').waitFor();
  return { context, page };
}

/** Six different products in the cart, by scanner, and a broad search whose results fill the search panel. */
async function fillTheTill(page: Page) {
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  const six = server.products.filter((p) => p.active).slice(0, 6);
  for (const p of six) await scan(page, p.barcode);
  await expect.poll(() => page.getByTestId('cart-line').count()).toBe(6);
  await cartSaved(page, 6);
  await page.getByTestId('search-input').fill('a');
  await expect.poll(() => page.getByTestId('search-result').count()).toBeGreaterThanOrEqual(10);
}

/** The element's box lies wholly inside the window, without scrolling anything. */
async function inWindow(locator: Locator, viewport: { width: number; height: number }) {
  const box = (await locator.boundingBox())!;
  expect(box, (await locator.getAttribute('data-testid')) ?? '').not.toBeNull();
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.y + box.height).toBeLessThanOrEqual(viewport.height);
  expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
  // …and nothing covers it (the phone's tab bar is fixed over the bottom of the page): a tap lands on it.
  const onTop = await locator.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const x = r.left + r.width / 2;
    return [r.top + 2, r.top + r.height / 2, r.bottom - 2].every((y) => {
      const hit = document.elementFromPoint(x, y);
      return hit !== null && (hit === el || el.contains(hit));
    });
  });
  expect(onTop, `${await locator.getAttribute('data-testid')} is covered`).toBe(true);
  return box;
}

/** Nothing is wider than the window (a phone's browser would zoom the page out, and the tab bar with it). */
const fitsWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

/** The text of each element whose content is wider than its box: a label cut short. */
const cutLabels = (locator: Locator) =>
  locator.evaluateAll((els) => els.filter((el) => el.scrollWidth > el.clientWidth + 1).map((el) => el.textContent));

describe('selling screen layout', () => {
  it('at 1280 × 800 the total and Pay stay in view with six lines in the cart and a long result list', async () => {
    const { context, page } = await openDevice(TABLET, 'Caixa layout tablet');
    try {
      await fillTheTill(page);
      await inWindow(page.getByTestId('cart-total'), TABLET);
      await inWindow(page.getByTestId('pay-button'), TABLET);
      await inWindow(page.getByTestId('search-input'), TABLET);
      // The page itself never scrolls: the panels do.
      expect(await page.evaluate(() => document.scrollingElement!.scrollHeight <= window.innerHeight + 1)).toBe(true);
    } finally {
      await context.close();
    }
  });

  it('on a 390 × 844 phone the header is one short line and the total and Pay sit in the bottom half, in view', async () => {
    const { context, page } = await openDevice(PHONE, 'Caixa layout celular');
    try {
      await fillTheTill(page);
      const header = (await page.locator('header.topbar').boundingBox())!;
      expect(header.height).toBeLessThanOrEqual(64);
      const total = await inWindow(page.getByTestId('cart-total'), PHONE);
      const pay = await inWindow(page.getByTestId('pay-button'), PHONE);
      expect(total.y).toBeGreaterThan(PHONE.height / 2);
      expect(pay.y).toBeGreaterThan(PHONE.height / 2);
      expect(pay.height).toBeGreaterThanOrEqual(48);
      // The total and the actions stay over the lines scrolling under them, with no gap a line shows through.
      const totals = (await page.locator('.cart-panel > .totals').boundingBox())!;
      const actions = (await page.locator('.cart-panel > .actions').boundingBox())!;
      expect(actions.y - (totals.y + totals.height)).toBeLessThanOrEqual(1);
      await inWindow(page.getByTestId('search-input'), PHONE);
      expect(await fitsWidth(page)).toBe(true);
      await page.getByTestId('nav-device').tap();
      await page.getByTestId('scanner-settings').waitFor();
      expect(await fitsWidth(page)).toBe(true);
      await page.getByTestId('nav-sell').tap();
      // Paying starts with one tap where the thumb is: no scrolling first.
      await page.getByTestId('pay-button').tap();
      await page.getByTestId('quick-tender').first().waitFor();
      // Every way to pay shows its whole name.
      const methods = page.locator('[data-testid^="method-"]');
      expect(await methods.count()).toBeGreaterThanOrEqual(3);
      expect(await cutLabels(methods)).toEqual([]);
      expect(await fitsWidth(page)).toBe(true);
    } finally {
      await context.close();
    }
  });
});

describe('pickup queue layout', () => {
  it("on a 390 × 844 phone the queue's filter chips sit in one row that scrolls sideways, none over another", async () => {
    const { context, page } = await openDevice(PHONE, 'Celular filtros');
    try {
      await page.getByTestId('nav-pickup-queue').tap();
      const chips = page.locator('.pickup-filters .chip');
      await chips.first().waitFor();
      const boxes = await chips.evaluateAll((els) =>
        els.map((el) => {
          const r = el.getBoundingClientRect();
          return { left: r.left, right: r.right, top: r.top };
        }),
      );
      expect(boxes.length).toBe(8);
      expect(new Set(boxes.map((b) => Math.round(b.top))).size).toBe(1);
      expect(await cutLabels(chips)).toEqual([]);
      for (const [i, box] of boxes.entries()) {
        if (i > 0) expect(box.left, `chip ${i} starts over chip ${i - 1}`).toBeGreaterThanOrEqual(boxes[i - 1]!.right);
      }
      // The row scrolls, not the page.
      expect(await fitsWidth(page)).toBe(true);
    } finally {
      await context.close();
    }
  });
});

describe('customer profile layout', () => {
  it('on a 390 × 844 phone the consent table fits the profile and every consent button shows its whole label', async () => {
    const { context, page } = await openDevice(PHONE, 'Celular clientes');
    try {
      await page.getByTestId('nav-customers').tap();
      await page.getByTestId('customer-new').tap();
      await page.getByTestId('customer-name').fill('Beatriz Camargo');
      await page.getByTestId('customer-phone').fill('(11) 98888-1234');
      await page.getByTestId('customer-save').tap();
      const table = page.getByTestId('customer-consents');
      await table.waitFor();
      const fits = await table.evaluate((el) => el.getBoundingClientRect().right <= el.parentElement!.getBoundingClientRect().right + 1);
      expect(fits).toBe(true);
      expect(await cutLabels(page.getByTestId('customer-consent-toggle'))).toEqual([]);
      expect(await cutLabels(table.locator('th'))).toEqual([]);
      expect(await fitsWidth(page)).toBe(true);
    } finally {
      await context.close();
    }
  });
});

/** A style with several sizes and colours, and at least one variant the store has none of, when the catalog has one. */
function styleToOpen(levels: Map<string, number>): Product {
  const byStyle = new Map<string, Product[]>();
  for (const p of server.products) byStyle.set(p.styleCode, [...(byStyle.get(p.styleCode) ?? []), p]);
  const rich = [...byStyle.values()].filter((vs) => new Set(vs.map((v) => v.colour)).size >= 2 && new Set(vs.map((v) => v.size)).size >= 3);
  const withZero = rich.find((vs) => vs.some((v) => levels.get(v.sku) === 0));
  return (withZero ?? rich[0]!)[0]!;
}

describe('size × colour grid', () => {
  for (const viewport of [TABLET, PHONE]) {
    it(`at ${viewport.width} × ${viewport.height}: opens a style from a result, shows the stock per cell and adds a cell in one tap`, async () => {
      const levels = new Map((await s1Levels(server)).map((l) => [l.sku, l.available]));
      const { context, page } = await openDevice(viewport, `Caixa grade ${viewport.width}`);
      try {
        const style = styleToOpen(levels);
        const variants = server.products.filter((p) => p.styleCode === style.styleCode);
        await page.getByTestId('search-input').fill(style.sku);
        await page.locator(`[data-testid="search-result"][data-sku="${style.sku}"] [data-testid="open-grid"]`).click();
        const grid = page.getByTestId('style-grid');
        await grid.waitFor();
        const cells = grid.getByTestId('grid-cell');
        await expect.poll(() => cells.count()).toBe(variants.length);
        // Every cell shows the store's stock of its variant, 0 as 0.
        await expect.poll(() => grid.locator('[data-testid="grid-cell"][data-available=""]').count()).toBe(0);
        for (const v of variants) {
          const cell = grid.locator(`[data-testid="grid-cell"][data-sku="${v.sku}"]`);
          expect(await cell.textContent()).toBe(String(levels.get(v.sku)));
          expect(await cell.getAttribute('aria-label')).toContain(v.colour!);
        }
        // Sizes × colours the style is not made in have no button.
        const sizes = new Set(variants.map((v) => v.size)).size;
        const colours = new Set(variants.map((v) => v.colour)).size;
        expect(await grid.locator('td.style-grid-none').count()).toBe(sizes * colours - variants.length);

        const pick = variants[variants.length - 1]!;
        const cell = grid.locator(`[data-testid="grid-cell"][data-sku="${pick.sku}"]`);
        await inWindow(cell, viewport);
        const cellBox = (await cell.boundingBox())!;
        expect(Math.min(cellBox.width, cellBox.height)).toBeGreaterThanOrEqual(48);
        await cell.click();
        await expect.poll(() => grid.getByTestId('style-grid-added').textContent()).toContain(pick.name);
        await grid.getByTestId('style-grid-close').click();
        await grid.waitFor({ state: 'detached' });
        await page.locator(`[data-testid="cart-line"][data-sku="${pick.sku}"][data-quantity="1"]`).waitFor();
      } finally {
        await context.close();
      }
    });
  }

  it('opens the grid of a scanned product', async () => {
    const { context, page } = await openDevice(TABLET, 'Caixa grade leitura');
    try {
      const product = server.products.find((p) => p.size && p.colour)!;
      await page.locator('body').click({ position: { x: 5, y: 5 } });
      await scan(page, product.barcode);
      await page.getByTestId('open-grid-scanned').click();
      await page.locator(`[data-testid="style-grid"][data-style="${product.styleCode}"]`).waitFor();
    } finally {
      await context.close();
    }
  });
});

describe('product pictures', () => {
  it('a picture seen once is shown again offline, from the service worker cache; a product without one keeps its placeholder', async () => {
    const { context, page } = await openDevice(TABLET, 'Caixa fotos');
    try {
      const pictured = server.products.find((p) => p.imageUrl)!;
      const bare = server.products.find((p) => !p.imageUrl)!;
      const shows = async (sku: string) => {
        await page.getByTestId('search-input').fill(sku);
        const image = page.locator(`[data-testid="search-result"][data-sku="${sku}"] [data-testid="product-image"]`);
        await image.waitFor();
        return image;
      };
      const loaded = (image: Locator) => image.locator('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0);

      await expect.poll(async () => loaded(await shows(pictured.sku))).toBe(true);
      expect(await (await shows(bare.sku)).getAttribute('data-state')).toBe('placeholder');
      await expect
        .poll(() =>
          page.evaluate(
            (url) => caches.open('product-images').then((cache) => cache.match(url).then((hit) => hit !== undefined)),
            pictured.imageUrl!,
          ),
        )
        .toBe(true);

      await context.setOffline(true);
      await page.reload();
      await page.getByTestId('search-input').waitFor({ timeout: 30_000 });
      const offline = await shows(pictured.sku);
      await expect.poll(() => offline.getAttribute('data-state')).toBe('image');
      await expect.poll(() => loaded(offline)).toBe(true);
    } finally {
      await context.close();
    }
  });
});
