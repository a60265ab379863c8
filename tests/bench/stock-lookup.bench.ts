import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stockLevelId, type Store, type StockLevel } from '../../src/domain/index.js';
import type { SkuStock } from '../../src/domain/stock/availability.js';
import { generateCatalog } from '../../sync-server/demo/catalog.js';
import { random } from '../../sync-server/demo/prng.js';
import { DEMO_STORES } from '../../sync-server/demo/stores.js';
import { levelRows } from '../../sync-server/stock-lookup/query.js';
import { openStore } from '../../sync-server/store/open-store.js';
import type { DocumentWrite, SyncStore } from '../../sync-server/store/store.js';
import { writeResults } from './backends.js';
import { phase, runBench, stopOnFailure } from './phase.js';
import { dropSchema, startInstance, stopInstance, type Instance } from './processes.js';
import { percentile, printTable, round } from './stats.js';
import { entry, targetText, type SummaryEntry } from './summary.js';

/**
 * "Other stores" lookup (GET /api/stock/{sku}) on a big chain, over real HTTP, the server in its own process, on
 * SQLite and (with DATABASE_URL) PostgreSQL: a chain of BENCH_STOCK_STORES stores (300), a BENCH_CATALOG_SIZE
 * catalog (100,000) and about BENCH_STOCK_PER_STORE SKUs stocked per store (20,000, so 6 million levels), seeded
 * straight through the store layer in bulk (one transaction per store), then BENCH_STOCK_RPS requests a second
 * (200) for random SKUs from devices of random stores, open loop, for BENCH_STOCK_SECONDS (20) after a 2-second
 * warm-up. Latency is counted from when each request was due, so a server falling behind shows in the figures.
 * The baseline beside it: the bare indexed query (one SKU's levels through the SKU index, migration 10) timed alone on
 * the same database once the server has stopped.
 *
 *   BENCH_STOCK_STORES=20 BENCH_CATALOG_SIZE=5000 BENCH_STOCK_PER_STORE=1000 BENCH_STOCK_SECONDS=5   a quick check
 *   BENCH_STOCK_BACKENDS=postgres                                                                    one backend only
 */
const STORES = Number(process.env.BENCH_STOCK_STORES ?? 300);
const CATALOG = Number(process.env.BENCH_CATALOG_SIZE ?? 100_000);
const PER_STORE = Math.min(CATALOG, Number(process.env.BENCH_STOCK_PER_STORE ?? 20_000));
const RPS = Number(process.env.BENCH_STOCK_RPS ?? 200);
const SECONDS = Number(process.env.BENCH_STOCK_SECONDS ?? 20);
const WARM_UP_SECONDS = 2;
const DEVICES = Math.min(STORES, 30);
const BASELINE_QUERIES = 2_000;
const TARGET_P95_MS = 20;

type Backend = 'sqlite' | 'postgres';

interface Result {
  backend: Backend;
  stores: number;
  catalog: number;
  levels: number;
  seedSeconds: number;
  requests: number;
  rps: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  /** The bare query of one SKU's levels in every store (levelRows, the SKU index), alone. */
  rawP50Ms: number;
  rawP95Ms: number;
}

/** The chain: S1…S3 are the demo stores (so the demo staff seeding finds them), the rest spread over Brazil; 1 in 30 never sent coordinates. */
function chain(count: number): Store[] {
  const rnd = random(300);
  return Array.from({ length: count }, (_, i) => {
    const demo = DEMO_STORES[i % DEMO_STORES.length]!;
    if (i < DEMO_STORES.length) return demo;
    const coordinates = i % 30 === 29 ? undefined : { lat: round(-30 + rnd.next() * 27, 4), lon: round(-55 + rnd.next() * 20, 4) };
    return { ...demo, id: `S${i + 1}`, name: `Vitrine ${String(i + 1).padStart(3, '0')}`, coordinates };
  });
}

/** Seeds stores, catalog and levels through the store layer: one transaction per store's levels. */
async function seed(store: SyncStore): Promise<{ stores: Store[]; skus: string[]; levels: number; seconds: number }> {
  const started = performance.now();
  const stores = chain(STORES);
  const products = generateCatalog(CATALOG);
  const at = new Date().toISOString();
  await store.transaction(async (tx) => {
    for (const s of stores) await tx.upsertStore(s);
    await tx.putDocuments(stores.map((s) => ({ collection: 'stores', id: s.id, storeId: '', body: s })));
    for (let i = 0; i < products.length; i += 10_000) {
      await tx.putDocuments(products.slice(i, i + 10_000).map((p) => ({ collection: 'products', id: p.sku, storeId: '', body: p })));
    }
  });
  const rnd = random(20_000);
  const share = PER_STORE / products.length;
  let levels = 0;
  for (const [n, s] of stores.entries()) {
    const writes: DocumentWrite[] = [];
    for (const p of products) {
      if (rnd.next() >= share) continue;
      const onHand = rnd.int(0, 12);
      const reserved = onHand > 2 && rnd.next() < 0.1 ? 1 : 0;
      const id = stockLevelId(s.id, p.sku);
      const level: StockLevel = { id, storeId: s.id, sku: p.sku, onHand, reserved, available: onHand - reserved, belowZero: false, updatedAt: at };
      writes.push({ collection: 'stock', id, storeId: s.id, body: level });
    }
    await store.transaction(async (tx) => {
      for (let i = 0; i < writes.length; i += 5_000) await tx.putDocuments(writes.slice(i, i + 5_000));
    });
    levels += writes.length;
    if ((n + 1) % 50 === 0) console.log(`  ${n + 1} stores, ${levels} levels, ${Math.round((performance.now() - started) / 1000)} s`);
  }
  return { stores, skus: products.map((p) => p.sku), levels, seconds: round((performance.now() - started) / 1000, 1) };
}

/** Open loop: a request is due every 1000/RPS ms whatever the answers do; latency runs from when it was due. */
async function load(instance: Instance, tokens: string[], skus: string[], seconds: number, storeCount: number): Promise<number[]> {
  const rnd = random(Date.now() & 0xffff);
  const interval = 1000 / RPS;
  const total = Math.round(seconds * RPS);
  const latencies: number[] = [];
  const failures: string[] = [];
  const inFlight: Promise<void>[] = [];
  const start = performance.now() + 5;
  for (let i = 0; i < total; i++) {
    const due = start + i * interval;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const sku = rnd.pick(skus);
    const token = rnd.pick(tokens);
    inFlight.push(
      fetch(`${instance.url}/api/stock/${sku}`, { headers: { Authorization: `Bearer ${token}` } }).then(async (res) => {
        const text = await res.text();
        latencies.push(performance.now() - due);
        // Parsing every 140 kB answer would take the load generator a good part of a core on this 2-core machine,
        // stolen from the server it measures: every answer's status, one in 20 read whole.
        if (res.status !== 200) failures.push(`${sku}: ${res.status} ${text.slice(0, 200)}`);
        else if (i % 20 === 0) {
          const body = JSON.parse(text) as SkuStock;
          if (body.sku !== sku || body.stores.length !== storeCount) failures.push(`${sku}: ${body.stores.length} stores, expected ${storeCount}`);
        }
      }),
    );
  }
  await Promise.all(inFlight);
  if (failures.length > 0) throw new Error(`broken run: ${failures.length} lookups failed, e.g. ${failures[0]}`);
  return latencies;
}

/** The bare query alone: one SKU's levels in every store through the SKU index, the SQL the route runs. */
async function rawQuery(store: SyncStore, skus: string[]): Promise<number[]> {
  const rnd = random(7);
  const times: number[] = [];
  for (let i = 0; i < BASELINE_QUERIES; i++) {
    const sku = rnd.pick(skus);
    const t = performance.now();
    await levelRows(store, [sku]);
    times.push(performance.now() - t);
  }
  return times;
}

async function onBackend(backend: Backend): Promise<Result> {
  const label = backend === 'sqlite' ? 'SQLite' : 'PostgreSQL';
  const dataDir = mkdtempSync(join(tmpdir(), 'vitrine-bench-stock-'));
  const databaseUrl = backend === 'postgres' ? process.env.DATABASE_URL : undefined;
  const databaseSchema = databaseUrl ? `vitrine_bench_${randomBytes(6).toString('hex')}` : undefined;
  const cleanUp = async () => {
    rmSync(dataDir, { recursive: true, force: true });
    if (databaseUrl) await dropSchema(databaseUrl, databaseSchema!);
  };
  const forget = stopOnFailure(cleanUp);
  try {
    const open = () => openStore({ databaseUrl, dataDir, schema: databaseSchema });
    console.log(`\n${label}: seeding ${STORES} stores, ${CATALOG} products, ~${PER_STORE} levels per store…`);
    const seeded = await phase(`${label}: seed`, 60 * 60_000, async () => {
      const store = await open();
      try {
        return await seed(store);
      } finally {
        await store.close();
      }
    });
    console.log(`${label}: seeded ${seeded.levels} levels in ${seeded.seconds} s`);
    if (databaseUrl) {
      // A chain's database at rest has been vacuumed and analysed (autovacuum); measured straight after a 6-million-row
      // bulk load, the lookups raced autovacuum's own pass over the table on this 2-core machine (p95 above 1 s).
      const settled = await phase(`${label}: VACUUM ANALYZE, CHECKPOINT`, 30 * 60_000, async () => {
        const store = await open();
        const started = performance.now();
        try {
          if (store.sql.dialect === 'postgres') {
            await store.sql.pool.query('VACUUM (ANALYZE) documents');
            // …and its dirty pages written out, not flushed by a checkpoint in the middle of the measurement.
            await store.sql.pool.query('CHECKPOINT');
          }
        } finally {
          await store.close();
        }
        return round((performance.now() - started) / 1000, 1);
      });
      console.log(`${label}: VACUUM ANALYZE and CHECKPOINT in ${settled} s`);
    }

    const instance = await phase(`${label}: start the server`, 5 * 60_000, () =>
      startInstance({ dataDir, databaseUrl, databaseSchema, catalogSize: 0 }, `stock-lookup-${backend}`),
    );
    const stopServer = stopOnFailure(() => stopInstance(instance));
    let latencies: number[];
    try {
      const storeIds = seeded.stores.map((s) => s.id);
      const rnd = random(11);
      const askers = Array.from({ length: DEVICES }, () => rnd.pick(storeIds));
      const { devices } = await phase(`${label}: enroll ${DEVICES} devices`, 60_000, () =>
        instance.child.request({ type: 'enroll', storeIds: askers }, 'enrolled'),
      );
      const tokens = devices.map((d) => d.token);
      await phase(`${label}: warm up`, 5 * 60_000, () => load(instance, tokens, seeded.skus, WARM_UP_SECONDS, STORES));
      console.log(`${label}: ${RPS} lookups/s for ${SECONDS} s…`);
      latencies = await phase(`${label}: lookups at ${RPS}/s`, (SECONDS + 120) * 1000, () => load(instance, tokens, seeded.skus, SECONDS, STORES));
    } finally {
      await phase(`${label}: stop the server`, 60_000, () => stopInstance(instance));
      stopServer();
    }

    const raw = await phase(`${label}: bare query baseline`, 10 * 60_000, async () => {
      const store = await open();
      try {
        return await rawQuery(store, seeded.skus);
      } finally {
        await store.close();
      }
    });
    return {
      backend,
      stores: STORES,
      catalog: CATALOG,
      levels: seeded.levels,
      seedSeconds: seeded.seconds,
      requests: latencies.length,
      rps: RPS,
      p50Ms: round(percentile(latencies, 50)),
      p95Ms: round(percentile(latencies, 95)),
      p99Ms: round(percentile(latencies, 99)),
      maxMs: round(Math.max(...latencies)),
      rawP50Ms: round(percentile(raw, 50)),
      rawP95Ms: round(percentile(raw, 95)),
    };
  } finally {
    await phase(`${label}: clean up`, 5 * 60_000, cleanUp);
    forget();
  }
}

const summaryOf = (r: Result): SummaryEntry[] => {
  const on = r.backend === 'sqlite' ? 'SQLite' : 'PostgreSQL';
  const scale = `${r.stores} stores, ${r.catalog} SKUs, ${r.levels} levels`;
  return [
    entry(
      `stock lookup p95 at ${r.rps} req/s (${scale}, ${on})`,
      r.p95Ms,
      'ms',
      { atMost: TARGET_P95_MS },
      {
        value: r.rawP95Ms,
        is: `p95 of the bare indexed query of one SKU's levels in ${r.stores} stores, alone`,
      },
    ),
    entry(`stock lookup seed (${scale}, ${on})`, r.seedSeconds, 's', null),
  ];
};

await runBench(async () => {
  // BENCH_STOCK_BACKENDS=postgres measures one backend again without reseeding the other.
  const only = process.env.BENCH_STOCK_BACKENDS?.split(',');
  const results = only && !only.includes('sqlite') ? [] : [await onBackend('sqlite')];
  if (only && !only.includes('postgres')) console.log('\nPostgreSQL: skipped: BENCH_STOCK_BACKENDS');
  else if (process.env.DATABASE_URL) results.push(await onBackend('postgres'));
  else console.log('\nPostgreSQL: skipped: no DATABASE_URL');
  writeResults(
    'stock-lookup',
    { stores: STORES, catalogSize: CATALOG, levelsPerStore: PER_STORE, rps: RPS, seconds: SECONDS, targets: { p95Ms: TARGET_P95_MS } },
    results,
    summaryOf,
    (r, entries) =>
      printTable(`Stock across stores: GET /api/stock/{sku}, ${r.backend} (seeded in ${r.seedSeconds} s)`, [
        {
          figure: `p95 at ${r.rps} req/s`,
          value: `${r.p95Ms} ms`,
          target: targetText(entries[0]!),
          'p50 / p99 / max': `${r.p50Ms} / ${r.p99Ms} / ${r.maxMs} ms`,
          'bare query p50 / p95': `${r.rawP50Ms} / ${r.rawP95Ms} ms`,
          requests: r.requests,
        },
      ]),
  );
});
