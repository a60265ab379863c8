import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Sale } from '../../src/domain/index.js';
import { startTestServer, type TestServer } from '../server/harness.js';
import { launchChromium } from '../support/chromium.js';
import { openTablet, sellByScanning } from './tablet.js';

/**
 * Two tabs of the app on one tablet share one IndexedDB: one tab leads replication, so no sale is pushed twice, and
 * when the leading tab closes the other takes over, so none is lost.
 */
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync('dist/index.html')) throw new Error('build the PWA first: npm run build (npm test does)');
  server = await startTestServer({ catalogSize: 200, staticDir: 'dist' });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const isLeader = (page: Page) => page.evaluate(() => window.__vitrine?.getStatus()?.isLeader ?? false);

async function saleMovements(saleId: string): Promise<number> {
  const doc = await server.store.getDocument('sales', saleId);
  const sale = JSON.parse(doc!.body) as Sale;
  const movements = await Promise.all(sale.lines.map((l) => server.store.movementsFor('S1', l.sku)));
  return movements.flat().filter((m) => m.sourceId === saleId).length;
}

describe('two tabs of the app on one tablet', () => {
  it('elects one leader, pushes each tab’s sale once, and hands replication over when the leading tab closes', async () => {
    const [p1, p2, p3] = server.products;
    const { context, page: first } = await openTablet(browser, server, 'Caixa 4');
    const second = await context.newPage();
    await second.goto(server.url);
    await second.getByTestId('search-input').waitFor();

    await expect.poll(async () => [await isLeader(first), await isLeader(second)].filter(Boolean).length).toBe(1);

    const saleA = await sellByScanning(first, [p1!.barcode]);
    const saleB = await sellByScanning(second, [p2!.barcode, p3!.barcode]);
    await expect
      .poll(async () => ((await server.store.getDocument('sales', saleA)) && (await server.store.getDocument('sales', saleB)) ? 'both' : 'waiting'))
      .toBe('both');
    for (const page of [first, second]) await page.locator('[data-testid="sync-bar"][data-pending="0"]').waitFor();
    expect(await saleMovements(saleA)).toBe(1);
    expect(await saleMovements(saleB)).toBe(2);

    // The leading tab closes; the remaining one takes the lead and its next sale still reaches the server.
    const [leader, follower] = (await isLeader(first)) ? [first, second] : [second, first];
    await leader.close();
    await expect.poll(() => isLeader(follower), { timeout: 30_000 }).toBe(true);
    const saleC = await sellByScanning(follower, [p1!.barcode]);
    await expect
      .poll(async () => JSON.parse((await server.store.getDocument('sales', saleC))?.body ?? '{}').outcome?.status, { timeout: 30_000 })
      .toBe('accepted');
    expect(await saleMovements(saleC)).toBe(1);
    expect(await saleMovements(saleA)).toBe(1);
  });
});
