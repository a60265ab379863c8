import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Sale } from '../../src/domain/index.js';
import { queryRows } from '../../sync-server/outbox/sql.js';
import { startTestServer, type TestServer } from '../server/harness.js';
import { launchChromium } from '../support/chromium.js';
import { openTablet, s1Levels, sellByScanning } from './tablet.js';

/**
 * Receipts in real Chromium: two tablets of one store selling offline at once print distinct receipt numbers
 * (their numbers in the store from enrollment, their own sequences) and both sync; the receipt prints on an 80 mm
 * page showing only the receipt; an email receipt asked for offline reaches the server's mail outbox once online.
 */
const STATIC_DIR = 'dist';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(`${STATIC_DIR}/index.html`)) throw new Error('build the PWA first: npm run build (npm test does)');
  server = await startTestServer({ catalogSize: 300, staticDir: STATIC_DIR, delivery: { timing: { pollMs: 50 } } });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const receiptNumberOn = async (page: Page) => (await page.getByTestId('receipt').getAttribute('data-receipt-number'))!;
const storedSale = async (id: string) => {
  const doc = await server.store.getDocument('sales', id);
  return doc ? (JSON.parse(doc.body) as Sale) : undefined;
};

describe('receipts', () => {
  let tabletA: { page: Page };
  let tabletB: { page: Page };
  let barcodes: string[];

  it('two tablets of one store selling offline at once get distinct receipt numbers, S1-01-… and S1-02-…, and both sync', async () => {
    const inStock = (await s1Levels(server)).filter((l) => l.available >= 3).slice(0, 4);
    barcodes = inStock.map((l) => server.products.find((p) => p.sku === l.sku)!.barcode);
    const a = await openTablet(browser, server, 'Caixa 1');
    const b = await openTablet(browser, server, 'Caixa 2');
    tabletA = a;
    tabletB = b;

    await Promise.all([a.context.setOffline(true), b.context.setOffline(true)]);
    await a.page.locator('[data-testid="sync-bar"][data-state="offline"]').waitFor();
    await b.page.locator('[data-testid="sync-bar"][data-state="offline"]').waitFor();

    // Both tills ring two sales each, at the same time.
    const sold: { page: Page; saleId: string; receiptNumber: string }[] = [];
    for (const round of [0, 1]) {
      const [onA, onB] = await Promise.all(
        [a.page, b.page].map(async (page, i) => {
          const saleId = await sellByScanning(page, [barcodes[round * 2 + i]!]);
          return { page, saleId, receiptNumber: await receiptNumberOn(page) };
        }),
      );
      sold.push(onA!, onB!);
    }
    const numbers = sold.map((s) => s.receiptNumber);
    expect(new Set(numbers).size).toBe(4);
    expect(numbers.filter((n) => n.startsWith('S1-01-')).sort()).toEqual(['S1-01-000001', 'S1-01-000002']);
    expect(numbers.filter((n) => n.startsWith('S1-02-')).sort()).toEqual(['S1-02-000001', 'S1-02-000002']);
    for (const s of sold) expect(await storedSale(s.saleId)).toBeUndefined();

    await Promise.all([a.context.setOffline(false), b.context.setOffline(false)]);
    for (const page of [a.page, b.page]) await page.locator('[data-testid="sync-bar"][data-pending="0"]').waitFor({ timeout: 30_000 });
    for (const s of sold) {
      const stored = await storedSale(s.saleId);
      expect(stored).toMatchObject({ receiptNumber: s.receiptNumber, outcome: { status: 'accepted' } });
    }

    // The sales list of till 1 finds till 2's sale by its receipt number, with its outcome, and opens its receipt.
    await a.page.getByTestId('nav-sales').click();
    await expect.poll(() => a.page.getByTestId('sales-item').count(), { timeout: 15_000 }).toBe(4);
    await a.page.getByTestId('sales-search').fill('s1-02-000002');
    await expect.poll(() => a.page.getByTestId('sales-item').count()).toBe(1);
    const found = a.page.getByTestId('sales-item');
    expect(await found.getAttribute('data-receipt-number')).toBe('S1-02-000002');
    await expect.poll(() => found.getByTestId('sale-status').getAttribute('data-status')).toBe('accepted');
    await found.getByRole('button').click();
    await expect.poll(() => a.page.getByTestId('receipt-number').textContent()).toBe('S1-02-000002');

    // Its QR code opens the customer's digital receipt on the server, for the same sale.
    const qrUrl = (await a.page.getByTestId('receipt-qr').getAttribute('data-qr-text'))!;
    expect(qrUrl).toBe(`${server.url}/receipts/${await a.page.getByTestId('receipt').getAttribute('data-sale-id')}`);
    const digital = await fetch(qrUrl);
    expect(digital.status).toBe(200);
    expect(await digital.text()).toContain('S1-02-000002');
  });

  it('prints on an 80 mm page that holds only the receipt', async () => {
    const page = tabletA.page;
    await sellByScanning(page, [barcodes[0]!]);
    const number = await receiptNumberOn(page);

    // What the Print button and Ctrl+P do before printing: mark what holds the receipt, fit the page's height to it.
    await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByTestId('receipt-number').textContent()).toBe(number);
    expect(await page.getByTestId('receipt-number').isVisible()).toBe(true);
    expect(await page.getByTestId('receipt-total').isVisible()).toBe(true);
    expect(await page.getByTestId('receipt-qr').isVisible()).toBe(true);
    // No navigation, sync bar, buttons or email form on paper.
    for (const testId of ['nav-sales', 'sync-bar', 'new-sale', 'receipt-print', 'receipt-email', 'receipt-status']) {
      expect(await page.getByTestId(testId).first().isVisible(), testId).toBe(false);
    }
    const paperWidth = await page.getByTestId('receipt-paper').evaluate((el) => el.getBoundingClientRect().width);
    expect(paperWidth).toBeCloseTo((72 / 25.4) * 96, 0);
    // Back to the browser's own media: page.pdf() prints with print media unless screen is emulated.
    await page.emulateMedia({ media: null });

    const pdf = (await page.pdf({ preferCSSPageSize: true, printBackground: false })).toString('latin1');
    const boxes = [...pdf.matchAll(/\/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]/g)].map((m) => [
      Number(m[3]) - Number(m[1]),
      Number(m[4]) - Number(m[2]),
    ]);
    expect(boxes).toHaveLength(1);
    const [width, height] = boxes[0]!;
    const mm = (pt: number) => (pt / 72) * 25.4;
    expect(mm(width!)).toBeGreaterThan(79.5);
    expect(mm(width!)).toBeLessThan(80.5);
    // One page as long as the receipt, not a Letter sheet.
    expect(mm(height!)).toBeGreaterThan(60);
    expect(mm(height!)).toBeLessThan(297);

    // Once the receipt has left the screen, printing prints the screen shown, on the printer's own paper.
    await page.getByTestId('new-sale').click();
    await page.getByTestId('cart').waitFor();
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByTestId('cart').isVisible()).toBe(true);
    await page.emulateMedia({ media: null });
    const sellPdf = (await page.pdf({ preferCSSPageSize: true })).toString('latin1');
    const [sellWidth] = [...sellPdf.matchAll(/\/MediaBox\s*\[\s*[\d.]+\s+[\d.]+\s+([\d.]+)/g)].map((m) => Number(m[1]));
    expect(mm(sellWidth!)).toBeGreaterThan(200);
  });

  it('emails the receipt asked for offline through the mail outbox once the till is back online', async () => {
    const page = tabletB.page;
    const context = page.context();
    await context.setOffline(true);
    await page.locator('[data-testid="sync-bar"][data-state="offline"]').waitFor();
    const saleId = await sellByScanning(page, [barcodes[1]!]);
    const number = await receiptNumberOn(page);

    await page.getByTestId('receipt-email').click();
    await page.getByTestId('receipt-email-input').fill('ana@');
    await page.getByTestId('receipt-email-send').click();
    await page.getByTestId('receipt-email-error').waitFor();
    await page.getByTestId('receipt-email-input').fill('cliente@example.com');
    await page.getByTestId('receipt-email-send').click();
    const status = page.getByTestId('receipt-email-status');
    await expect.poll(() => status.getAttribute('data-status')).toBe('waiting');
    expect(await status.textContent()).toMatch(/cliente@example\.com/);

    const mails = () =>
      queryRows<{ id: string }>(server.store.sql, "SELECT id FROM outbox WHERE channel = 'mail' AND aggregate_type = 'sale' AND aggregate_id = ?", [
        saleId,
      ]);
    expect(await mails()).toHaveLength(0);

    await context.setOffline(false);
    await expect.poll(mails, { timeout: 30_000 }).toHaveLength(1);
    await expect.poll(() => status.getAttribute('data-status'), { timeout: 15_000 }).toBe('accepted');
    const [row] = await mails();
    const file = join(server.dataDir, 'mail', `${row!.id}.eml`);
    await expect.poll(() => existsSync(file), { timeout: 15_000 }).toBe(true);
    const eml = readFileSync(file, 'utf8');
    expect(eml).toMatch(/^To: cliente@example\.com$/m);
    expect(eml).toContain(number);
    expect(eml.replace(/=\r?\n/g, '')).toContain(`/receipts/${saleId}`);
  });

  it('lays the sales list and the receipt out on a phone without sideways scrolling', async () => {
    const page = tabletA.page;
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await page.getByTestId('nav-sales').click();
      await page.getByTestId('sales-item').first().waitFor();
      const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(await overflow()).toBeLessThanOrEqual(0);
      for (const testId of ['sales-search', 'sales-filter-associate', 'sales-filter-status', 'sales-filter-min', 'sales-filter-max']) {
        const box = (await page.getByTestId(testId).boundingBox())!;
        expect(box.x + box.width, testId).toBeLessThanOrEqual(390);
        expect(box.height, testId).toBeGreaterThanOrEqual(40);
      }
      await page.getByTestId('sales-item').first().getByRole('button').click();
      await page.getByTestId('receipt-number').waitFor();
      expect(await overflow()).toBeLessThanOrEqual(0);
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  });
});
