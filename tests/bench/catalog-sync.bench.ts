import { mkdirSync, writeFileSync } from 'node:fs';
import { startTestServer } from '../server/harness.js';
import { launchChromium } from '../support/chromium.js';
import { percentile, printTable, round } from './stats.js';

/**
 * Initial sync of a large catalog into a fresh tablet (real Chromium, IndexedDB through RxDB's Dexie storage), then
 * the selling screen's barcode lookup on it. Prints figures and writes bench-results/catalog-sync.json; it never
 * fails on timing.
 *
 *   BENCH_CATALOG_SIZE=100000 (default) BENCH_LOOKUPS=1000 npm run bench
 */
const catalogSize = Number(process.env.BENCH_CATALOG_SIZE ?? 100_000);
const lookups = Number(process.env.BENCH_LOOKUPS ?? 1_000);

export async function benchCatalogSync() {
  const seedStart = performance.now();
  const server = await startTestServer({ catalogSize, staticDir: 'dist' });
  const seedMs = performance.now() - seedStart;
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(server.url);
    await page.getByTestId('enroll-code').fill(await server.mintEnrollmentCode('S1'));
    await page.getByTestId('enroll-name').fill('Bench tablet');

    const syncStart = Date.now();
    await page.getByTestId('enroll-submit').click();
    // RxDB resolves awaitInitialReplication() once a collection's initial pull is persisted in IndexedDB.
    const [productsMs = 0, stockMs = 0] = await page.evaluate(async (start) => {
      while (!window.__vitrine?.replication?.()) await new Promise((r) => setTimeout(r, 50));
      // No named inner functions here: tsx would wrap them in a helper the page does not have.
      const { states } = window.__vitrine.replication()!;
      return Promise.all(
        [states.products!, states.stock!].map((state) => state.awaitInitialReplication().then(() => Date.now() - start)),
      );
    }, syncStart);
    await page.locator('[data-testid="sync-bar"][data-initial-sync="done"]').waitFor({ timeout: 600_000 });
    const allCollectionsMs = Date.now() - syncStart;
    // Sign in as the demo associate (offline check against the replicated verifier), as a till would before selling.
    await page.getByTestId('signin-staff').fill('1001');
    await page.getByTestId('signin-pin').fill('1234');
    await page.getByTestId('signin-submit').click();
    await page.getByTestId('session').waitFor();

    const codes = Array.from({ length: lookups }, (_, i) => server.products[(i * 7919) % server.products.length]!.barcode);
    const timings = await page.evaluate(async (barcodes) => {
      const hook = window.__vitrine!;
      const samples: number[] = [];
      let found = 0;
      for (const code of barcodes) {
        const start = performance.now();
        const product = await hook.lookupBarcode(code);
        samples.push(performance.now() - start);
        if (product?.barcode === code) found++;
      }
      return { samples, found };
    }, codes);

    const result = {
      catalogSize,
      storeStockLevels: catalogSize,
      serverSeedMs: round(seedMs, 0),
      productsReplicatedMs: productsMs,
      stockReplicatedMs: stockMs,
      initialSyncAllCollectionsMs: allCollectionsMs,
      productsPerSecond: round((catalogSize / productsMs) * 1000, 0),
      lookups,
      lookupsFound: timings.found,
      lookupP50Ms: round(percentile(timings.samples, 50), 3),
      lookupP95Ms: round(percentile(timings.samples, 95), 3),
      lookupMaxMs: round(Math.max(...timings.samples), 3),
      targets: { productsReplicatedMs: 20_000, lookupP95Ms: 5 },
    };
    printTable(`Catalog sync into a fresh tablet (Chromium, Dexie/IndexedDB), ${catalogSize} products`, [
      { figure: 'server seed (products + stock of 3 stores)', value: `${result.serverSeedMs} ms` },
      { figure: `${catalogSize} products replicated`, value: `${productsMs} ms (target ≤ 20000)` },
      { figure: `${catalogSize} S1 stock levels replicated`, value: `${stockMs} ms` },
      { figure: 'initial sync of all collections done', value: `${allCollectionsMs} ms` },
      { figure: 'products per second', value: result.productsPerSecond },
      { figure: `barcode lookup p50 (${lookups}, ${timings.found} found)`, value: `${result.lookupP50Ms} ms` },
      { figure: 'barcode lookup p95', value: `${result.lookupP95Ms} ms (target ≤ 5)` },
      { figure: 'barcode lookup max', value: `${result.lookupMaxMs} ms` },
    ]);
    return result;
  } finally {
    await browser.close();
    await server.close();
  }
}

const results = { date: new Date().toISOString(), node: process.version, catalogSync: await benchCatalogSync() };
mkdirSync('bench-results', { recursive: true });
writeFileSync('bench-results/catalog-sync.json', JSON.stringify(results, null, 2));
console.log('\nwrote bench-results/catalog-sync.json');
