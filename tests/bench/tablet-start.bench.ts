import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { ensureAppBuilt } from '../../scripts/build-if-stale.js';
import { collections, type Product, type StockLevel } from '../../src/domain/index.js';
import { startTestServer, type TestServer } from '../server/harness.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../support/chromium.js';
import { gzipKbOfScripts, initialJsGzipKb } from './initial-js.js';
import { catchUpTimeline, INSTALL_CATCH_UP_TRACE, type TracedCall } from './catch-up-trace.js';
import { phase, runBench, stopOnFailure, timeoutScale } from './phase.js';
import { percentile, printTable, round } from './stats.js';
import { entry, targetText, type SummaryEntry } from './summary.js';

/**
 * A tablet that already holds the store (issue 12, targets 2, 3 and 6), in real Chromium with a persistent profile, so
 * IndexedDB, the service worker's precache and the signed-in associate survive from one browser process to the next:
 *
 * - back after a night offline: the tablet is offline while products and stock levels change on the server, then the
 *   network returns; time until the tablet's database holds the last of those changes. Baseline: the two pulls that
 *   carry the same changes, fetched straight from the server by a device of the same store.
 * - cold start: a fresh browser process with no network navigates to the app; time from navigation to a selling
 *   screen where a scanned barcode is in the cart (a scanner presses its keys as soon as the till is on screen, and
 *   again every 100 ms until one lands). Baseline: a blank page's navigation in the same browser process.
 * - the JavaScript the cold start fetched (gzip), against the static count of dist/ (initial-js.ts).
 *
 *   BENCH_CATALOG_SIZE=100000 BENCH_COLD_STARTS=10 BENCH_NIGHT_PRODUCTS=1000 BENCH_NIGHT_STOCK=5000 npm run bench
 *   BENCH_TIMEOUT_SCALE=1   multiplies every phase's timeout (phase.ts)
 *   BENCH_USE_DIST=1        measure dist/ as it is, without rebuilding it from changed sources
 *   BENCH_BROWSER_PROF=1    a CPU profile of the page while it catches up after the night
 *                           (bench-results/browser-profiles/tablet-back-after-night.cpuprofile), and of one more
 *                           cold start after the measured ones, not counted in them (tablet-cold-start.cpuprofile)
 *   BENCH_NIGHT_TRACE=1     a timeline of that catch-up: the pulls, and the products' and stock's IndexedDB reads and
 *                           writes (catch-up-trace.ts)
 */
const catalogSize = Number(process.env.BENCH_CATALOG_SIZE ?? 100_000);
const coldStarts = Number(process.env.BENCH_COLD_STARTS ?? 10);
const nightProducts = Math.min(catalogSize, Number(process.env.BENCH_NIGHT_PRODUCTS ?? 1_000));
const nightStock = Math.min(catalogSize, Number(process.env.BENCH_NIGHT_STOCK ?? 5_000));
/** Issue 12's targets. */
const TARGETS = { coldStartMedianMs: 800, coldStartP95Ms: 1_500, backOnlineMs: 2_000, initialJsGzipKb: 150 };
const TIMEOUTS = {
  build: 300_000,
  seed: 120_000 + catalogSize * 4,
  browser: 60_000,
  sync: 120_000 + catalogSize * 10,
  night: 120_000,
  coldStart: 60_000,
};
const VIEWPORT = { width: 1280, height: 800 };

/** Chromium with a profile kept on disk: what a tablet's browser is across restarts. */
const openProfile = (dir: string, offline = false): Promise<BrowserContext> =>
  chromium.launchPersistentContext(dir, { executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS, viewport: VIEWPORT, offline });

/** A browser process, closed whatever happens (and on the failure path if the close itself hangs). */
async function withProfile<T>(dir: string, offline: boolean, use: (context: BrowserContext) => Promise<T>): Promise<T> {
  const context = await openProfile(dir, offline);
  const forget = stopOnFailure(() => context.close());
  try {
    return await use(context);
  } finally {
    await context.close();
    forget();
  }
}

async function enrollAndSync(dir: string, server: TestServer): Promise<void> {
  await withProfile(dir, false, async (context) => {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(server.url);
    await page.getByTestId('enroll-code').fill(await server.mintEnrollmentCode('S1'));
    await page.getByTestId('enroll-name').fill('Bench tablet');
    await page.getByTestId('enroll-submit').click();
    await page
      .locator('[data-testid="sync-bar"][data-initial-sync="done"]')
      .waitFor({ timeout: TIMEOUTS.sync * timeoutScale - 20_000 })
      .catch(async () => {
        // Say how far the sync got instead of a bare timeout.
        const bar = await page
          .getByTestId('sync-bar')
          .textContent({ timeout: 5_000 })
          .catch(() => '(no sync bar)');
        throw new Error(`broken run: the initial sync did not finish; the sync bar says "${bar}"`);
      });
    await page.getByTestId('signin-staff').fill('1001');
    await page.getByTestId('signin-pin').fill('1234');
    await page.getByTestId('signin-submit').click();
    await page.getByTestId('session').waitFor({ timeout: 0 });
    // Installed: the service worker controls the page, so its precache holds every chunk.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 0 });
    await page.getByTestId('search-input').waitFor({ timeout: 0 });
  });
}

/** What changed on the server during the night: the last product and level written (pulls are in seq order). */
interface NightChanges {
  seqBefore: number;
  lastProduct: { sku: string; name: string };
  lastLevel: { id: string; onHand: number };
}

async function changeOvernight(server: TestServer): Promise<NightChanges> {
  const seqBefore = await server.store.latestSeq();
  const stamp = new Date().toISOString();
  // Spread over the catalog, as a night's price and name changes would be.
  const products = Array.from({ length: nightProducts }, (_, i): Product => {
    const product = server.products[Math.floor((i * server.products.length) / nightProducts)]!;
    return { ...product, name: `${product.name} (n)`.slice(0, 160), price: { ...product.price, amount: product.price.amount + 100 } };
  });
  const levels = (await server.store.pull({ collection: 'stock', storeId: 'S1', afterSeq: 0, limit: Math.max(nightStock * 3, 20_000) })).documents
    .map((d) => JSON.parse(d.body) as StockLevel)
    .filter((_, i, all) => i % Math.max(1, Math.floor(all.length / nightStock)) === 0)
    .slice(0, nightStock)
    .map((level): StockLevel => ({ ...level, onHand: level.onHand + 7, available: level.available + 7, updatedAt: stamp }));
  if (levels.length < nightStock) throw new Error(`broken run: S1 has ${levels.length} stock levels to change, ${nightStock} asked`);
  // As the chain's systems would: many writes through the night, here in batches of 500.
  for (let i = 0; i < products.length; i += 500) {
    const batch = products.slice(i, i + 500);
    await server.store.transaction((tx) => tx.putDocuments(batch.map((p) => ({ collection: 'products', id: p.sku, storeId: '', body: p }))));
  }
  for (let i = 0; i < levels.length; i += 500) {
    const batch = levels.slice(i, i + 500);
    await server.store.transaction((tx) => tx.putDocuments(batch.map((l) => ({ collection: 'stock', id: l.id, storeId: l.storeId, body: l }))));
  }
  const lastProduct = products.at(-1)!;
  const lastLevel = levels.at(-1)!;
  return { seqBefore, lastProduct: { sku: lastProduct.sku, name: lastProduct.name }, lastLevel: { id: lastLevel.id, onHand: lastLevel.onHand } };
}

/** The raw cost of moving the night's changes: the products and stock pulls that carry them, in parallel, as one device. */
async function pullRoundTripMs(server: TestServer, seqBefore: number): Promise<number> {
  const { token } = await server.enrollDevice('S1', 'Bench baseline');
  const pull = async (name: 'products' | 'stock', limit: number) => {
    const checkpoint = encodeURIComponent(JSON.stringify({ seq: seqBefore }));
    const res = await fetch(`${server.url}/sync/${name}/${collections[name].version}/pull?checkpoint=${checkpoint}&limit=${limit}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!res.ok) throw new Error(`broken run: baseline pull of ${name} answered ${res.status}`);
    const body = (await res.json()) as { documents: unknown[] };
    if (body.documents.length < limit) throw new Error(`broken run: baseline pull of ${name} brought ${body.documents.length} of ${limit}`);
  };
  const start = performance.now();
  await Promise.all([pull('products', nightProducts), pull('stock', nightStock)]);
  return performance.now() - start;
}

/** The tablet kept open overnight, offline; the network returns; ms until its database holds the last change. */
async function backAfterNight(dir: string, server: TestServer): Promise<{ ms: number; baselineMs: number }> {
  return withProfile(dir, false, async (context) => {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(server.url);
    await page.locator('[data-testid="sync-bar"][data-initial-sync="done"]').waitFor({ timeout: 0 });
    await page.getByTestId('search-input').waitFor({ timeout: 0 });
    await context.setOffline(true);
    await page.locator('[data-testid="sync-bar"][data-state="offline"]').waitFor({ timeout: 0 });
    // The browser's offline emulation fails new requests only: cut the open sync stream too, as a dropped network
    // would, so none of the night's changes reach the tablet before the network returns.
    await server.cutConnections();
    const night = await changeOvernight(server);
    const watching = page.evaluate(async ({ lastProduct, lastLevel }) => {
      const db = window.__vitrine!.db;
      for (;;) {
        const [product, level] = await Promise.all([db.products.findOne(lastProduct.sku).exec(), db.stock.findOne(lastLevel.id).exec()]);
        if (product?.name === lastProduct.name && level?.onHand === lastLevel.onHand) return Date.now();
        await new Promise((r) => setTimeout(r, 10));
      }
    }, night);
    const profiler = process.env.BENCH_BROWSER_PROF === '1' ? await context.newCDPSession(page) : null;
    await profiler?.send('Profiler.enable');
    await profiler?.send('Profiler.start');
    const traced = process.env.BENCH_NIGHT_TRACE === '1';
    if (traced) await page.evaluate(INSTALL_CATCH_UP_TRACE);
    const online = Date.now();
    if (traced) await page.evaluate(() => (window as unknown as { __catchUpTrace: { start(): void } }).__catchUpTrace.start());
    await context.setOffline(false);
    const ms = (await watching) - online;
    if (traced) {
      const calls = await page.evaluate(() => (window as unknown as { __catchUpTrace: { calls: TracedCall[] } }).__catchUpTrace.calls);
      console.log(`the catch-up, from the network's return:\n${catchUpTimeline(calls).join('\n')}`);
    }
    if (profiler) {
      const { profile } = await profiler.send('Profiler.stop');
      mkdirSync('bench-results/browser-profiles', { recursive: true });
      writeFileSync('bench-results/browser-profiles/tablet-back-after-night.cpuprofile', JSON.stringify(profile));
      console.log('CPU profile of the catch-up: bench-results/browser-profiles/tablet-back-after-night.cpuprofile');
    }
    const baselineMs = await pullRoundTripMs(server, night.seqBefore);
    return { ms, baselineMs };
  });
}

interface ColdStart {
  /** From navigation to a scan in the cart. */
  cartMs: number;
  /** From navigation to the till on screen (its search field). */
  tillMs: number;
  /** From navigation to: every module run, the database open, the first render (main.tsx's marks; -1 if missing). */
  scriptsRunMs: number;
  databaseOpenMs: number;
  firstRenderMs: number;
  scans: number;
  blankMs: number;
  scripts: string[];
}

/**
 * A fresh browser process, no network: the app from the service worker, the associate still signed in. The scanner
 * is in the page from its first script on, so no DevTools round trip sits inside the figure.
 */
async function coldStart(dir: string, server: TestServer, product: Product, profileTo?: string): Promise<ColdStart> {
  return withProfile(dir, true, async (context) => {
    await context.addInitScript(
      ({ barcode, sku }) => {
        const state = { tillAt: -1, cartAt: -1, scans: 0 };
        (window as unknown as { __coldStart: typeof state }).__coldStart = state;
        let lastScan = Number.NEGATIVE_INFINITY;
        // No named functions in here: tsx would wrap them in a helper (__name) the page does not have.
        const timer = setInterval(() => {
          if (document.querySelector(`[data-testid="cart-line"][data-sku="${sku}"]`)) {
            state.cartAt = performance.now();
            clearInterval(timer);
            return;
          }
          if (!document.querySelector('[data-testid="search-input"]')) return;
          if (state.tillAt < 0) state.tillAt = performance.now();
          if (performance.now() - lastScan < 100) return;
          lastScan = performance.now();
          state.scans++;
          const target = document.activeElement ?? document.body;
          for (const key of [...barcode, 'Enter']) target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
        }, 4);
      },
      { barcode: product.barcode, sku: product.sku },
    );
    const page = context.pages()[0] ?? (await context.newPage());
    const profiler = profileTo ? await context.newCDPSession(page) : null;
    await profiler?.send('Profiler.enable');
    await profiler?.send('Profiler.setSamplingInterval', { interval: 200 });
    await profiler?.send('Profiler.start');
    await page.goto(server.url, { waitUntil: 'commit' });
    await page
      .waitForFunction(() => (window as unknown as { __coldStart?: { cartAt: number } }).__coldStart!.cartAt >= 0, undefined, {
        timeout: TIMEOUTS.coldStart / 2,
        polling: 50,
      })
      .catch(async () => {
        // Say what the tablet shows instead of a bare timeout.
        const shown = await page.evaluate(() => ({
          text: document.body?.textContent?.slice(0, 300) ?? '',
          state: (window as unknown as { __coldStart?: unknown }).__coldStart,
          controlled: navigator.serviceWorker?.controller !== null,
        }));
        throw new Error(`broken run: no scan reached the cart; the page shows ${JSON.stringify(shown)}`);
      });
    const measured = await page.evaluate(() => {
      const s = (window as unknown as { __coldStart: { tillAt: number; cartAt: number; scans: number } }).__coldStart;
      // No named functions in here (see above).
      const [scriptsRunMs, databaseOpenMs, firstRenderMs] = ['vitrine:scripts-run', 'vitrine:database-open', 'vitrine:first-render'].map(
        (name) => performance.getEntriesByName(name, 'mark')[0]?.startTime ?? -1,
      );
      const phases = { scriptsRunMs: scriptsRunMs!, databaseOpenMs: databaseOpenMs!, firstRenderMs: firstRenderMs! };
      return { ...s, ...phases, scripts: performance.getEntriesByType('resource').map((r) => r.name) };
    });
    if (profiler && profileTo) {
      const { profile } = await profiler.send('Profiler.stop');
      mkdirSync('bench-results/browser-profiles', { recursive: true });
      writeFileSync(profileTo, JSON.stringify(profile));
      console.log(`CPU profile of a cold start (not counted): ${profileTo}`);
    }
    const blank = await context.newPage();
    await blank.goto('data:text/html,<!doctype html><title>blank</title><p>blank</p>', { waitUntil: 'load' });
    const blankMs = await blank.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
      return nav ? nav.loadEventEnd : performance.now();
    });
    const { tillAt, cartAt, ...rest } = measured;
    return { ...rest, cartMs: cartAt, tillMs: tillAt, blankMs };
  });
}

const loadAtStart = loadavg();

await runBench(async () => {
  console.log(
    `load average (1/5/15 min) at start: ${loadAtStart.map((l) => l.toFixed(1)).join(' / ')} on ${availableParallelism()} cores (a shared machine)`,
  );
  // BENCH_USE_DIST=1 measures dist/ as it is (a shared tree whose sources are mid-change may not build).
  if (process.env.BENCH_USE_DIST !== '1') {
    await phase(
      'build the PWA when its sources changed',
      TIMEOUTS.build,
      async () => void ensureAppBuilt({ timeoutMs: TIMEOUTS.build * timeoutScale }),
    );
  }
  const server = await phase(`seed the server with ${catalogSize} products`, TIMEOUTS.seed, () =>
    startTestServer({ catalogSize, staticDir: 'dist' }),
  );
  const forgetServer = stopOnFailure(() => server.close());
  const dir = mkdtempSync(join(tmpdir(), 'vitrine-bench-profile-'));
  const forgetDir = stopOnFailure(() => rmSync(dir, { recursive: true, force: true }));
  try {
    await phase(`enroll a tablet and sync ${catalogSize} products`, TIMEOUTS.sync, () => enrollAndSync(dir, server));
    const night = await phase(`back online after ${nightProducts} products and ${nightStock} levels changed`, TIMEOUTS.night, () =>
      backAfterNight(dir, server),
    );
    console.log(
      `back after a night offline: up to date ${Math.round(night.ms)} ms after the network returned (the two pulls alone: ${Math.round(night.baselineMs)} ms)`,
    );

    const starts: ColdStart[] = [];
    for (let i = 0; i < coldStarts; i++) {
      const product = server.products[(i * 7_919 + 13) % server.products.length]!;
      const start = await phase(`cold start ${i + 1} of ${coldStarts}`, TIMEOUTS.coldStart, () => coldStart(dir, server, product));
      console.log(
        `cold start ${i + 1}: scripts run ${Math.round(start.scriptsRunMs)} ms, database open ${Math.round(start.databaseOpenMs)} ms, first render ${Math.round(start.firstRenderMs)} ms, till ${Math.round(start.tillMs)} ms, scan in cart ${Math.round(start.cartMs)} ms (${start.scans} scans); blank page ${Math.round(start.blankMs)} ms`,
      );
      starts.push(start);
    }
    if (process.env.BENCH_BROWSER_PROF === '1') {
      const profileTo = 'bench-results/browser-profiles/tablet-cold-start.cpuprofile';
      await phase('a profiled cold start', TIMEOUTS.coldStart, () => coldStart(dir, server, server.products[0]!, profileTo));
    }

    const cart = starts.map((s) => s.cartMs);
    const blank = starts.map((s) => s.blankMs);
    const medianOf = (xs: number[]) => round(percentile(xs, 50), 0);
    const medianMs = (pick: (s: ColdStart) => number) => `${medianOf(starts.map(pick))} ms`;
    console.log(
      `cold start medians, from navigation: scripts run ${medianMs((s) => s.scriptsRunMs)}, database open ${medianMs((s) => s.databaseOpenMs)}, first render ${medianMs((s) => s.firstRenderMs)}, till on screen ${medianMs((s) => s.tillMs)}, scan in cart ${medianMs((s) => s.cartMs)}`,
    );
    const p95Of = (xs: number[]) => round(percentile(xs, 95), 0);
    const fetched = gzipKbOfScripts(starts[0]?.scripts ?? []);
    const built = initialJsGzipKb();
    const summary: SummaryEntry[] = [
      entry(
        'cold start to a scan in the cart, median',
        medianOf(cart),
        'ms',
        { atMost: TARGETS.coldStartMedianMs },
        {
          value: medianOf(blank),
          is: 'median navigation of a blank page in the same fresh browser process',
        },
      ),
      entry(
        'cold start to a scan in the cart, p95',
        p95Of(cart),
        'ms',
        { atMost: TARGETS.coldStartP95Ms },
        {
          value: p95Of(blank),
          is: 'p95 navigation of a blank page in the same fresh browser process',
        },
      ),
      entry(
        `back after a night offline (${nightProducts} products, ${nightStock} stock levels changed)`,
        round(night.ms, 0),
        'ms',
        { atMost: TARGETS.backOnlineMs },
        {
          value: round(night.baselineMs, 0),
          is: 'the products and stock pulls carrying the same changes, fetched directly',
        },
      ),
      entry(
        'JavaScript a cold start fetched (gzip, measured in Chromium)',
        fetched.kb,
        'kB',
        { atMost: TARGETS.initialJsGzipKb },
        {
          value: built.kb,
          is: 'initial JavaScript counted from dist/ (entry, static imports, chunks loaded at boot)',
        },
      ),
    ];
    printTable(
      `Tablet start: ${catalogSize} products on the device, ${coldStarts} fresh browser processes with no network`,
      summary.map((e) => ({
        figure: e.figure,
        value: `${e.value} ${e.unit}`,
        target: targetText(e),
        baseline: e.baseline === undefined ? '' : `${e.baseline} ${e.unit}`,
      })),
    );
    console.log(`scripts the cold start fetched: ${fetched.files.join(', ')}`);
    if (fetched.missing.length > 0)
      console.log(`dist/ was rebuilt during the run: ${fetched.missing.join(', ')} cannot be sized (figure left empty)`);
    mkdirSync('bench-results', { recursive: true });
    writeFileSync(
      'bench-results/tablet-start.json',
      JSON.stringify(
        {
          date: new Date().toISOString(),
          node: process.version,
          // The machine is shared: how busy it was (1, 5 and 15 min load averages) when the run started and ended.
          loadAverage: { start: loadAtStart, end: loadavg() },
          catalogSize,
          backAfterNight: { products: nightProducts, stockLevels: nightStock, ms: round(night.ms, 0), baselineMs: round(night.baselineMs, 0) },
          coldStarts: starts.map(({ scripts: _, ...s }) => ({
            ...s,
            cartMs: round(s.cartMs, 0),
            tillMs: round(s.tillMs, 0),
            scriptsRunMs: round(s.scriptsRunMs, 0),
            databaseOpenMs: round(s.databaseOpenMs, 0),
            firstRenderMs: round(s.firstRenderMs, 0),
            blankMs: round(s.blankMs, 0),
          })),
          scriptsFetched: fetched,
          initialJs: built,
          summary,
        },
        null,
        2,
      ),
    );
    console.log('\nwrote bench-results/tablet-start.json');
  } finally {
    await server.close();
    forgetServer();
    rmSync(dir, { recursive: true, force: true });
    forgetDir();
  }
});
