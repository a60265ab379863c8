import { randomBytes } from 'node:crypto';
import { collections, newId, type EnrollResponse, type Order, type OrderIntakeInput, type Product, type Sale } from '../../src/domain/index.js';
import { generateCatalog } from '../../sync-server/demo/catalog.js';
import { makeDemoOrder } from '../../sync-server/demo/order-maker.js';
import { random, type Random } from '../../sync-server/demo/prng.js';
import { DEMO_STORES } from '../../sync-server/demo/stores.js';
import { cashSale } from '../server/client.js';
import { onEachBackend, writeResults } from './backends.js';
import { phase, runBench } from './phase.js';
import { pushSale } from './push-answer.js';
import { timesToStreams } from './receipts.js';
import { startSubscribers, stopSubscribers, type Instance } from './processes.js';
import type { PlacedOrder } from './server-instance.js';
import { percentile, printTable, round } from './stats.js';
import { entry, targetText, type SummaryEntry } from './summary.js';

/**
 * Order intake over real HTTP, the server in its own process, on SQLite and (with DATABASE_URL) PostgreSQL:
 *
 *   throughput  20 posters (the e-commerce platform's workers) post pickup orders at the three demo stores, each
 *               1–3 lines of SKUs the store has in stock (so every line reserves), through POST /api/orders with an
 *               integration key and an Idempotency-Key: orders/s and request p50/p95.
 *               Baseline, same run: 20 tills pushing the same number of 1–3-line cash sales, one sale per request
 *               (the sync push: one transaction per request writing a document and its ledger movements, without
 *               the intake's arithmetic check, idempotency record, lookup keys and outbox event).
 *   latency     50 S1 tablets subscribed (each its `orders` and `stock` pull-streams, read by another process); orders
 *               for pickup at S1 posted one at a time: time from the POST's answer to the order on each tablet,
 *               p50/p95 (the issue: "within a second"). Baseline, interleaved with them: a one-unit sale pushed by
 *               an S1 till, from the push's answer to its stock level on the same tablets.
 *
 * Then it checks the run: every order answered 201 and stored, every line reserved in full with its one
 * `reservation` movement in the ledger, each store's `reserved` risen by exactly what was ordered (also after
 * replaying some posts with their Idempotency-Key, which must answer the same order), every sale accepted. A broken
 * run exits non-zero; timing never does. Writes bench-results/intake.json.
 *
 *   BENCH_CATALOG_SIZE=100000 (default)   products seeded
 *   BENCH_INTAKE_ORDERS=1000              orders of the throughput phase (and sales of its baseline)
 *   BENCH_INTAKE_SUBSCRIBERS=50           S1 tablets subscribed during the latency phase
 *   BENCH_INTAKE_LATENCY_ORDERS=100       orders (and baseline sales) of the latency phase
 *   BENCH_TIMEOUT_SCALE, BENCH_CPU_PROF   see phase.ts, processes.ts
 */
const catalogSize = Number(process.env.BENCH_CATALOG_SIZE ?? 100_000);
const orderCount = Number(process.env.BENCH_INTAKE_ORDERS ?? 1_000);
const subscriberCount = Number(process.env.BENCH_INTAKE_SUBSCRIBERS ?? 50);
const latencyCount = Number(process.env.BENCH_INTAKE_LATENCY_ORDERS ?? 100);
const POSTERS = 20;
const WARM_UP = POSTERS;
const REPLAYS = 20;
const SPACING_MS = 100;
/** After the last latency post: anything not on a tablet by then is lost, not slow. */
const SETTLE_MS = 5_000;
const LATENCY_STORE = 'S1';
/** Products the orders and sales draw from: the head of the catalog, even positions for orders, odd for sales. */
const POOL = Math.min(catalogSize, 6_000);
const TARGETS = { intakeToDeviceP95Ms: 1_000 };
const TIMEOUTS = {
  seed: 120_000 + catalogSize * 4,
  setup: 60_000 + (POSTERS + subscriberCount) * 100,
  warmUp: 60_000,
  throughput: 60_000 + orderCount * 100,
  replays: 30_000,
  latency: 60_000 + subscriberCount * 200 + latencyCount * 2 * (SPACING_MS + 1_000) + SETTLE_MS,
  verify: 60_000 + (orderCount + latencyCount) * 20,
  stop: 30_000,
};

const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const products: Product[] = generateCatalog(catalogSize);
const orderPool = products.slice(0, POOL).filter((_, i) => i % 2 === 0);
const salePool = products.slice(0, POOL).filter((_, i) => i % 2 === 1);
const storeIds = DEMO_STORES.map((s) => s.id);
const runId = randomBytes(3).toString('hex').toUpperCase();

// ── planning: every request is built before any clock starts ─────────────────────────────────────────────────────

interface PlannedOrder {
  storeId: string;
  idempotencyKey: string;
  body: string;
}

/**
 * Orders only what each store has: a product is a candidate while the units not yet ordered cover a line's largest
 * quantity (2), so no line can come up short whatever order the server takes the posts in.
 */
function orderPlanner(rnd: Random, available: Map<string, Map<string, number>>) {
  const left = new Map([...available].map(([storeId, levels]) => [storeId, new Map(levels)]));
  const candidates = new Map(storeIds.map((id) => [id, orderPool.filter((p) => (left.get(id)?.get(p.sku) ?? 0) >= 2)]));
  let n = 0;
  return (storeId: string): PlannedOrder => {
    const pool = candidates.get(storeId)!;
    const units = left.get(storeId)!;
    for (let i = pool.length - 1; i >= 0; i--) if (units.get(pool[i]!.sku)! < 2) pool.splice(i, 1);
    if (pool.length < 3) throw new Error(`${storeId} has too few products in stock for ${orderCount} orders: raise BENCH_CATALOG_SIZE`);
    const store = DEMO_STORES.find((s) => s.id === storeId)!;
    const order: OrderIntakeInput = makeDemoOrder(rnd, {
      number: `BENCH-${runId}-${++n}`,
      products: rnd.sample(pool, 3),
      fulfilment: { type: 'pickup', storeId, mode: rnd.next() < 0.7 ? 'counter' : 'curbside' },
      taxRates: store.taxRates,
      now: new Date(),
    });
    for (const line of order.lines) units.set(line.sku, units.get(line.sku)! - line.quantity);
    return { storeId, idempotencyKey: newId(), body: JSON.stringify(order) };
  };
}

function saleOf(rnd: Random, till: EnrollResponse, lines: number): Sale {
  return cashSale(
    till.store,
    till.deviceId,
    rnd.sample(salePool, lines).map((product) => ({ product, quantity: rnd.int(1, 2) })),
  );
}

// ── HTTP ───────────────────────────────────────────────────────────────────────────────────────────────────────

interface Posted {
  order: Order;
  replayed: boolean;
  sentAt: number;
  respondedAt: number;
}

async function postOrder(url: string, apiKey: string, planned: PlannedOrder): Promise<Posted> {
  const sentAt = now();
  const res = await fetch(`${url}/api/orders`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/json', 'Idempotency-Key': planned.idempotencyKey },
    body: planned.body,
  });
  const text = await res.text();
  const respondedAt = now();
  if (res.status !== 201) throw new Error(`broken run: POST /api/orders answered ${res.status} ${text.slice(0, 300)}`);
  const order = JSON.parse(text) as Order;
  const short = order.lines.filter((l) => l.reserved !== l.quantity);
  if (short.length > 0)
    throw new Error(
      `broken run: order ${order.id} at ${order.storeId} came back short (${short.map((l) => `${l.sku} ${l.reserved}/${l.quantity}`).join(', ')}) although the store had the units`,
    );
  return { order, replayed: res.headers.get('Idempotent-Replayed') === 'true', sentAt, respondedAt };
}

const placed = (order: Order): PlacedOrder => ({
  id: order.id,
  storeId: order.storeId!,
  lines: order.lines.map((l) => ({ lineNo: l.lineNo, sku: l.sku, quantity: l.quantity })),
});

/** `count` requests split over `workers` concurrent workers, each one request at a time: rate and latencies. */
async function concurrently<T>(workers: number, count: number, request: (worker: number, i: number) => Promise<T>) {
  const latencies: number[] = [];
  const results: T[] = [];
  const start = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      for (let i = w; i < count; i += workers) {
        const t0 = performance.now();
        results.push(await request(w, i));
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const ms = performance.now() - start;
  return {
    results,
    perSecond: round((count / ms) * 1000, 0),
    totalMs: round(ms, 0),
    p50: round(percentile(latencies, 50), 1),
    p95: round(percentile(latencies, 95), 1),
    max: round(Math.max(...latencies), 1),
  };
}

// ── one backend ────────────────────────────────────────────────────────────────────────────────────────────────

interface IntakeResult {
  backend: 'sqlite' | 'postgres';
  orders: number;
  ordersPerSecond: number;
  requestP50Ms: number;
  requestP95Ms: number;
  requestMaxMs: number;
  baselineSalesPerSecond: number;
  baselineP50Ms: number;
  baselineP95Ms: number;
  subscribers: number;
  latencyOrders: number;
  intakeToDeviceP50Ms: number;
  intakeToDeviceP95Ms: number;
  intakeToDeviceMaxMs: number;
  fromPostSentP50Ms: number;
  fromPostSentP95Ms: number;
  baselineSaleToDeviceP50Ms: number;
  baselineSaleToDeviceP95Ms: number;
  verification: string;
}

async function benchIntake(backend: 'sqlite' | 'postgres', instance: Instance): Promise<IntakeResult> {
  const label = backend === 'sqlite' ? 'SQLite' : 'PostgreSQL';
  const { apiKey, tills, subscribers, before } = await phase(`${label}: integration key, devices, stock levels`, TIMEOUTS.setup, async () => {
    const { apiKey } = await instance.child.request({ type: 'integration', name: 'bench webshop' }, 'integration');
    const tills = (
      await instance.child.request(
        { type: 'enroll', storeIds: Array.from({ length: POSTERS }, (_, i) => storeIds[i % storeIds.length]!) },
        'enrolled',
      )
    ).devices;
    const subscribers = (
      await instance.child.request({ type: 'enroll', storeIds: Array.from({ length: subscriberCount }, () => LATENCY_STORE) }, 'enrolled')
    ).devices;
    const before = new Map<string, Map<string, { available: number; reserved: number }>>();
    for (const storeId of storeIds) {
      const { levels } = await instance.child.request({ type: 'levels', storeId, skus: orderPool.map((p) => p.sku) }, 'levels');
      before.set(storeId, new Map(levels.map((l) => [l.sku, l])));
    }
    return { apiKey, tills, subscribers, before };
  });

  const rnd = random(7_007);
  const planOrder = orderPlanner(
    rnd,
    new Map([...before].map(([storeId, levels]) => [storeId, new Map([...levels].map(([sku, l]) => [sku, l.available]))])),
  );
  const warmUpOrders = Array.from({ length: WARM_UP }, (_, i) => planOrder(storeIds[i % storeIds.length]!));
  const orders = Array.from({ length: orderCount }, (_, i) => planOrder(storeIds[i % storeIds.length]!));
  const latencyOrders = Array.from({ length: latencyCount }, () => planOrder(LATENCY_STORE));
  // Poster w posts for store w % 3 and till w is of that store: the baseline spreads over the stores the same way.
  const warmUpSales = tills.map((till) => saleOf(rnd, till, rnd.int(1, 3)));
  const sales = Array.from({ length: orderCount }, (_, i) => saleOf(rnd, tills[i % POSTERS]!, rnd.int(1, 3)));
  const s1Till = tills.find((t) => t.storeId === LATENCY_STORE)!;
  // One unit of a product of its own per latency sale, so its stock level on the tablets says which push it was.
  const latencySkus = rnd.sample(salePool, latencyCount);
  if (latencySkus.length < latencyCount) throw new Error(`too few products for ${latencyCount} latency sales: raise BENCH_CATALOG_SIZE`);
  const latencySales = latencySkus.map((product) => cashSale(s1Till.store, s1Till.deviceId, [{ product, quantity: 1 }]));
  const allOrders: Order[] = [];

  await phase(`${label}: warm-up`, TIMEOUTS.warmUp, async () => {
    const warm = await concurrently(POSTERS, WARM_UP, (_, i) => postOrder(instance.url, apiKey, warmUpOrders[i]!));
    allOrders.push(...warm.results.map((p) => p.order));
    await concurrently(POSTERS, warmUpSales.length, (_, i) => pushSale(instance.url, tills[i]!, warmUpSales[i]!));
  });

  console.log(`── ${label}: baseline, ${orderCount} one-sale pushes by ${POSTERS} tills…`);
  const baseline = await phase(`${label}: baseline one-sale pushes`, TIMEOUTS.throughput, () =>
    concurrently(POSTERS, sales.length, (_, i) => pushSale(instance.url, tills[i % POSTERS]!, sales[i]!)),
  );

  console.log(`── ${label}: intake, ${orderCount} pickup orders by ${POSTERS} posters…`);
  const intake = await phase(`${label}: intake throughput`, TIMEOUTS.throughput, () =>
    concurrently(POSTERS, orders.length, (_, i) => postOrder(instance.url, apiKey, orders[i]!)),
  );
  allOrders.push(...intake.results.map((p) => p.order));

  await phase(`${label}: idempotent replays`, TIMEOUTS.replays, async () => {
    const byNumber = new Map(intake.results.map((p) => [p.order.number, p.order.id]));
    for (const planned of orders.slice(0, REPLAYS)) {
      const again = await postOrder(instance.url, apiKey, planned);
      const first = byNumber.get(again.order.number);
      if (!again.replayed || again.order.id !== first)
        throw new Error(
          `broken run: replaying order ${again.order.number} with its Idempotency-Key answered ${again.order.id} (replayed: ${again.replayed}), first answer ${first}`,
        );
    }
  });

  console.log(`── ${label}: latency, ${latencyCount} orders and ${latencyCount} sales at ${LATENCY_STORE}, ${subscriberCount} subscribed tablets…`);
  const latency = await phase(`${label}: intake → subscribed tablets`, TIMEOUTS.latency, async () => {
    const child = startSubscribers();
    try {
      // Each tablet streams its orders and its stock, as the app does: even streams orders, odd streams stock.
      const streams = subscribers.flatMap((s) => [
        { url: instance.url, token: s.token, path: `/sync/orders/${collections.orders.version}/pull-stream` },
        { url: instance.url, token: s.token, path: `/sync/stock/${collections.stock.version}/pull-stream` },
      ]);
      const connected = await child.request({ type: 'open', streams, path: '' }, 'connected');
      if (connected.failed > 0) throw new Error(`${connected.failed} of ${streams.length} pull-streams could not connect`);
      await sleep(500);
      const posted: Posted[] = [];
      const pushed: { sku: string; respondedAt: number }[] = [];
      for (let k = 0; k < latencyCount; k++) {
        posted.push(await postOrder(instance.url, apiKey, latencyOrders[k]!));
        await sleep(SPACING_MS / 2);
        const sale = latencySales[k]!;
        pushed.push({ sku: sale.lines[0]!.sku, ...(await pushSale(instance.url, s1Till, sale)) });
        await sleep(SPACING_MS / 2);
      }
      await sleep(SETTLE_MS);
      const report = await child.request({ type: 'report' }, 'report');
      const got = report.receipts.map((entries) => new Map(entries));
      const orders = timesToStreams(
        got,
        (i) => i % 2 === 0,
        posted.map((p) => ({ key: p.order.id, sentAt: p.sentAt, respondedAt: p.respondedAt })),
      );
      const sales = timesToStreams(
        got,
        (i) => i % 2 === 1,
        pushed.map((p) => ({ key: `${LATENCY_STORE}:${p.sku}`, respondedAt: p.respondedAt })),
      );
      if (orders.missed > 0 || sales.missed > 0) {
        throw new Error(
          `broken run: ${SETTLE_MS} ms after the last post, ${orders.missed} (order, tablet) pairs and ${sales.missed} (sale, tablet) pairs never arrived (${report.resyncs} RESYNCs)`,
        );
      }
      return { posted, connected: connected.count / 2, toDevice: orders.fromAnswer, fromSent: orders.fromSent, saleToDevice: sales.fromAnswer };
    } finally {
      await stopSubscribers(child);
    }
  });
  allOrders.push(...latency.posted.map((p) => p.order));

  const verification = await phase(`${label}: verify orders, reservations, levels, sales`, TIMEOUTS.verify, async () => {
    const v = await instance.child.request({ type: 'verifyOrders', orders: allOrders.map(placed) }, 'ordersVerified');
    const problems = [...v.problems];
    // Each store's `reserved` rose by exactly what its orders hold: nothing reserved twice, nothing lost.
    for (const storeId of storeIds) {
      const ordered = new Map<string, number>();
      for (const o of allOrders.filter((x) => x.storeId === storeId))
        for (const l of o.lines) ordered.set(l.sku, (ordered.get(l.sku) ?? 0) + l.quantity);
      const { levels } = await instance.child.request({ type: 'levels', storeId, skus: [...ordered.keys()] }, 'levels');
      for (const level of levels) {
        const was = before.get(storeId)!.get(level.sku)!;
        const want = ordered.get(level.sku)!;
        if (level.reserved - was.reserved !== want || was.available - level.available !== want) {
          problems.push(
            `${storeId}:${level.sku}: reserved ${was.reserved} → ${level.reserved}, available ${was.available} → ${level.available}, ordered ${want}`,
          );
        }
      }
    }
    const allSales = [...warmUpSales, ...sales, ...latencySales];
    const s = await instance.child.request(
      {
        type: 'verify',
        sales: allSales.map((x) => ({ id: x.id, storeId: x.storeId, lines: x.lines.map((l) => ({ lineNo: l.lineNo, sku: l.sku })) })),
      },
      'verified',
    );
    if (s.accepted !== allSales.length || s.matched !== s.lines || s.movements !== s.lines)
      problems.push(`sales: ${s.accepted}/${allSales.length} accepted, ${s.movements} movements for ${s.lines} lines`);
    if (problems.length > 0) throw new Error(`broken run:\n  ${problems.slice(0, 20).join('\n  ')}`);
    return `✓ ${v.stored}/${v.orders} orders stored, ${v.matched}/${v.lines} lines with their reservation movement, levels' reserved up by what was ordered, ${REPLAYS} replays answered the same order; ${s.accepted} baseline sales accepted`;
  });

  return {
    backend,
    orders: orderCount,
    ordersPerSecond: intake.perSecond,
    requestP50Ms: intake.p50,
    requestP95Ms: intake.p95,
    requestMaxMs: intake.max,
    baselineSalesPerSecond: baseline.perSecond,
    baselineP50Ms: baseline.p50,
    baselineP95Ms: baseline.p95,
    subscribers: latency.connected,
    latencyOrders: latency.posted.length,
    intakeToDeviceP50Ms: round(percentile(latency.toDevice, 50), 1),
    intakeToDeviceP95Ms: round(percentile(latency.toDevice, 95), 1),
    intakeToDeviceMaxMs: round(Math.max(...latency.toDevice), 1),
    fromPostSentP50Ms: round(percentile(latency.fromSent, 50), 1),
    fromPostSentP95Ms: round(percentile(latency.fromSent, 95), 1),
    baselineSaleToDeviceP50Ms: round(percentile(latency.saleToDevice, 50), 1),
    baselineSaleToDeviceP95Ms: round(percentile(latency.saleToDevice, 95), 1),
    verification,
  };
}

function summaryOf(r: IntakeResult): SummaryEntry[] {
  const where = r.backend === 'sqlite' ? 'SQLite' : 'PostgreSQL';
  const pushes = `${POSTERS} tills pushing one 1–3-line cash sale per request, same count, same run`;
  const saleToDevice = `a one-unit sale pushed by an ${LATENCY_STORE} till, push answered → its stock level on the same tablets, interleaved`;
  return [
    entry(`intake orders/s, ${POSTERS} posters, pickup orders with reservations (${where})`, r.ordersPerSecond, 'orders/s', null, {
      value: r.baselineSalesPerSecond,
      is: `sales/s: ${pushes}`,
    }),
    entry(`intake request p50 (${where})`, r.requestP50Ms, 'ms', null, { value: r.baselineP50Ms, is: `push p50: ${pushes}` }),
    entry(`intake request p95 (${where})`, r.requestP95Ms, 'ms', null, { value: r.baselineP95Ms, is: `push p95: ${pushes}` }),
    entry(`intake → order on ${r.subscribers} subscribed tablets p50 (${where})`, r.intakeToDeviceP50Ms, 'ms', null, {
      value: r.baselineSaleToDeviceP50Ms,
      is: saleToDevice,
    }),
    entry(
      `intake → order on ${r.subscribers} subscribed tablets p95 (${where})`,
      r.intakeToDeviceP95Ms,
      'ms',
      { atMost: TARGETS.intakeToDeviceP95Ms },
      { value: r.baselineSaleToDeviceP95Ms, is: saleToDevice },
    ),
  ];
}

function print(r: IntakeResult, summary: SummaryEntry[]): void {
  const where = r.backend === 'sqlite' ? 'SQLite' : 'PostgreSQL';
  const [rate, , p95, deviceP50, deviceP95] = summary as [SummaryEntry, SummaryEntry, SummaryEntry, SummaryEntry, SummaryEntry];
  printTable(`Order intake — ${where} (catalog ${catalogSize}; baselines measured in the same run)`, [
    {
      figure: `intake: ${r.orders} pickup orders, ${POSTERS} posters`,
      value: `${r.ordersPerSecond} orders/s`,
      target: targetText(rate),
      baseline: `${r.baselineSalesPerSecond} sales/s (one-sale pushes, ${POSTERS} tills)`,
    },
    {
      figure: 'intake: request p50 / p95 / max',
      value: `${r.requestP50Ms} / ${r.requestP95Ms} / ${r.requestMaxMs} ms`,
      target: targetText(p95),
      baseline: `${r.baselineP50Ms} / ${r.baselineP95Ms} ms (one-sale push)`,
    },
    {
      figure: `intake → order on ${r.subscribers} ${LATENCY_STORE} tablets (${r.latencyOrders} orders) p50 / p95 / max`,
      value: `${r.intakeToDeviceP50Ms} / ${r.intakeToDeviceP95Ms} / ${r.intakeToDeviceMaxMs} ms`,
      target: `p50 ${targetText(deviceP50)}, p95 ${targetText(deviceP95)}`,
      baseline: `${r.baselineSaleToDeviceP50Ms} / ${r.baselineSaleToDeviceP95Ms} ms (sale push → stock level)`,
    },
    {
      figure: 'same, from the POST sent (intake + stream) p50 / p95',
      value: `${r.fromPostSentP50Ms} / ${r.fromPostSentP95Ms} ms`,
      target: '',
      baseline: '',
    },
  ]);
  console.log(r.verification);
}

await runBench(async () => {
  const results = await onEachBackend('intake', catalogSize, TIMEOUTS, benchIntake);
  writeResults('intake', { catalogSize, targets: TARGETS }, results, summaryOf, print);
});
