import { randomBytes } from 'node:crypto';
import {
  collections,
  newId,
  type EnrollResponse,
  type Fact,
  type Order,
  type OrderIntakeInput,
  type PickupFact,
  type Product,
} from '../../src/domain/index.js';
import type { PickupPageState } from '../../src/domain/pickup/customer-page.js';
import { generateCatalog } from '../../sync-server/demo/catalog.js';
import { makeDemoOrder } from '../../sync-server/demo/order-maker.js';
import { random, type Random } from '../../sync-server/demo/prng.js';
import { demoStaffId } from '../../sync-server/demo/staff.js';
import { DEMO_STORES } from '../../sync-server/demo/stores.js';
import { cashSale } from '../server/client.js';
import { startPushServiceStandIn, type PushServiceStandIn } from '../server/push-service-stand-in.js';
import { onEachBackend, writeResults } from './backends.js';
import { phase, runBench, stopOnFailure } from './phase.js';
import { pushProblem, pushSale } from './push-answer.js';
import { timesToStreams } from './receipts.js';
import { startSubscribers, stopSubscribers, type Instance } from './processes.js';
import { percentile, printTable, round } from './stats.js';
import { entry, targetText, type SummaryEntry } from './summary.js';

/**
 * Arrival to alert over real HTTP, the server in its own process, on SQLite and (with DATABASE_URL) PostgreSQL.
 *
 * Setup (not timed): pickup orders for S1 posted through POST /api/orders (paid, 1–3 lines), each taken to `ready`
 * the way staff do it: pickup.start, a pickup.pick per line and pickup.ready pushed as facts by an S1 pickup device
 * (the ready policy draws the page token and mails the link; the benchmark reads the token the mail links to from
 * the server's database, as the customer would from the mail). Five of the store's devices subscribe to Web Push
 * at a local stand-in push service (POST /api/push-subscriptions), as the curbside phones do.
 *
 * Measured: 50 S1 devices subscribed to the sync stream as the app does (its `orders` and its `stock`, on one
 * GET /sync/stream when the server has the multiplexed stream, else on one pull-stream each; read by another process); 100 customers press "I'm here" one at a time, through the customer page's
 * route POST /pickup/{token}/arrival. Latency: from the POST's answer (and from its send) to the order arriving as
 * `customer_waiting` on each subscribed device, p50/p95/max over every (device, arrival) pair (the issue: "within
 * two seconds"). Baseline, interleaved with them: a one-unit sale pushed by an S1 till, from the push's answer to
 * its stock level on the same devices. Also timed: the arrival's Web Push from the POST's answer to the stand-in
 * push service (which checks the VAPID signature and decrypts it), through the outbox worker at its default timing.
 *
 * Then it checks the run: every arrival answered 200 as `waiting`, every order stored as customer_waiting with
 * exactly one `order.customer_arrived` in the outbox (also after pressing "I'm here" again on some), every device
 * got every arrival, every push phone got one valid alert per arrival. A broken run exits non-zero; timing never
 * does. Writes bench-results/pickup.json.
 *
 *   BENCH_CATALOG_SIZE=100000 (default)   products seeded
 *   BENCH_PICKUP_SUBSCRIBERS=50           S1 devices on the sync stream
 *   BENCH_PICKUP_ARRIVALS=100             arrivals (and baseline sales)
 *   BENCH_PICKUP_PUSH_PHONES=5            of those devices, the ones subscribed to Web Push (0: no push figures)
 *   BENCH_TIMEOUT_SCALE, BENCH_CPU_PROF   see phase.ts, processes.ts
 */
const catalogSize = Number(process.env.BENCH_CATALOG_SIZE ?? 100_000);
const subscriberCount = Number(process.env.BENCH_PICKUP_SUBSCRIBERS ?? 50);
const arrivalCount = Number(process.env.BENCH_PICKUP_ARRIVALS ?? 100);
const pushPhones = Math.min(subscriberCount, Number(process.env.BENCH_PICKUP_PUSH_PHONES ?? 5));
const STORE = 'S1';
const PICKUP_STAFF = demoStaffId(STORE, '2001');
/** Arrivals before the streams open, so the measured ones do not pay for the route's first compile. */
const WARM_UP = 5;
/** Customers who press "I'm here" a second time after the run: nothing more may be recorded. */
const REPLAYS = 10;
/** Orders posted and readied at once during setup (the pickup device pushes one fact per request, as the app does). */
const PREPARERS = 5;
const SPACING_MS = 100;
/** After the last arrival: anything not on a device (or at the push service) by then is lost, not slow. */
const SETTLE_MS = 5_000;
/** Products the orders and sales draw from: the head of the catalog, even positions for orders, odd for sales. */
const POOL = Math.min(catalogSize, 6_000);
const TARGETS = { arrivalToDeviceP95Ms: 2_000 };
const TIMEOUTS = {
  seed: 120_000 + catalogSize * 4,
  setup: 60_000 + (subscriberCount + 2) * 100,
  prepare: 60_000 + (arrivalCount + WARM_UP) * 500,
  mail: 60_000 + (arrivalCount + WARM_UP) * 200,
  warmUp: 60_000,
  latency: 60_000 + subscriberCount * 200 + arrivalCount * 2 * (SPACING_MS + 1_000) + 2 * SETTLE_MS,
  verify: 60_000 + arrivalCount * 50,
  stop: 30_000,
};

const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const products: Product[] = generateCatalog(catalogSize);
const orderPool = products.slice(0, POOL).filter((_, i) => i % 2 === 0);
const salePool = products.slice(0, POOL).filter((_, i) => i % 2 === 1);
const runId = randomBytes(3).toString('hex').toUpperCase();

// ── setup: orders taken to `ready` through the API and pickup facts ───────────────────────────────────────────

/** Paid pickup orders of products S1 has at least two of, each product in one order only (no line can come up short). */
function plannedOrders(rnd: Random, available: Map<string, number>, count: number): OrderIntakeInput[] {
  const pool = orderPool.filter((p) => (available.get(p.sku) ?? 0) >= 2);
  const store = DEMO_STORES.find((s) => s.id === STORE)!;
  return Array.from({ length: count }, (_, n) => {
    if (pool.length < 3) throw new Error(`${STORE} has too few products in stock for ${count} orders: raise BENCH_CATALOG_SIZE`);
    const order = makeDemoOrder(rnd, {
      number: `PICKUP-${runId}-${n + 1}`,
      products: pool.slice(0, 3),
      fulfilment: { type: 'pickup', storeId: STORE, mode: rnd.next() < 0.6 ? 'curbside' : 'counter' },
      taxRates: store.taxRates,
      now: new Date(),
    });
    const used = new Set(order.lines.map((l) => l.sku));
    for (let i = pool.length - 1; i >= 0; i--) if (used.has(pool[i]!.sku)) pool.splice(i, 1);
    // A boleto still pending could not be picked (the table's payment guard): these customers paid by Pix.
    return {
      ...order,
      payments: order.payments.map((p) => (p.status === 'pending' ? { ...p, method: 'pix' as const, status: 'paid' as const } : p)),
    };
  });
}

async function postOrder(url: string, apiKey: string, input: OrderIntakeInput): Promise<Order> {
  const res = await fetch(`${url}/api/orders`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/json', 'Idempotency-Key': newId() },
    body: JSON.stringify(input),
  });
  const text = await res.text();
  if (res.status !== 201) throw new Error(`broken run: POST /api/orders answered ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as Order;
}

function pickupFact<K extends PickupFact['kind']>(
  device: EnrollResponse,
  kind: K,
  orderId: string,
  payload: Extract<PickupFact, { kind: K }>['payload'],
): Fact {
  return {
    id: newId(),
    kind,
    storeId: device.storeId,
    deviceId: device.deviceId,
    associateId: PICKUP_STAFF,
    createdAtDevice: new Date().toISOString(),
    subjectId: orderId,
    payload,
  };
}

async function pushFact(url: string, device: EnrollResponse, fact: Fact): Promise<void> {
  const res = await fetch(`${url}/sync/facts/${collections.facts.version}/push`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${device.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify([{ assumedMasterState: null, newDocumentState: fact }]),
  });
  const problem = pushProblem(res.status, await res.text());
  if (problem) throw new Error(`broken run: ${fact.kind} of order ${fact.subjectId}: ${problem}`);
}

/** What the pickup associate does on the tablet: start, scan each line, mark ready; one fact per push. */
async function readyForPickup(url: string, device: EnrollResponse, order: Order): Promise<void> {
  await pushFact(url, device, pickupFact(device, 'pickup.start', order.id, {}));
  for (const line of order.lines)
    await pushFact(url, device, pickupFact(device, 'pickup.pick', order.id, { sku: line.sku, quantity: line.quantity }));
  await pushFact(url, device, pickupFact(device, 'pickup.ready', order.id, {}));
}

/** `items` handled by `workers` concurrent workers, each one at a time. */
async function inParallel<T, R>(workers: number, items: readonly T[], work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      for (let i = w; i < items.length; i += workers) results[i] = await work(items[i]!);
    }),
  );
  return results;
}

// ── HTTP of the measured phase ─────────────────────────────────────────────────────────────────────────────────

interface Arrival {
  orderId: string;
  sentAt: number;
  respondedAt: number;
}

/** "I'm here" as the customer's page posts it; a curbside customer says where they parked. */
async function arrive(url: string, order: Order, token: string, k: number): Promise<Arrival> {
  const curbside = order.fulfilment.type === 'pickup' && order.fulfilment.mode === 'curbside';
  const sentAt = now();
  const res = await fetch(`${url}/pickup/${token}/arrival`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ note: curbside ? `blue car, spot ${(k % 20) + 1}` : '', source: 'button' }),
  });
  const text = await res.text();
  const respondedAt = now();
  if (res.status !== 200) throw new Error(`broken run: "I'm here" for order ${order.number} answered ${res.status} ${text.slice(0, 300)}`);
  const state = JSON.parse(text) as PickupPageState;
  if (state.stage !== 'waiting' || state.arrival === null)
    throw new Error(`broken run: "I'm here" for order ${order.number} answered stage ${state.stage}, arrival ${JSON.stringify(state.arrival)}`);
  return { orderId: order.id, sentAt, respondedAt };
}

async function subscribeToPush(url: string, device: EnrollResponse, push: PushServiceStandIn): Promise<string> {
  const subscription = push.subscribe();
  const res = await fetch(`${url}/api/push-subscriptions`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${device.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(subscription.json),
  });
  if (res.status !== 200) throw new Error(`POST /api/push-subscriptions answered ${res.status} ${(await res.text()).slice(0, 300)}`);
  return subscription.id;
}

const MULTIPLEXED_PATH = `/sync/stream?collections=orders:${collections.orders.version},stock:${collections.stock.version}`;

/** Whether the server has the one-connection stream the app uses (GET /sync/stream); older ones stream per collection. */
async function servesMultiplexedStream(url: string, device: EnrollResponse): Promise<boolean> {
  const abort = new AbortController();
  const res = await fetch(`${url}${MULTIPLEXED_PATH}`, { headers: { Authorization: `Bearer ${device.token}` }, signal: abort.signal });
  abort.abort();
  return res.status === 200;
}

const stats = (samples: number[]) => ({
  p50: round(percentile(samples, 50), 1),
  p95: round(percentile(samples, 95), 1),
  max: round(Math.max(...samples), 1),
});
type Stats = ReturnType<typeof stats>;

// ── one backend ────────────────────────────────────────────────────────────────────────────────────────────────

interface PickupResult {
  backend: 'sqlite' | 'postgres';
  /** The stream the devices read: the app's one connection, or one pull-stream per collection. */
  stream: string;
  subscribers: number;
  arrivals: number;
  arrivalToDevice: Stats;
  fromPostSent: Stats;
  arrivalRequest: Stats;
  baselineSaleToDevice: Stats;
  baselineSaleRequest: Stats;
  pushPhones: number;
  /** Arrival answered → the alert at the push service; null without push phones. */
  arrivalToPush: Stats | null;
  streamResyncs: number;
  verification: string;
}

async function benchPickup(backend: 'sqlite' | 'postgres', instance: Instance, push: PushServiceStandIn): Promise<PickupResult> {
  const label = backend === 'sqlite' ? 'SQLite' : 'PostgreSQL';
  const { apiKey, devices, counter, till, available } = await phase(`${label}: integration key, devices, stock levels`, TIMEOUTS.setup, async () => {
    const { apiKey } = await instance.child.request({ type: 'integration', name: 'bench webshop' }, 'integration');
    const enrolled = (
      await instance.child.request({ type: 'enroll', storeIds: Array.from({ length: subscriberCount + 2 }, () => STORE) }, 'enrolled')
    ).devices;
    const { levels } = await instance.child.request({ type: 'levels', storeId: STORE, skus: orderPool.map((p) => p.sku) }, 'levels');
    return {
      apiKey,
      counter: enrolled[0]!,
      till: enrolled[1]!,
      devices: enrolled.slice(2),
      available: new Map(levels.map((l) => [l.sku, l.available])),
    };
  });

  const rnd = random(8_008);
  const inputs = plannedOrders(rnd, available, WARM_UP + arrivalCount);
  const saleProducts = rnd.sample(salePool, WARM_UP + arrivalCount);
  if (saleProducts.length < WARM_UP + arrivalCount) throw new Error(`too few products for ${arrivalCount} baseline sales: raise BENCH_CATALOG_SIZE`);
  // One unit of a product of its own per sale, so its stock level on the devices says which push it was.
  const sales = saleProducts.map((product) => cashSale(till.store, till.deviceId, [{ product, quantity: 1 }]));

  console.log(`── ${label}: ${inputs.length} pickup orders posted and taken to ready by pickup facts…`);
  const { orders, tokens, phones } = await phase(`${label}: orders to ready, push subscriptions`, TIMEOUTS.prepare, async () => {
    const orders = await inParallel(PREPARERS, inputs, async (input) => {
      const order = await postOrder(instance.url, apiKey, input);
      await readyForPickup(instance.url, counter, order);
      return order;
    });
    const { tokens } = await instance.child.request({ type: 'pickupTokens', orderIds: orders.map((o) => o.id) }, 'pickupTokens');
    const phones = new Map<string, number>();
    for (const [i, device] of devices.slice(0, pushPhones).entries()) phones.set(await subscribeToPush(instance.url, device, push), i);
    return { orders, tokens: new Map(tokens), phones };
  });

  // The ready mails leave through the outbox; the arrivals are timed on a server that has sent them.
  await phase(`${label}: ready mails sent`, TIMEOUTS.mail, async () => {
    for (;;) {
      const { pending, waitingForWebhookUrl } = await instance.child.request({ type: 'outboxPending' }, 'outboxPending');
      if (pending - waitingForWebhookUrl === 0) return;
      await sleep(200);
    }
  });

  const warmUpOrders = orders.slice(0, WARM_UP);
  const measured = orders.slice(WARM_UP);
  await phase(`${label}: warm-up arrivals and sales`, TIMEOUTS.warmUp, async () => {
    const before = push.received.length;
    for (const [k, order] of warmUpOrders.entries()) {
      await arrive(instance.url, order, tokens.get(order.id)!, k);
      await pushSale(instance.url, till, sales[k]!);
    }
    // Their alerts too, so the measured ones are counted from a quiet push service.
    while (push.received.length < before + WARM_UP * pushPhones) await sleep(100);
  });
  const pushedBefore = push.received.length;

  console.log(
    `── ${label}: ${arrivalCount} arrivals and ${arrivalCount} sales at ${STORE}, ${subscriberCount} subscribed devices, ${pushPhones} push phones…`,
  );
  const multiplexed = await phase(`${label}: which sync stream the server has`, TIMEOUTS.stop, () =>
    servesMultiplexedStream(instance.url, devices[0]!),
  );
  const latency = await phase(`${label}: "I'm here" → subscribed devices`, TIMEOUTS.latency, async () => {
    const child = startSubscribers();
    try {
      // Each device streams its orders and its stock, as the app does: on one connection, or (a server without the
      // multiplexed stream) even streams orders, odd streams stock.
      const streams = multiplexed
        ? devices.map((d) => ({ url: instance.url, token: d.token, path: MULTIPLEXED_PATH, tag: 'state' }))
        : devices.flatMap((d) => [
            { url: instance.url, token: d.token, path: `/sync/orders/${collections.orders.version}/pull-stream`, tag: 'state' },
            { url: instance.url, token: d.token, path: `/sync/stock/${collections.stock.version}/pull-stream` },
          ]);
      const connected = await child.request({ type: 'open', streams, path: '' }, 'connected');
      if (connected.failed > 0) throw new Error(`${connected.failed} of ${streams.length} streams could not connect`);
      await sleep(500);
      const arrivals: Arrival[] = [];
      const pushed: { sku: string; respondedAt: number }[] = [];
      const saleRequests: number[] = [];
      for (const [k, order] of measured.entries()) {
        arrivals.push(await arrive(instance.url, order, tokens.get(order.id)!, k));
        await sleep(SPACING_MS / 2);
        const t0 = now();
        const sale = sales[WARM_UP + k]!;
        pushed.push({ sku: sale.lines[0]!.sku, respondedAt: (await pushSale(instance.url, till, sale)).respondedAt });
        saleRequests.push(now() - t0);
        await sleep(SPACING_MS / 2);
      }
      await sleep(SETTLE_MS);
      const expectedPushes = pushedBefore + arrivals.length * pushPhones;
      for (let waited = 0; push.received.length < expectedPushes && waited < SETTLE_MS; waited += 100) await sleep(100);
      const report = await child.request({ type: 'report' }, 'report');

      const got = report.receipts.map((entries) => new Map(entries));
      const waiting = timesToStreams(
        got,
        (i) => multiplexed || i % 2 === 0,
        arrivals.map((a) => ({ key: `${a.orderId}:customer_waiting`, sentAt: a.sentAt, respondedAt: a.respondedAt })),
      );
      const levels = timesToStreams(
        got,
        (i) => multiplexed || i % 2 === 1,
        pushed.map((p) => ({ key: `${STORE}:${p.sku}`, respondedAt: p.respondedAt })),
      );
      if (waiting.missed > 0 || levels.missed > 0) {
        throw new Error(
          `broken run: ${SETTLE_MS} ms after the last arrival, ${waiting.missed} (arrival, device) pairs and ${levels.missed} (sale, device) pairs never arrived (${report.resyncs} RESYNCs)`,
        );
      }
      return {
        arrivals,
        saleRequests,
        connected: multiplexed ? connected.count : connected.count / 2,
        resyncs: report.resyncs,
        toDevice: waiting.fromAnswer,
        fromSent: waiting.fromSent,
        saleToDevice: levels.fromAnswer,
      };
    } finally {
      await stopSubscribers(child);
    }
  });

  const toPush = pushPhones === 0 ? [] : alertsAtThePushService(push, phones, latency.arrivals, pushedBefore);

  const verification = await phase(`${label}: verify arrivals, events, pushes`, TIMEOUTS.verify, async () => {
    // A customer pressing again: the page answers as before and nothing more is recorded (checked just below).
    for (const [k, order] of measured.slice(0, REPLAYS).entries()) await arrive(instance.url, order, tokens.get(order.id)!, k);
    const v = await instance.child.request({ type: 'verifyArrivals', orderIds: orders.map((o) => o.id) }, 'arrivalsVerified');
    if (v.problems.length > 0) throw new Error(`broken run:\n  ${v.problems.join('\n  ')}`);
    return `✓ ${v.waiting}/${v.orders} orders customer_waiting with one order.customer_arrived each (${REPLAYS} pressed "I'm here" twice); every arrival on all ${latency.connected} devices${pushPhones > 0 ? `; ${toPush.length} valid Web Push alerts, one per (phone, arrival)` : ''}`;
  });

  return {
    backend,
    stream: multiplexed ? 'GET /sync/stream (orders, stock)' : 'GET /sync/{orders,stock}/{version}/pull-stream',
    subscribers: latency.connected,
    arrivals: latency.arrivals.length,
    arrivalToDevice: stats(latency.toDevice),
    fromPostSent: stats(latency.fromSent),
    arrivalRequest: stats(latency.arrivals.map((a) => a.respondedAt - a.sentAt)),
    baselineSaleToDevice: stats(latency.saleToDevice),
    baselineSaleRequest: stats(latency.saleRequests),
    pushPhones,
    arrivalToPush: toPush.length > 0 ? stats(toPush) : null,
    streamResyncs: latency.resyncs,
    verification,
  };
}

/**
 * Each push phone got exactly one valid alert (VAPID signature checked, payload decrypted) per measured arrival:
 * the time from the arrival's answer to the push service taking it, per (phone, arrival).
 */
function alertsAtThePushService(push: PushServiceStandIn, phones: Map<string, number>, arrivals: Arrival[], from: number): number[] {
  const messages = push.received.slice(from);
  const invalid = messages.find((m) => m.invalid !== undefined);
  if (invalid) throw new Error(`broken run: the push service refused an alert: ${invalid.invalid}`);
  const byPair = new Map<string, number[]>();
  for (const m of messages) {
    const orderId = (m.payload as { orderId?: string }).orderId;
    const key = `${m.subscriptionId}|${orderId}`;
    byPair.set(key, [...(byPair.get(key) ?? []), m.receivedAt]);
  }
  const latencies: number[] = [];
  const problems: string[] = [];
  for (const subscriptionId of phones.keys()) {
    for (const a of arrivals) {
      const got = byPair.get(`${subscriptionId}|${a.orderId}`) ?? [];
      if (got.length !== 1) problems.push(`phone ${phones.get(subscriptionId)! + 1}, order ${a.orderId}: ${got.length} alerts`);
      else latencies.push(got[0]! - a.respondedAt);
    }
  }
  if (problems.length > 0)
    throw new Error(
      `broken run: ${SETTLE_MS * 2} ms after the last arrival, ${problems.length} (phone, arrival) pairs without exactly one Web Push alert:\n  ${problems.slice(0, 10).join('\n  ')}`,
    );
  return latencies;
}

function summaryOf(r: PickupResult): SummaryEntry[] {
  const where = r.backend === 'sqlite' ? 'SQLite' : 'PostgreSQL';
  const saleToDevice = `a one-unit sale pushed by an ${STORE} till, push answered → its stock level on the same devices, interleaved`;
  const devices = `${r.subscribers} subscribed ${STORE} devices`;
  return [
    entry(`"I'm here" answered → customer_waiting on ${devices} p50 (${where})`, r.arrivalToDevice.p50, 'ms', null, {
      value: r.baselineSaleToDevice.p50,
      is: saleToDevice,
    }),
    entry(
      `"I'm here" answered → customer_waiting on ${devices} p95 (${where})`,
      r.arrivalToDevice.p95,
      'ms',
      { atMost: TARGETS.arrivalToDeviceP95Ms },
      { value: r.baselineSaleToDevice.p95, is: saleToDevice },
    ),
    entry(`"I'm here" sent → customer_waiting on ${devices} p95 (${where})`, r.fromPostSent.p95, 'ms', { atMost: TARGETS.arrivalToDeviceP95Ms }),
    entry(`"I'm here" request p95 (${where})`, r.arrivalRequest.p95, 'ms', null, {
      value: r.baselineSaleRequest.p95,
      is: `one-unit sale push p95, same devices' store, interleaved`,
    }),
    ...(r.arrivalToPush
      ? [entry(`"I'm here" answered → Web Push alert at the push service, ${r.pushPhones} phones, p95 (${where})`, r.arrivalToPush.p95, 'ms', null)]
      : []),
  ];
}

const triple = (s: Stats) => `${s.p50} / ${s.p95} / ${s.max} ms`;

function print(r: PickupResult, summary: SummaryEntry[]): void {
  const where = r.backend === 'sqlite' ? 'SQLite' : 'PostgreSQL';
  const [, p95, sentP95] = summary as [SummaryEntry, SummaryEntry, SummaryEntry];
  printTable(`Arrival to alert — ${where} (catalog ${catalogSize}; devices on ${r.stream}; baselines measured in the same run)`, [
    {
      figure: `"I'm here" answered → customer_waiting on ${r.subscribers} ${STORE} devices (${r.arrivals} arrivals) p50 / p95 / max`,
      value: triple(r.arrivalToDevice),
      target: `p95 ${targetText(p95)}`,
      baseline: `${triple(r.baselineSaleToDevice)} (sale push → stock level)`,
    },
    { figure: `same, from "I'm here" sent p50 / p95 / max`, value: triple(r.fromPostSent), target: `p95 ${targetText(sentP95)}`, baseline: '' },
    {
      figure: `"I'm here" request p50 / p95 / max`,
      value: triple(r.arrivalRequest),
      target: '—',
      baseline: `${triple(r.baselineSaleRequest)} (one-unit sale push)`,
    },
    ...(r.arrivalToPush
      ? [
          {
            figure: `"I'm here" answered → Web Push at the push service (${r.pushPhones} phones; the outbox worker is woken by the commit) p50 / p95 / max`,
            value: triple(r.arrivalToPush),
            target: '—',
            baseline: '',
          },
        ]
      : []),
  ]);
  if (r.streamResyncs > 0) console.log(`(${r.streamResyncs} RESYNCs on the streams)`);
  console.log(r.verification);
}

await runBench(async () => {
  const push = await startPushServiceStandIn();
  const forgetPush = stopOnFailure(() => push.close());
  const results = await onEachBackend('pickup', catalogSize, TIMEOUTS, (backend, instance) => benchPickup(backend, instance, push));
  await push.close();
  forgetPush();
  writeResults('pickup', { catalogSize, targets: TARGETS }, results, summaryOf, print);
});
