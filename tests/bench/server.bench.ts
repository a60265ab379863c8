import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collections, type EnrollResponse, type Product, type Sale } from '../../src/domain/index.js';
import { generateCatalog } from '../../sync-server/demo/catalog.js';
import { random } from '../../sync-server/demo/prng.js';
import { cashSale, pushRow } from '../server/client.js';
import { phase, runBench, stopOnFailure } from './phase.js';
import { pushProblem } from './push-answer.js';
import { dropSchema, startInstance, startSubscribers, stopInstance, stopSubscribers, type Instance } from './processes.js';
import type { InstanceOptions } from './server-instance.js';
import { percentile, printTable, round } from './stats.js';
import { entry, type SummaryEntry } from './summary.js';

/**
 * Sync server benchmarks over real HTTP, each server instance in its own process: push throughput of 20 tills,
 * paged pull of the catalog, SSE fan-out latency to 500 subscribers. On SQLite, and on PostgreSQL (one and two
 * instances) when DATABASE_URL is set. Prints figures next to their targets and writes bench-results/server.json;
 * it never fails on timing (only on a broken run: a push refused, a sale not accepted, a ledger mismatch).
 *
 *   BENCH_CATALOG_SIZE=100000 (default)  products seeded and pulled
 *   BENCH_PUSH_BATCHES=10                batches of 50 sales per till (20 tills)
 *   BENCH_SUBSCRIBERS=500                SSE subscribers for the fan-out
 *   BENCH_FANOUT_PUSHES=50               sales pushed one at a time, ~100 ms apart, during the fan-out
 *   BENCH_CPU_PROF=1, BENCH_SERVER_NODE_ARGS  see processes.ts
 *   BENCH_TIMEOUT_SCALE=1                multiplies every phase's timeout (phase.ts)
 *   DATABASE_URL=postgres://…            also PostgreSQL (a fresh schema, dropped at the end)
 */
const catalogSize = Number(process.env.BENCH_CATALOG_SIZE ?? 100_000);
const TILLS = 20;
const BATCH_SIZE = 50;
const batchesPerTill = Number(process.env.BENCH_PUSH_BATCHES ?? 10);
const subscriberCount = Number(process.env.BENCH_SUBSCRIBERS ?? 500);
const fanoutPushes = Number(process.env.BENCH_FANOUT_PUSHES ?? 50);
const FANOUT_SPACING_MS = 100;
const PULL_PAGE = 1_000;
/** Tills sell from the first SKUs of the catalog (the popular ones), so the ledger check stays a few thousand reads. */
const SELLING_POOL = Math.min(1_000, catalogSize);
const TARGETS = { pushSalesPerSecondSqlite: 3_000, fanoutP95Ms: 150 };
/** Each phase's timeout: far above what it takes here (so a slow run still finishes), and it never hangs. */
const TIMEOUTS = {
  seed: 120_000 + catalogSize * 4,
  enroll: 60_000 + (TILLS + subscriberCount) * 100,
  push: 60_000 + TILLS * batchesPerTill * BATCH_SIZE * 30,
  pull: 60_000 + catalogSize * 2,
  fanout: 60_000 + subscriberCount * 100 + fanoutPushes * 1_000,
  stop: 30_000,
};

const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const products: Product[] = generateCatalog(catalogSize);

// ── 1. push throughput ─────────────────────────────────────────────────────────────────────────────────────────

interface PushResult {
  tills: number;
  batchesPerTill: number;
  batchSize: number;
  sales: number;
  lines: number;
  totalMs: number;
  salesPerSecond: number;
  batchP50Ms: number;
  batchP95Ms: number;
  batchMaxMs: number;
  verified: boolean;
  verification: string;
}

async function benchPush(instances: Instance[], tills: EnrollResponse[], seed: number): Promise<PushResult> {
  const rnd = random(seed);
  const pool = products.slice(0, SELLING_POOL);
  // Everything is built before the clock starts: the figure is the server's, not the client's pricing.
  const plan = tills.map((till, t) => {
    const batches = Array.from({ length: batchesPerTill }, () => {
      const sales: Sale[] = Array.from({ length: BATCH_SIZE }, () => {
        const items = rnd.sample(pool, rnd.int(1, 3)).map((product) => ({ product, quantity: rnd.int(1, 2) }));
        return cashSale(till.store, till.deviceId, items);
      });
      return { sales, body: JSON.stringify(sales.map(pushRow)) };
    });
    return { till, instance: instances[t % instances.length]!, batches };
  });
  const path = `/sync/sales/${collections.sales.version}/push`;
  const latencies: number[] = [];
  const failures: string[] = [];

  const start = performance.now();
  await Promise.all(
    plan.map(async ({ till, instance, batches }) => {
      for (const { body } of batches) {
        const t0 = performance.now();
        const res = await fetch(`${instance.url}${path}`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${till.token}`, 'Content-Type': 'application/json' },
          body,
        });
        const text = await res.text();
        latencies.push(performance.now() - t0);
        const problem = pushProblem(res.status, text);
        if (problem) failures.push(problem);
      }
    }),
  );
  const totalMs = performance.now() - start;

  const allSales = plan.flatMap((p) => p.batches.flatMap((b) => b.sales));
  const lines = allSales.reduce((n, s) => n + s.lines.length, 0);
  const v = await instances[0]!.child.request(
    { type: 'verify', sales: allSales.map((s) => ({ id: s.id, storeId: s.storeId, lines: s.lines.map((l) => ({ lineNo: l.lineNo, sku: l.sku })) })) },
    'verified',
  );
  const verified = failures.length === 0 && v.accepted === allSales.length && v.movements === lines && v.matched === lines;
  const verification = `${verified ? '✓' : '✗'} ${v.accepted}/${allSales.length} sales accepted, ${v.movements} sale movements for ${lines} lines (${v.matched} matched)${failures.length ? `; ${failures.length} pushes failed, e.g. ${failures[0]}` : ''}`;
  return {
    tills: plan.length,
    batchesPerTill,
    batchSize: BATCH_SIZE,
    sales: allSales.length,
    lines,
    totalMs: round(totalMs, 0),
    salesPerSecond: round((allSales.length / totalMs) * 1000, 0),
    batchP50Ms: round(percentile(latencies, 50), 1),
    batchP95Ms: round(percentile(latencies, 95), 1),
    batchMaxMs: round(Math.max(...latencies), 1),
    verified,
    verification,
  };
}

// ── 2. paged pull ──────────────────────────────────────────────────────────────────────────────────────────────

interface PullResult {
  documents: number;
  pages: number;
  pageSize: number;
  totalMs: number;
  docsPerSecond: number;
  pageP50Ms: number;
  pageP95Ms: number;
  pageMaxMs: number;
}

async function benchPull(instances: Instance[], token: string): Promise<PullResult> {
  const latencies: number[] = [];
  let checkpoint: unknown = null;
  let documents = 0;
  const start = performance.now();
  for (let page = 0; ; page++) {
    const instance = instances[page % instances.length]!;
    const q = new URLSearchParams({ limit: String(PULL_PAGE) });
    if (checkpoint) q.set('checkpoint', JSON.stringify(checkpoint));
    const t0 = performance.now();
    const res = await fetch(`${instance.url}/sync/products/${collections.products.version}/pull?${q}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    const body = (await res.json()) as { documents: unknown[]; checkpoint: unknown };
    latencies.push(performance.now() - t0);
    if (res.status !== 200) throw new Error(`pull: ${res.status} ${JSON.stringify(body)}`);
    documents += body.documents.length;
    checkpoint = body.checkpoint;
    if (body.documents.length < PULL_PAGE) break;
  }
  const totalMs = performance.now() - start;
  if (documents !== catalogSize) throw new Error(`pulled ${documents} products, expected ${catalogSize}`);
  return {
    documents,
    pages: latencies.length,
    pageSize: PULL_PAGE,
    totalMs: round(totalMs, 0),
    docsPerSecond: round((documents / totalMs) * 1000, 0),
    pageP50Ms: round(percentile(latencies, 50), 1),
    pageP95Ms: round(percentile(latencies, 95), 1),
    pageMaxMs: round(Math.max(...latencies), 1),
  };
}

// ── 3. SSE fan-out ─────────────────────────────────────────────────────────────────────────────────────────────

interface FanoutResult {
  subscribers: number;
  pushes: number;
  pairs: number;
  missed: number;
  connectMs: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  /** Two instances: subscribers on the instance that took the push vs on the other one (LISTEN/NOTIFY). */
  sameInstanceP95Ms?: number;
  otherInstanceP95Ms?: number;
  pushP50Ms: number;
  /** Same pairs, measured from the moment the push was sent (includes the push itself). */
  fromRequestP50Ms: number;
  fromRequestP95Ms: number;
  resyncs: number;
  subscriberProcess: { loopDelayP99Ms: number; loopDelayMaxMs: number; cpuPercent: number };
}

async function benchFanout(instances: Instance[], subscribers: EnrollResponse[], pusher: EnrollResponse, offset: number): Promise<FanoutResult> {
  const child = startSubscribers();
  try {
    const streams = subscribers.map((s, i) => ({ url: instances[i % instances.length]!.url, token: s.token }));
    const connected = await child.request({ type: 'open', streams, path: `/sync/stock/${collections.stock.version}/pull-stream` }, 'connected');
    if (connected.failed > 0) throw new Error(`${connected.failed} SSE subscribers could not connect`);
    await sleep(500);

    // One sale of one unit per push, each of its own SKU, so its stock document says which push it came from.
    const pushes: { sku: string; instance: number; sentAt: number; respondedAt: number; ms: number }[] = [];
    const path = `/sync/sales/${collections.sales.version}/push`;
    for (let k = 0; k < fanoutPushes; k++) {
      const product = products[(SELLING_POOL + offset + k) % products.length]!;
      const sale = cashSale(pusher.store, pusher.deviceId, [{ product, quantity: 1 }]);
      const instance = k % instances.length;
      const t0 = now();
      const res = await fetch(`${instances[instance]!.url}${path}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${pusher.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify([pushRow(sale)]),
      });
      const text = await res.text();
      const respondedAt = now();
      const problem = pushProblem(res.status, text);
      if (problem) throw new Error(`broken run: fan-out push: ${problem}`);
      pushes.push({ sku: product.sku, instance, sentAt: t0, respondedAt, ms: respondedAt - t0 });
      await sleep(FANOUT_SPACING_MS);
    }
    await sleep(2_000);
    const report = await child.request({ type: 'report' }, 'report');

    const all: number[] = [];
    const fromRequest: number[] = [];
    const same: number[] = [];
    const other: number[] = [];
    let missed = 0;
    report.receipts.forEach((entries, i) => {
      const got = new Map(entries);
      for (const push of pushes) {
        const at = got.get(`${pusher.storeId}:${push.sku}`);
        if (at === undefined) {
          missed++;
          continue;
        }
        const ms = at - push.respondedAt;
        all.push(ms);
        fromRequest.push(at - push.sentAt);
        (i % instances.length === push.instance ? same : other).push(ms);
      }
    });
    return {
      subscribers: connected.count,
      pushes: pushes.length,
      pairs: all.length,
      missed,
      connectMs: round(connected.ms, 0),
      p50Ms: round(percentile(all, 50), 1),
      p95Ms: round(percentile(all, 95), 1),
      maxMs: round(Math.max(...all), 1),
      ...(instances.length > 1 ? { sameInstanceP95Ms: round(percentile(same, 95), 1), otherInstanceP95Ms: round(percentile(other, 95), 1) } : {}),
      pushP50Ms: round(
        percentile(
          pushes.map((p) => p.ms),
          50,
        ),
        1,
      ),
      fromRequestP50Ms: round(percentile(fromRequest, 50), 1),
      fromRequestP95Ms: round(percentile(fromRequest, 95), 1),
      resyncs: report.resyncs,
      subscriberProcess: {
        loopDelayP99Ms: round(report.loopDelay.p99, 1),
        loopDelayMaxMs: round(report.loopDelay.max, 1),
        cpuPercent: round((report.cpuMs / report.wallMs) * 100, 0),
      },
    };
  } finally {
    await stopSubscribers(child);
  }
}

// ── per backend ────────────────────────────────────────────────────────────────────────────────────────────────

interface CombinationResult {
  backend: 'sqlite' | 'postgres';
  instances: 1 | 2;
  serverStartMs: number;
  push: PushResult;
  pull: PullResult;
  fanout: FanoutResult;
}

type Skipped = { backend: 'sqlite' | 'postgres'; instances: 1 | 2; skipped: string };

async function runCombination(backend: 'sqlite' | 'postgres', instances: Instance[], devices: Devices, round_: number): Promise<CombinationResult> {
  const label = `${backend === 'sqlite' ? 'SQLite' : 'PostgreSQL'}, ${instances.length} instance${instances.length > 1 ? 's' : ''}`;
  console.log(`\n── ${label}: push (${TILLS} tills × ${batchesPerTill} batches × ${BATCH_SIZE} sales)…`);
  const push = await phase(`${label}: push`, TIMEOUTS.push, () => benchPush(instances, devices.tills, 1_000 + round_));
  console.log(`── ${label}: pull (${catalogSize} products, pages of ${PULL_PAGE})…`);
  const pull = await phase(`${label}: pull`, TIMEOUTS.pull, () => benchPull(instances, devices.tills[0]!.token));
  console.log(`── ${label}: fan-out (${devices.subscribers.length} SSE subscribers, ${fanoutPushes} pushes)…`);
  const fanout = await phase(`${label}: fan-out`, TIMEOUTS.fanout, () =>
    benchFanout(instances, devices.subscribers, devices.tills[0]!, round_ * fanoutPushes),
  );
  const result: CombinationResult = {
    backend,
    instances: instances.length as 1 | 2,
    serverStartMs: round(instances[0]!.startMs, 0),
    push,
    pull,
    fanout,
  };
  const pushTarget = backend === 'sqlite' ? `≥ ${TARGETS.pushSalesPerSecondSqlite}` : '';
  printTable(`Sync server — ${label} (catalog ${catalogSize}, server start + seed ${result.serverStartMs} ms)`, [
    {
      figure: `push: ${push.sales} sales (${push.lines} lines), ${push.tills} tills × ${push.batchesPerTill} × ${push.batchSize}`,
      value: `${push.salesPerSecond} sales/s`,
      target: pushTarget,
    },
    { figure: 'push: batch latency p50 / p95 / max', value: `${push.batchP50Ms} / ${push.batchP95Ms} / ${push.batchMaxMs} ms`, target: '' },
    { figure: 'push: all accepted, one movement per line', value: push.verification, target: '' },
    {
      figure: `pull: ${pull.documents} products in ${pull.pages} pages of ${pull.pageSize}`,
      value: `${pull.totalMs} ms, ${pull.docsPerSecond} docs/s`,
      target: '',
    },
    { figure: 'pull: page latency p50 / p95 / max', value: `${pull.pageP50Ms} / ${pull.pageP95Ms} / ${pull.pageMaxMs} ms`, target: '' },
    {
      figure: `fan-out: ${fanout.subscribers} subscribers × ${fanout.pushes} pushes (${fanout.pairs} received, ${fanout.missed} missed)`,
      value: `p50 ${fanout.p50Ms} / p95 ${fanout.p95Ms} / max ${fanout.maxMs} ms`,
      target: `p95 ≤ ${TARGETS.fanoutP95Ms}`,
    },
    ...(fanout.sameInstanceP95Ms !== undefined
      ? [
          {
            figure: 'fan-out p95: subscribers on the pushed instance / on the other',
            value: `${fanout.sameInstanceP95Ms} / ${fanout.otherInstanceP95Ms} ms`,
            target: '',
          },
        ]
      : []),
    {
      figure: 'fan-out client process (event-loop delay p99 / max, CPU)',
      value: `${fanout.subscriberProcess.loopDelayP99Ms} / ${fanout.subscriberProcess.loopDelayMaxMs} ms, ${fanout.subscriberProcess.cpuPercent}% CPU`,
      target: '',
    },
    { figure: 'fan-out: single push latency p50, RESYNCs', value: `${fanout.pushP50Ms} ms, ${fanout.resyncs}`, target: '' },
    { figure: 'fan-out from push sent (push + fan-out) p50 / p95', value: `${fanout.fromRequestP50Ms} / ${fanout.fromRequestP95Ms} ms`, target: '' },
  ]);
  return result;
}

interface Devices {
  tills: EnrollResponse[];
  subscribers: EnrollResponse[];
}

async function enrollDevices(instance: Instance): Promise<Devices> {
  const stores = ['S1', 'S2', 'S3'];
  // Tills of the three demo stores; the first is an S1 till (it also pushes during the fan-out).
  const tills = (await instance.child.request({ type: 'enroll', storeIds: Array.from({ length: TILLS }, (_, i) => stores[i % 3]!) }, 'enrolled'))
    .devices;
  const subscribers = (await instance.child.request({ type: 'enroll', storeIds: Array.from({ length: subscriberCount }, () => 'S1') }, 'enrolled'))
    .devices;
  return { tills, subscribers };
}

async function benchSqlite(): Promise<(CombinationResult | Skipped)[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vitrine-bench-'));
  const removeDataDir = () => rmSync(dataDir, { recursive: true, force: true });
  const forget = stopOnFailure(removeDataDir);
  console.log(`\nSQLite: seeding ${catalogSize} products in ${dataDir}…`);
  const instance = await phase('SQLite: start and seed the server', TIMEOUTS.seed, () => startInstance({ dataDir, catalogSize }, 'sqlite'));
  try {
    const devices = await phase('SQLite: enroll devices', TIMEOUTS.enroll, () => enrollDevices(instance));
    const one = await runCombination('sqlite', [instance], devices, 0);
    console.log('\nSQLite, 2 instances: n/a: one SQLite file, one process');
    return [one, { backend: 'sqlite', instances: 2, skipped: 'n/a: one SQLite file, one process' }];
  } finally {
    await phase('SQLite: stop the server', TIMEOUTS.stop, () => stopInstance(instance));
    removeDataDir();
    forget();
  }
}

async function benchPostgres(databaseUrl: string): Promise<(CombinationResult | Skipped)[]> {
  const schema = `vitrine_bench_${randomBytes(6).toString('hex')}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'vitrine-bench-'));
  const options: InstanceOptions = { dataDir, databaseUrl, databaseSchema: schema, catalogSize };
  const cleanUp = async () => {
    rmSync(dataDir, { recursive: true, force: true });
    await dropSchema(databaseUrl, schema);
  };
  const forget = stopOnFailure(cleanUp);
  console.log(`\nPostgreSQL: seeding ${catalogSize} products in schema ${schema}…`);
  const first = await phase('PostgreSQL: start and seed the server', TIMEOUTS.seed, () => startInstance(options, 'pg-1'));
  let second: Instance | undefined;
  try {
    const devices = await phase('PostgreSQL: enroll devices', TIMEOUTS.enroll, () => enrollDevices(first));
    const one = await runCombination('postgres', [first], devices, 0);
    second = await phase('PostgreSQL: start a second instance', TIMEOUTS.seed, () => startInstance(options, 'pg-2'));
    const two = await runCombination('postgres', [first, second], devices, 1);
    return [one, two];
  } finally {
    await phase('PostgreSQL: stop the servers', TIMEOUTS.stop, async () => {
      if (second) await stopInstance(second);
      await stopInstance(first);
    });
    await phase('PostgreSQL: drop the bench schema', TIMEOUTS.stop, cleanUp);
    forget();
  }
}

const isSkipped = (r: CombinationResult | Skipped): r is Skipped => 'skipped' in r;

export async function benchServer() {
  const results: (CombinationResult | Skipped)[] = [...(await benchSqlite())];
  const databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl) results.push(...(await benchPostgres(databaseUrl)));
  else {
    console.log('\nPostgreSQL: skipped: no DATABASE_URL');
    results.push(
      { backend: 'postgres', instances: 1, skipped: 'skipped: no DATABASE_URL' },
      { backend: 'postgres', instances: 2, skipped: 'skipped: no DATABASE_URL' },
    );
  }
  printTable(
    `Sync server summary (targets: push ≥ ${TARGETS.pushSalesPerSecondSqlite} sales/s on SQLite, fan-out p95 ≤ ${TARGETS.fanoutP95Ms} ms)`,
    results.map((r) =>
      isSkipped(r)
        ? {
            backend: r.backend,
            instances: r.instances,
            'push sales/s': r.skipped,
            'batch p95 ms': '',
            'pull docs/s': '',
            'page p95 ms': '',
            'fan-out p95 ms': '',
            ledger: '',
          }
        : {
            backend: r.backend,
            instances: r.instances,
            'push sales/s': r.push.salesPerSecond,
            'batch p95 ms': r.push.batchP95Ms,
            'pull docs/s': r.pull.docsPerSecond,
            'page p95 ms': r.pull.pageP95Ms,
            'fan-out p95 ms': r.fanout.p95Ms,
            ledger: r.push.verified ? '✓' : '✗',
          },
    ),
  );
  return { catalogSize, targets: TARGETS, results };
}

/** The figures of bench-results/summary.json: per backend and instance count, push, pull and fan-out. */
function summaryOf(results: (CombinationResult | Skipped)[]): SummaryEntry[] {
  return results
    .filter((r): r is CombinationResult => !isSkipped(r))
    .flatMap((r) => {
      const where = `${r.backend === 'sqlite' ? 'SQLite' : 'PostgreSQL'}, ${r.instances} instance${r.instances > 1 ? 's' : ''}`;
      return [
        entry(
          `push sales/s, ${TILLS} tills, batches of ${BATCH_SIZE} (${where})`,
          r.push.salesPerSecond,
          'sales/s',
          r.backend === 'sqlite' ? { atLeast: TARGETS.pushSalesPerSecondSqlite } : null,
        ),
        entry(`push batch p95 (${where})`, r.push.batchP95Ms, 'ms', null),
        entry(`pull of the catalog, pages of ${PULL_PAGE} (${where})`, r.pull.docsPerSecond, 'docs/s', null),
        entry(`fan-out push → ${r.fanout.subscribers} SSE subscribers p50 (${where})`, r.fanout.p50Ms, 'ms', null),
        entry(`fan-out push → ${r.fanout.subscribers} SSE subscribers p95 (${where})`, r.fanout.p95Ms, 'ms', { atMost: TARGETS.fanoutP95Ms }),
      ];
    });
}

await runBench(async () => {
  const server = await benchServer();
  const summary = summaryOf(server.results);
  mkdirSync('bench-results', { recursive: true });
  writeFileSync('bench-results/server.json', JSON.stringify({ date: new Date().toISOString(), node: process.version, server, summary }, null, 2));
  console.log('\nwrote bench-results/server.json');
  // Figures never fail the benchmark; a broken run does.
  const broken = server.results.filter((r): r is CombinationResult => !isSkipped(r) && !r.push.verified);
  if (broken.length > 0) throw new Error(`broken run: ${broken.map((r) => `${r.backend} ×${r.instances}: ${r.push.verification}`).join('; ')}`);
});
