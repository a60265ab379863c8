import { existsSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { collections, type Product, type StockLevel } from '../../src/domain/index.js';
import { startTestServer, type TestServer } from '../server/harness.js';
import { launchChromium } from '../support/chromium.js';

/**
 * A fresh tablet's fast initial load in Chromium (IndexedDB): the catalog comes through the snapshot route; a tab
 * killed in the middle leaves its pages and checkpoint behind and the tab that takes over resumes from there (a
 * second tab never loads while the first one does); products changed on the server afterwards arrive live.
 */
const CATALOG_SIZE = 30_000;
const PRODUCTS = `/sync/products/${collections.products.version}/snapshot`;
const RECORD = `snapshot-products-${collections.products.version}`;

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync('dist/index.html')) throw new Error('build the PWA first: npm run build (npm test does)');
  server = await startTestServer({ catalogSize: CATALOG_SIZE, staticDir: 'dist' });
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Requests to the products snapshot, per page that sent them. */
function snapshotRequests(context: BrowserContext) {
  const sent: { page: Page | null; url: string }[] = [];
  context.on('request', (request) => {
    if (request.url().includes(PRODUCTS)) sent.push({ page: request.frame().page(), url: decodeURIComponent(request.url()) });
  });
  return sent;
}

/**
 * The server behind a proxy that passes the first products snapshot's first page, then holds the rest of it: the tab
 * loading it is killed mid-load, whatever the machine's speed (network emulation proved no brake on a fast machine).
 * Every other request, later snapshots included, passes as it is.
 */
async function holdingProxy(target: string): Promise<{ url: string; close: () => Promise<void> }> {
  let snapshots = 0;
  const proxy: Server = createServer((req, res) => {
    const holding = req.url?.startsWith(PRODUCTS) === true && snapshots++ === 0;
    const headers = { ...req.headers, host: new URL(target).host, ...(holding ? { 'accept-encoding': 'identity' } : {}) };
    const upstream = request(`${target}${req.url}`, { method: req.method, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      if (!holding) return void answer.pipe(res);
      let received = '';
      answer.setEncoding('utf8');
      answer.on('data', (chunk: string) => {
        if (received.includes('\n')) return;
        received += chunk;
        const end = received.indexOf('\n');
        if (end >= 0) res.write(received.slice(0, end + 1));
      });
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    close: () => {
      proxy.closeAllConnections();
      return new Promise((resolve) => proxy.close(() => resolve()));
    },
  };
}

async function enroll(page: Page, url = server.url) {
  await page.goto(url);
  await page.getByTestId('enroll-code').fill(await server.mintEnrollmentCode('S1'));
  await page.getByTestId('enroll-name').fill('Caixa nova');
  await page.getByTestId('enroll-submit').click();
}

const record = (page: Page) =>
  page.evaluate(async (key) => {
    const doc = await window.__vitrine?.db?.getLocal<{ checkpoint: { seq: number } | null; handedOver: boolean }>(key);
    return doc ? (doc.toJSON().data as { checkpoint: { seq: number } | null; handedOver: boolean }) : null;
  }, RECORD);

const productCount = (page: Page) => page.evaluate(() => window.__vitrine!.db.products.count().exec());

describe('fast initial load of a fresh tablet', () => {
  it('resumes in the tab that takes over when the loading tab is killed, with every product once; the second tab never loads meanwhile', async () => {
    const proxy = await holdingProxy(server.url);
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const sent = snapshotRequests(context);
    const first = await context.newPage();
    await enroll(first, proxy.url);

    await expect.poll(() => record(first), { timeout: 60_000 }).toMatchObject({ checkpoint: { seq: expect.any(Number) }, handedOver: false });
    const saved = (await record(first))!;
    const persisted = await productCount(first);
    expect(persisted).toBeGreaterThan(0);
    expect(persisted).toBeLessThan(CATALOG_SIZE);
    // A second tab of the enrolled tablet opens while the first one loads: only the leading tab loads.
    const second = await context.newPage();
    await second.goto(proxy.url);
    await second.getByTestId('sync-bar').waitFor();
    expect((await record(first))?.handedOver).toBe(false);
    expect(sent.map((s) => s.page)).toEqual([first]);

    await first.close();
    await second.locator('[data-testid="sync-bar"][data-initial-sync="done"]').waitFor({ timeout: 120_000 });
    expect(sent).toHaveLength(2);
    expect(sent[1]!.page).toBe(second);
    // Resumed from a persisted page, not from the start.
    expect(sent[1]!.url).toMatch(/checkpoint=\{"seq":(\d+)\}/);
    expect(Number(/checkpoint=\{"seq":(\d+)\}/.exec(sent[1]!.url)![1])).toBeGreaterThanOrEqual(saved.checkpoint!.seq);
    expect(await productCount(second)).toBe(CATALOG_SIZE);
    const scanned = server.products[CATALOG_SIZE - 1]!;
    expect(await second.evaluate((code) => window.__vitrine!.lookupBarcode(code).then((p) => p?.sku ?? null), scanned.barcode)).toBe(scanned.sku);
    expect((await record(second))?.handedOver).toBe(true);
    await context.close();
    await proxy.close();
  }, 240_000);

  it('brings a product changed on the server after the fast load to the tablet live', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const sent = snapshotRequests(context);
    const page = await context.newPage();
    await enroll(page);
    await page.locator('[data-testid="sync-bar"][data-initial-sync="done"]').waitFor({ timeout: 120_000 });
    expect(sent).toHaveLength(1);
    expect(await productCount(page)).toBe(CATALOG_SIZE);

    const product = server.products[42]!;
    const repriced: Product = { ...product, price: { ...product.price, amount: product.price.amount + 990 } };
    await server.store.transaction((tx) => tx.putDocuments([{ collection: 'products', id: product.sku, storeId: '', body: repriced }]));
    await expect
      .poll(() => page.evaluate((code) => window.__vitrine!.lookupBarcode(code).then((p) => p?.price.amount ?? null), product.barcode), {
        timeout: 30_000,
      })
      .toBe(repriced.price.amount);
    expect(sent).toHaveLength(1);
    await context.close();
  }, 240_000);

  it('catches up after a night offline: every product and stock level changed meanwhile arrives with the server state, none twice', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await enroll(page);
    await page.locator('[data-testid="sync-bar"][data-initial-sync="done"]').waitFor({ timeout: 120_000 });
    const levelsBefore = await page.evaluate(() => window.__vitrine!.db.stock.count().exec());

    // The store's Wi-Fi drops: the browser is offline and its open sync stream is cut.
    await context.setOffline(true);
    await server.cutConnections();
    const renamed = server.products.filter((_, i) => i % 100 === 7).map((p): Product => ({ ...p, name: `${p.name} (night)` }));
    const levels = (await server.store.pull({ collection: 'stock', storeId: 'S1', afterSeq: 0, limit: 300 })).documents.map(
      (d) => JSON.parse(d.body) as StockLevel,
    );
    const counted = levels.map((l): StockLevel => ({ ...l, onHand: l.onHand + 7, available: l.available + 7 }));
    await server.store.transaction((tx) =>
      tx.putDocuments([
        ...renamed.map((p) => ({ collection: 'products' as const, id: p.sku, storeId: '', body: p })),
        ...counted.map((l) => ({ collection: 'stock' as const, id: l.id, storeId: l.storeId, body: l })),
      ]),
    );

    await context.setOffline(false);
    const arrived = () =>
      page.evaluate(
        async ({ skus, ids }) => {
          const db = window.__vitrine!.db;
          const [products, stock] = await Promise.all([db.products.findByIds(skus).exec(), db.stock.findByIds(ids).exec()]);
          return {
            names: skus.map((sku) => products.get(sku)?.name ?? null),
            onHand: ids.map((id) => stock.get(id)?.onHand ?? null),
          };
        },
        { skus: renamed.map((p) => p.sku), ids: counted.map((l) => l.id) },
      );
    const expected = { names: renamed.map((p) => p.name), onHand: counted.map((l) => l.onHand) };
    await expect.poll(arrived, { timeout: 60_000 }).toEqual(expected);
    expect(await productCount(page)).toBe(CATALOG_SIZE);
    expect(await page.evaluate(() => window.__vitrine!.db.stock.count().exec())).toBe(levelsBefore);
    const scanned = renamed[0]!;
    expect(await page.evaluate((code) => window.__vitrine!.lookupBarcode(code).then((p) => p?.name ?? null), scanned.barcode)).toBe(scanned.name);
    await context.close();
  }, 240_000);
});
