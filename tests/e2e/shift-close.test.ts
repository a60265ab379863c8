import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fact, Sale, ZReport } from '../../src/domain/index.js';
import { startTestServer, type TestServer } from '../server/harness.js';
import { launchChromium } from '../support/chromium.js';
import { openTablet, s1Levels, sellByScanning } from './tablet.js';

/**
 * A shift on a tablet in real Chromium: opened with a float, two cash sales online, one offline (still unsynced at
 * the close), cash taken out; the close warns about the unsynced sale, its Z report matches the three sales to the
 * centavo, prints alone, and once online the shift.closed fact reaches the server, accepted.
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

const amountOf = async (page: Page, testId: string) => Number(await page.getByTestId(testId).getAttribute('data-amount'));
const salesOnTablet = (page: Page) =>
  page.evaluate(() =>
    window
      .__vitrine!.db.sales.find()
      .exec()
      .then((docs) => docs.map((d) => d.toJSON() as unknown as Sale)),
  );

describe('shift close on a tablet', () => {
  it('closes with a Z report matching the sales, one of them still unsynced, and the close reaches the server', async () => {
    const [a, b, c] = (await s1Levels(server)).filter((l) => l.available >= 2);
    const barcodeOf = (sku: string) => server.products.find((p) => p.sku === sku)!.barcode;
    const { context, page } = await openTablet(browser, server, 'Caixa 1');

    // Open the register with R$ 100,00 in the drawer; the tab says the shift is open.
    await page.getByTestId('nav-shift').click();
    await expect.poll(() => page.getByTestId('nav-shift-chip').getAttribute('data-tone')).toBe('muted');
    await page.getByTestId('shift-float').fill('100,00');
    await page.getByTestId('shift-open-submit').click();
    const shiftId = (await page.locator('[data-testid="shift-open"][data-shift-id]').getAttribute('data-shift-id'))!;
    expect(shiftId).toMatch(/^[0-9a-f-]{36}$/);
    await expect.poll(() => page.getByTestId('nav-shift-chip').getAttribute('data-tone')).toBe('ok');

    // Two cash sales online, synced; a third offline, still waiting.
    await sellByScanning(page, [barcodeOf(a!.sku)]);
    await sellByScanning(page, [barcodeOf(b!.sku), barcodeOf(c!.sku)]);
    await page.locator('[data-testid="sync-bar"][data-pending="0"]').waitFor({ timeout: 20_000 });
    await context.setOffline(true);
    await page.locator('[data-testid="sync-bar"][data-state="offline"]').waitFor();
    const offlineSaleId = await sellByScanning(page, [barcodeOf(c!.sku)]);
    await page.locator('[data-testid="sync-bar"][data-pending="1"]').waitFor();

    // R$ 20,00 out to the bank.
    await page.getByTestId('nav-shift').click();
    await page.getByTestId('cash-out').check();
    await page.getByTestId('cash-move-amount').fill('20,00');
    await page.getByTestId('cash-move-reason').selectOption('bank_deposit');
    await page.getByTestId('cash-move-submit').click();
    await page.locator('[data-testid="shift-move"][data-direction="out"][data-amount="2000"]').waitFor();

    // What the Z report must say, from the sales as the tablet recorded them.
    const sales = (await salesOnTablet(page)).filter((s) => s.shiftId === shiftId);
    expect(sales).toHaveLength(3);
    expect(sales.filter((s) => !s.outcome).map((s) => s.id)).toEqual([offlineSaleId]);
    const sum = (f: (s: Sale) => number) => sales.reduce((total, s) => total + f(s), 0);
    const cashNet = sum((s) => s.tenders.filter((t) => t.kind === 'cash' && !t.reversal).reduce((x, t) => x + t.amount, 0) - s.totals.change);
    const expectedCash = 10000 + cashNet - 2000;

    // Close, blind: the unsynced sale is called out, the expected amounts stay hidden while counting.
    await page.getByTestId('shift-close-start').click();
    await expect.poll(() => page.getByTestId('shift-unsynced-warning').getAttribute('data-count')).toBe('1');
    expect(await page.getByTestId('close-blind').isChecked()).toBe(true);
    expect(await page.locator('#close-count-cash-hint').count()).toBe(0);
    const counted = expectedCash - 50;
    await page.getByTestId('close-count-cash').fill((counted / 100).toFixed(2).replace('.', ','));
    await page.getByTestId('close-count-card').fill('0');
    await page.getByTestId('close-count-pix').fill('0');
    await page.getByTestId('close-confirm').click();

    await page.getByTestId('z-report').waitFor();
    expect(await page.getByTestId('z-report').getAttribute('data-shift-id')).toBe(shiftId);
    expect(await page.getByTestId('z-sales-count').getAttribute('data-count')).toBe('3');
    expect(await page.getByTestId('z-unsynced').getAttribute('data-count')).toBe('1');
    expect(await amountOf(page, 'z-gross')).toBe(sum((s) => s.lines.reduce((x, l) => x + l.quantity * l.unitPrice, 0)));
    expect(await amountOf(page, 'z-tax')).toBe(sum((s) => s.totals.tax));
    expect(await amountOf(page, 'z-net')).toBe(sum((s) => s.totals.total));
    expect(await amountOf(page, 'z-cash-tendered')).toBe(sum((s) => s.totals.tendered));
    expect(await amountOf(page, 'z-change')).toBe(-sum((s) => s.totals.change));
    expect(await amountOf(page, 'z-cash-net')).toBe(cashNet);
    expect(await amountOf(page, 'z-card-net')).toBe(0);
    expect(await amountOf(page, 'z-pix-net')).toBe(0);
    expect(await amountOf(page, 'z-float')).toBe(10000);
    expect(await amountOf(page, 'z-cash-out')).toBe(-2000);
    expect(await amountOf(page, 'z-expected-cash')).toBe(expectedCash);
    expect(await amountOf(page, 'z-counted-cash')).toBe(counted);
    expect(await amountOf(page, 'z-over-short-cash')).toBe(-50);
    await expect.poll(() => page.getByTestId('nav-shift-chip').getAttribute('data-tone')).toBe('muted');

    // On paper, the report alone: the app's bars are not printed.
    await page.emulateMedia({ media: 'print' });
    const printed = await page.evaluate(() =>
      ['.topbar', '[data-testid="sync-bar"]', '[data-testid="z-print"]', '[data-testid="z-report"]'].map(
        (selector) => getComputedStyle(document.querySelector(selector)!).display,
      ),
    );
    expect(printed).toEqual(['none', 'none', 'none', 'block']);
    await page.emulateMedia({ media: 'screen' });

    // Online again: the offline sale and the close reach the server; the close is accepted with the same report.
    await context.setOffline(false);
    await page.locator('[data-testid="sync-bar"][data-pending="0"]').waitFor({ timeout: 20_000 });
    const stored = (await server.store.pull({ collection: 'facts', storeId: 'S1', afterSeq: 0, limit: 5_000 })).documents.map(
      (d) => JSON.parse(d.body) as Fact,
    );
    const closed = stored.find((f) => f.kind === 'shift.closed' && f.subjectId === shiftId);
    expect(closed?.outcome?.status).toBe('accepted');
    const report = (closed!.payload as { zReport: ZReport }).zReport;
    expect(report).toMatchObject({ salesCount: 3, unsyncedSales: 1, expected: { cash: expectedCash }, overShort: { cash: -50, card: 0, pix: 0 } });
    expect(stored.filter((f) => f.subjectId === shiftId).map((f) => [f.kind, f.outcome?.status])).toEqual([
      ['shift.opened', 'accepted'],
      ['shift.cash-moved', 'accepted'],
      ['shift.closed', 'accepted'],
    ]);
    const offlineSale = JSON.parse((await server.store.getDocument('sales', offlineSaleId))!.body) as Sale;
    expect(offlineSale).toMatchObject({ shiftId, outcome: { status: 'accepted' } });
    await context.close();
  });
});
