import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  collectionNames,
  collections,
  newId,
  systemClock,
  type EnrollResponse,
  type Product,
  type Sale,
  type Store,
} from '../../src/domain/index.js';
import { enrollDevice, mintEnrollmentCode } from '../../sync-server/auth/enrollment.js';
import { saveStore } from '../../sync-server/catalog/stores.js';
import { generateCatalog } from '../../sync-server/demo/catalog.js';
import { demoAssociateId } from '../../sync-server/demo/staff.js';
import { openStore } from '../../sync-server/store/open-store.js';
import { cashSale, pushRow } from '../server/client.js';
import { phase, runBench, stopOnFailure } from './phase.js';
import { dropSchema, startInstance, startSubscribers, stopInstance, stopSubscribers, type Instance, type Subscribers } from './processes.js';
import { postJson } from './http-post.js';
import { pushProblem } from './push-answer.js';
import type { InstanceOptions } from './server-instance.js';
import { percentile, printTable, round } from './stats.js';
import { entry, targetText, type SummaryEntry } from './summary.js';

/**
 * A chain's peak on the server (issue 12, target 7): 300 stores × 10 devices each hold the sync stream open (the
 * app's one SSE connection for all its collections, GET /sync/stream), spread over 2 server instances on one
 * PostgreSQL (each store has devices on both, so half the deliveries cross instances through LISTEN/NOTIFY); sales are
 * pushed at 200 sales/s, open loop (a sale leaves at its time whether or not earlier pushes answered), each by one of
 * its store's devices. Measured: from the moment a push is sent until the sale is on each of its store's other 9
 * devices (p50/p95/max, and any never seen), the push's answer time, and each instance's CPU and memory (/proc).
 * Baseline: the same figures at 2 sales/s over the same 3,000 connections. When the peak misses a target, shorter steps
 * at lower rates find the highest rate this machine holds within both (what an operator sizes a chain by). Needs
 * DATABASE_URL; skipped without it.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/vitrine_test npm run bench
 *   BENCH_CHAIN_STORES=300 BENCH_CHAIN_DEVICES=10 BENCH_CHAIN_RATE=200 BENCH_CHAIN_SECONDS=30 BENCH_CHAIN_CATALOG=2000
 *   BENCH_CHAIN_STEPS=150,100,75,50,25   the lower rates tried, in turn, when the peak misses a target (none: '')
 *   BENCH_CHAIN_STEP_SECONDS=10
 *   BENCH_TIMEOUT_SCALE=1   multiplies every phase's timeout (phase.ts)
 */
const databaseUrl = process.env.DATABASE_URL;
const storeCount = Number(process.env.BENCH_CHAIN_STORES ?? 300);
const devicesPerStore = Number(process.env.BENCH_CHAIN_DEVICES ?? 10);
const rate = Number(process.env.BENCH_CHAIN_RATE ?? 200);
const seconds = Number(process.env.BENCH_CHAIN_SECONDS ?? 30);
/** The catalog matters little here (sales name a few SKUs); a small one keeps seeding short. */
const catalogSize = Number(process.env.BENCH_CHAIN_CATALOG ?? 2_000);
/** A push not answered by then is given up (and counted at this value): a saturated server still ends the run. */
const PUSH_TIMEOUT_MS = 10_000;
const stepRates = (process.env.BENCH_CHAIN_STEPS ?? '150,100,75,50,25')
  .split(',')
  .filter((r) => r.trim() !== '')
  .map(Number)
  .filter((r) => r < rate);
const stepSeconds = Number(process.env.BENCH_CHAIN_STEP_SECONDS ?? 10);
const BASELINE_RATE = 2;
const BASELINE_SALES = 20;
/** SSE clients split over processes, so reading 3,000 streams is not what limits the figure (their loop delay is printed). */
const SUBSCRIBER_PROCESSES = 3;
const INSTANCES = 2;
const deviceCount = storeCount * devicesPerStore;
const TARGETS = { visibleP95Ms: 100, pushP95Ms: 100 };
const TIMEOUTS = {
  seed: 180_000,
  stores: 60_000 + storeCount * 500,
  enroll: 60_000 + deviceCount * 200,
  connect: 60_000 + deviceCount * 100,
  baseline: 60_000 + (BASELINE_SALES / BASELINE_RATE) * 1_000,
  peak: 60_000 + seconds * 1_000 + PUSH_TIMEOUT_MS * 2,
  verify: 60_000 + (rate * seconds + stepRates.reduce((n, r) => n + r * stepSeconds, 0)) * 5,
  step: 60_000 + stepSeconds * 1_000 + PUSH_TIMEOUT_MS * 2,
  stop: 30_000,
};
/** File descriptors this run needs at most in one process (an instance or a subscriber process holds one per stream). */
const FDS_NEEDED = deviceCount + 1_000;

const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * 3,000 connections need 3,000 descriptors in the busiest process. The soft limit is raised to the hard one when it
 * is lower (prlimit on this process, inherited by the instances and subscriber processes forked after); a hard limit
 * below the need is a broken run, said plainly.
 */
function ensureFdLimit(): string {
  const limit = (flag: string) => {
    const text = execFileSync('sh', ['-c', `ulimit ${flag}`], { encoding: 'utf8' }).trim();
    return text === 'unlimited' ? Number.POSITIVE_INFINITY : Number(text);
  };
  const soft = limit('-Sn');
  const hard = limit('-Hn');
  if (soft >= FDS_NEEDED) return `open files limit ${soft} (≥ ${FDS_NEEDED} needed)`;
  if (hard < FDS_NEEDED) throw new Error(`broken run: ${FDS_NEEDED} open files needed per process, hard limit ${hard} (raise it: ulimit -Hn)`);
  execFileSync('prlimit', [
    '--pid',
    String(process.pid),
    `--nofile=${hard === Number.POSITIVE_INFINITY ? 'unlimited' : hard}:${hard === Number.POSITIVE_INFINITY ? 'unlimited' : hard}`,
  ]);
  return `open files limit raised from ${soft} to ${hard} for this run (${FDS_NEEDED} needed)`;
}

/** CPU (user + system) and resident memory of a process, from /proc. */
const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
function processUsage(pid: number): { cpuMs: number; rssMb: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const cpuMs = ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
  const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return { cpuMs, rssMb: rss ? Number(rss[1]) / 1024 : Number.NaN };
}

/** Samples each instance's CPU share and memory every second while `work` runs. */
async function sampled<T>(instances: Instance[], work: () => Promise<T>) {
  const pids = instances.map((i) => i.child.process.pid!);
  const start = pids.map(processUsage);
  const t0 = performance.now();
  const peakRss = start.map((u) => u.rssMb);
  const timer = setInterval(() => {
    pids.forEach((pid, i) => {
      peakRss[i] = Math.max(peakRss[i]!, processUsage(pid).rssMb);
    });
  }, 1_000);
  try {
    const result = await work();
    const wallMs = performance.now() - t0;
    const usage = pids.map((pid, i) => {
      const end = processUsage(pid);
      return { cpuPercent: round(((end.cpuMs - start[i]!.cpuMs) / wallMs) * 100, 0), rssMb: round(Math.max(peakRss[i]!, end.rssMb), 0) };
    });
    return { result, usage };
  } finally {
    clearInterval(timer);
  }
}

/** The demo stores, plus stores C001… (copies of S1's settings) each with an active associate, up to `storeCount`. */
async function addStores(options: InstanceOptions): Promise<string[]> {
  const store = await openStore({ databaseUrl: options.databaseUrl, dataDir: options.dataDir, schema: options.databaseSchema, poolSize: 2 });
  try {
    const existing = await store.listStores();
    const template = existing.find((s) => s.id === 'S1')!;
    const staffDoc = await store.getDocument('staff', demoAssociateId('S1'));
    if (!staffDoc) throw new Error('broken run: the demo associate of S1 is not seeded');
    const associate = JSON.parse(staffDoc.body) as Record<string, unknown>;
    const ids = existing.map((s) => s.id).slice(0, storeCount);
    const at = new Date().toISOString();
    const added: string[] = [];
    for (let n = 1; ids.length + added.length < storeCount; n++) added.push(`C${String(n).padStart(3, '0')}`);
    // Hundreds of stores in batches of 50 per transaction: seeding, not what is measured.
    for (let i = 0; i < added.length; i += 50) {
      await store.transaction(async (tx) => {
        for (const id of added.slice(i, i + 50)) {
          const settings: Store = { ...template, id, name: `Vitrine ${id}` };
          await saveStore(tx, settings, { at });
          // The associate the sales name (cashSale: demoAssociateId), with S1's PIN verifier: pushes never check a PIN.
          const staffId = demoAssociateId(id);
          await tx.putDocuments([{ collection: 'staff', id: staffId, storeId: id, body: { ...associate, id: staffId, storeId: id } }]);
        }
      });
    }
    return [...ids, ...added];
  } finally {
    await store.close();
  }
}

/**
 * Enrolls every device the way a till does (a one-time code, then the code traded for a token), from this process with
 * a few at a time: the instances' own enrollment runs one device after another, minutes for 3,000 on a busy machine.
 */
async function enrollAll(options: InstanceOptions, storeIds: string[]): Promise<EnrollResponse[]> {
  const store = await openStore({ databaseUrl: options.databaseUrl, dataDir: options.dataDir, schema: options.databaseSchema, poolSize: 8 });
  try {
    const devices: EnrollResponse[] = new Array(storeIds.length);
    let next = 0;
    const worker = async () => {
      for (let d = next++; d < storeIds.length; d = next++) {
        const { code } = await mintEnrollmentCode(store, storeIds[d]!, { clock: systemClock });
        devices[d] = await enrollDevice(store, { code, name: `Chain till ${d + 1}` }, { clock: systemClock, newId });
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    return devices;
  } finally {
    await store.close();
  }
}

interface Pushed {
  sale: Sale;
  pusher: number;
  sentAt: number;
  respondedAt: number;
}

/** Open loop: sale k leaves at start + k / rate, whatever earlier pushes are doing. */
async function pushAt(
  instances: Instance[],
  devices: EnrollResponse[],
  plan: { sale: Sale; pusher: number }[],
  perSecond: number,
): Promise<{ pushed: Pushed[]; failures: string[]; sendMs: number }> {
  const path = `/sync/sales/${collections.sales.version}/push`;
  const pushed: Pushed[] = [];
  const failures: string[] = [];
  const inFlight: Promise<void>[] = [];
  const start = performance.now();
  for (const [k, { sale, pusher }] of plan.entries()) {
    const due = start + (k * 1_000) / perSecond;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    const device = devices[pusher]!;
    const sentAt = now();
    inFlight.push(
      postJson(
        `${instances[pusher % INSTANCES]!.url}${path}`,
        { Authorization: `Bearer ${device.token}` },
        JSON.stringify([pushRow(sale)]),
        PUSH_TIMEOUT_MS,
      )
        .then(({ status, text }) => {
          const problem = pushProblem(status, text);
          if (problem) failures.push(problem);
          pushed.push({ sale, pusher, sentAt, respondedAt: now() });
        })
        .catch((error: unknown) => {
          // A saturated server: the till gives up and retries later. Counted at the timeout, so percentiles read "at least".
          failures.push(`no answer within ${PUSH_TIMEOUT_MS} ms (${String(error)})`);
          pushed.push({ sale, pusher, sentAt, respondedAt: sentAt + PUSH_TIMEOUT_MS });
        }),
    );
  }
  const sendMs = performance.now() - start;
  await Promise.all(inFlight);
  return { pushed, failures, sendMs };
}

interface Delivery {
  sales: number;
  achievedRate: number;
  pairs: number;
  missed: number;
  visibleP50Ms: number;
  visibleP95Ms: number;
  visibleMaxMs: number;
  pushP50Ms: number;
  pushP95Ms: number;
  pushMaxMs: number;
  failures: number;
  firstFailure?: string;
}

/** Where each device's stream ended up: subscriber process and index in it. */
type StreamOf = (device: number) => { child: number; index: number };

async function measure(
  label: string,
  instances: Instance[],
  devices: EnrollResponse[],
  subscribers: Subscribers[],
  streamOf: StreamOf,
  plan: { sale: Sale; pusher: number }[],
  perSecond: number,
): Promise<Delivery> {
  const { pushed, failures, sendMs } = await pushAt(instances, devices, plan, perSecond);
  await sleep(2_000);
  const reports = await Promise.all(subscribers.map((s) => s.request({ type: 'report' }, 'report')));
  const receipts = reports.map((r) => r.receipts.map((entries) => new Map(entries)));
  const visible: number[] = [];
  let missed = 0;
  for (const p of pushed) {
    const store = Math.floor(p.pusher / devicesPerStore);
    for (let d = store * devicesPerStore; d < (store + 1) * devicesPerStore; d++) {
      if (d === p.pusher) continue;
      const { child, index } = streamOf(d);
      const at = receipts[child]![index]!.get(p.sale.id);
      if (at === undefined) missed++;
      else visible.push(at - p.sentAt);
    }
  }
  const answers = pushed.map((p) => p.respondedAt - p.sentAt);
  const loops = reports.map((r) => `${round(r.loopDelay.p99, 0)}/${round(r.loopDelay.max, 0)} ms, ${round((r.cpuMs / r.wallMs) * 100, 0)}% CPU`);
  console.log(`${label}: subscriber processes (event-loop delay p99/max, CPU since connect): ${loops.join('; ')}`);
  return {
    sales: pushed.length,
    achievedRate: round((plan.length / sendMs) * 1_000, 0),
    pairs: visible.length,
    missed,
    visibleP50Ms: round(percentile(visible, 50), 1),
    visibleP95Ms: round(percentile(visible, 95), 1),
    visibleMaxMs: round(Math.max(...visible), 1),
    pushP50Ms: round(percentile(answers, 50), 1),
    pushP95Ms: round(percentile(answers, 95), 1),
    pushMaxMs: round(Math.max(...answers), 1),
    failures: failures.length,
    ...(failures[0] ? { firstFailure: failures[0] } : {}),
  };
}

/**
 * Sales of one or two units of a few SKUs, each rung up by a device of its store, stores in turn. Each store's devices
 * take turns too, and two sales in a row come from devices on different instances (device parity is the instance), as
 * independent tills' pushes would: with the device chosen per round of stores, every push of a 1.5 s round went to one
 * instance while the other sat idle.
 */
function planSales(devices: EnrollResponse[], products: Product[], count: number, offset: number): { sale: Sale; pusher: number }[] {
  return Array.from({ length: count }, (_, i) => {
    const k = i + offset;
    const store = k % storeCount;
    const pusher = store * devicesPerStore + ((Math.floor(k / storeCount) + k) % devicesPerStore);
    const device = devices[pusher]!;
    const items = Array.from({ length: 1 + (k % 3) }, (_, j) => ({ product: products[(k * 7 + j * 131) % products.length]!, quantity: 1 + (j % 2) }));
    return { sale: cashSale(device.store, device.deviceId, items), pusher };
  });
}

/** Both targets held, every sale seen by every other device of its store, and every push answered and accepted. */
const withinTargets = (d: Delivery) =>
  d.missed === 0 && d.failures === 0 && d.visibleP95Ms <= TARGETS.visibleP95Ms && d.pushP95Ms <= TARGETS.pushP95Ms;

interface Step {
  rate: number;
  delivery: Delivery;
}

async function benchChainPeak(url: string) {
  const fds = ensureFdLimit();
  console.log(fds);
  const schema = `vitrine_bench_chain_${randomBytes(6).toString('hex')}`;
  const dataDirs = Array.from({ length: INSTANCES }, () => mkdtempSync(join(tmpdir(), 'vitrine-bench-chain-')));
  const optionsOf = (i: number): InstanceOptions => ({ dataDir: dataDirs[i]!, databaseUrl: url, databaseSchema: schema, catalogSize });
  const cleanUp = async () => {
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
    await dropSchema(url, schema);
  };
  const forget = stopOnFailure(cleanUp);
  const instances: Instance[] = [];
  const subscribers: Subscribers[] = [];
  let failed = false;
  try {
    instances.push(await phase('chain: start and seed the first instance', TIMEOUTS.seed, () => startInstance(optionsOf(0), 'chain-1')));
    const storeIds = await phase(`chain: ${storeCount} stores with an associate each`, TIMEOUTS.stores, () => addStores(optionsOf(0)));
    for (let i = 1; i < INSTANCES; i++)
      instances.push(await phase(`chain: start instance ${i + 1}`, TIMEOUTS.seed, () => startInstance(optionsOf(i), `chain-${i + 1}`)));

    // Device d belongs to store floor(d / devicesPerStore) and talks to instance d % 2: every store has devices on both.
    const devices = await phase(`chain: enroll ${deviceCount} devices`, TIMEOUTS.enroll, () =>
      enrollAll(
        optionsOf(0),
        Array.from({ length: deviceCount }, (_, d) => storeIds[Math.floor(d / devicesPerStore)]!),
      ),
    );

    const path = `/sync/stream?collections=${collectionNames.map((n) => `${n}:${collections[n].version}`).join(',')}`;
    const streamOf: StreamOf = (d) => ({ child: d % SUBSCRIBER_PROCESSES, index: Math.floor(d / SUBSCRIBER_PROCESSES) });
    const connected = await phase(`chain: open ${deviceCount} sync streams`, TIMEOUTS.connect, async () => {
      for (let c = 0; c < SUBSCRIBER_PROCESSES; c++) subscribers.push(startSubscribers());
      const answers = await Promise.all(
        subscribers.map((child, c) =>
          child.request(
            {
              type: 'open',
              path,
              streams: devices.flatMap((device, d) =>
                d % SUBSCRIBER_PROCESSES === c ? [{ url: instances[d % INSTANCES]!.url, token: device.token }] : [],
              ),
            },
            'connected',
          ),
        ),
      );
      const failed = answers.reduce((n, a) => n + a.failed, 0);
      if (failed > 0) throw new Error(`broken run: ${failed} of ${deviceCount} sync streams could not connect`);
      return { count: answers.reduce((n, a) => n + a.count, 0), ms: Math.max(...answers.map((a) => a.ms)) };
    });
    console.log(`${connected.count} sync streams open in ${round(connected.ms / 1000, 1)} s`);
    await sleep(1_000);

    const products = generateCatalog(catalogSize);
    const baselinePlan = planSales(devices, products, BASELINE_SALES, 0);
    const baseline = await phase(`chain: baseline, ${BASELINE_SALES} sales at ${BASELINE_RATE}/s`, TIMEOUTS.baseline, () =>
      sampled(instances, () => measure('baseline', instances, devices, subscribers, streamOf, baselinePlan, BASELINE_RATE)),
    );
    const peakPlan = planSales(devices, products, rate * seconds, BASELINE_SALES);
    console.log(`peak: ${peakPlan.length} sales at ${rate}/s over ${deviceCount} open streams…`);
    const peak = await phase(`chain: ${rate} sales/s for ${seconds} s`, TIMEOUTS.peak, () =>
      sampled(instances, () => measure('peak', instances, devices, subscribers, streamOf, peakPlan, rate)),
    );
    // The peak missed a target: lower rates in turn, until one holds both targets (what this machine can take).
    const steps: Step[] = [];
    const stepPlans: { sale: Sale; pusher: number }[] = [];
    let offset = BASELINE_SALES + peakPlan.length;
    for (const stepRate of withinTargets(peak.result) ? [] : stepRates) {
      // Pushes the tills gave up on are still queued in the instances: a step starts once they have committed.
      await phase('chain: the instances catch up', TIMEOUTS.step, () =>
        Promise.all(instances.map((i) => i.child.request({ type: 'drain' }, 'drained'))),
      );
      const plan = planSales(devices, products, stepRate * stepSeconds, offset);
      offset += plan.length;
      stepPlans.push(...plan);
      const delivery = await phase(`chain: ${stepRate} sales/s for ${stepSeconds} s`, TIMEOUTS.step, () =>
        measure(`${stepRate}/s`, instances, devices, subscribers, streamOf, plan, stepRate),
      );
      steps.push({ rate: stepRate, delivery });
      if (withinTargets(delivery)) break;
    }
    const all = [...baselinePlan, ...peakPlan, ...stepPlans].map((p) => p.sale);
    const verified = await phase('chain: every sale stored and applied once', TIMEOUTS.verify, () =>
      instances[0]!.child.request(
        { type: 'verify', sales: all.map((s) => ({ id: s.id, storeId: s.storeId, lines: s.lines.map((l) => ({ lineNo: l.lineNo, sku: l.sku })) })) },
        'verified',
      ),
    );
    const lines = all.reduce((n, s) => n + s.lines.length, 0);
    const verification = `${verified.accepted}/${all.length} sales accepted, ${verified.movements} sale movements for ${lines} lines (${verified.matched} matched)`;
    return { connected, baseline, peak, steps, verification, fds };
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    // After a failure the first error is the one to read: stopping may fail too (an instance busy with what failed).
    const stopping = async () => {
      await phase('chain: stop the subscribers and servers', TIMEOUTS.stop, async () => {
        await Promise.all(subscribers.map(stopSubscribers));
        for (const instance of instances) await stopInstance(instance);
      });
      await phase('chain: drop the bench schema', TIMEOUTS.stop, cleanUp);
      forget();
    };
    if (failed) await stopping().catch((error: unknown) => console.error(`(while stopping after the failure: ${String(error)})`));
    else await stopping();
  }
}

/** The machine is shared: how busy it was (1, 5 and 15 min load averages) when the run started and ended. */
const loadAtStart = loadavg();

await runBench(async () => {
  console.log(
    `load average (1/5/15 min) at start: ${loadAtStart.map((l) => l.toFixed(1)).join(' / ')} on ${availableParallelism()} cores (a shared machine)`,
  );
  mkdirSync('bench-results', { recursive: true });
  const where = `${storeCount} stores × ${devicesPerStore} devices, ${INSTANCES} instances, PostgreSQL`;
  if (!databaseUrl) {
    console.log('chain peak: skipped (it runs on PostgreSQL: set DATABASE_URL, e.g. postgres://postgres@127.0.0.1:5432/vitrine_test)');
    writeFileSync(
      'bench-results/chain-peak.json',
      JSON.stringify({ date: new Date().toISOString(), skipped: 'no DATABASE_URL', summary: [] }, null, 2),
    );
    return;
  }
  const r = await benchChainPeak(databaseUrl);
  const { peak, baseline } = r;
  const summary: SummaryEntry[] = [
    entry(
      `chain peak: sale visible on the store's other devices p95 (${where}, ${rate} sales/s)`,
      peak.result.visibleP95Ms,
      'ms',
      { atMost: TARGETS.visibleP95Ms },
      {
        value: baseline.result.visibleP95Ms,
        is: `the same at ${BASELINE_RATE} sales/s over the same connections`,
      },
    ),
    entry(
      `chain peak: push answer p95 (${where}, ${rate} sales/s)`,
      peak.result.pushP95Ms,
      'ms',
      { atMost: TARGETS.pushP95Ms },
      {
        value: baseline.result.pushP95Ms,
        is: `the same at ${BASELINE_RATE} sales/s`,
      },
    ),
    // Steps run only when the peak missed a target.
    ...(r.steps.length === 0
      ? []
      : [
          entry(
            `chain peak: highest rate tried that held both targets on this machine (${where})`,
            r.steps.find((step) => withinTargets(step.delivery))?.rate ?? 0,
            'sales/s',
            null,
          ),
        ]),
    ...peak.usage.flatMap((u, i) => [
      entry(`chain peak: CPU of server instance ${i + 1} (${rate} sales/s, ${deviceCount / INSTANCES} streams)`, u.cpuPercent, '% of a core', null, {
        value: baseline.usage[i]!.cpuPercent,
        is: `at ${BASELINE_RATE} sales/s`,
      }),
      entry(`chain peak: memory (RSS) of server instance ${i + 1}`, u.rssMb, 'MB', null, {
        value: baseline.usage[i]!.rssMb,
        is: `at ${BASELINE_RATE} sales/s`,
      }),
    ]),
  ];
  printTable(
    `Chain peak: ${where}; ${r.connected.count} sync streams; ${peak.result.sales} sales pushed at ${peak.result.achievedRate}/s (asked ${rate}/s)`,
    [
      ...summary.map((e) => ({
        figure: e.figure,
        value: `${e.value} ${e.unit}`,
        target: targetText(e),
        baseline: e.baseline === undefined ? '' : `${e.baseline} ${e.unit}`,
      })),
      {
        figure: 'visible p50 / max (peak)',
        value: `${peak.result.visibleP50Ms} / ${peak.result.visibleMaxMs} ms`,
        target: '',
        baseline: `${baseline.result.visibleP50Ms} / ${baseline.result.visibleMaxMs} ms`,
      },
      {
        figure: 'push answer p50 / max (peak)',
        value: `${peak.result.pushP50Ms} / ${peak.result.pushMaxMs} ms`,
        target: '',
        baseline: `${baseline.result.pushP50Ms} / ${baseline.result.pushMaxMs} ms`,
      },
      ...r.steps.map((step) => ({
        figure: `at ${step.rate} sales/s for ${stepSeconds} s: visible p95 / push p95; never seen, failed`,
        value: `${step.delivery.visibleP95Ms} / ${step.delivery.pushP95Ms} ms; ${step.delivery.missed}, ${step.delivery.failures}`,
        target: withinTargets(step.delivery) ? 'both held ✓' : 'missed ✗',
        baseline: '',
      })),
      {
        figure: 'deliveries seen / never seen; failed pushes',
        value: `${peak.result.pairs} / ${peak.result.missed}; ${peak.result.failures}`,
        target: '',
        baseline: `${baseline.result.pairs} / ${baseline.result.missed}; ${baseline.result.failures}`,
      },
    ],
  );
  console.log(`verification: ${r.verification}${peak.result.firstFailure ? `; first failed push: ${peak.result.firstFailure}` : ''}`);
  writeFileSync(
    'bench-results/chain-peak.json',
    JSON.stringify(
      {
        date: new Date().toISOString(),
        node: process.version,
        loadAverage: { start: loadAtStart, end: loadavg() },
        stores: storeCount,
        devicesPerStore,
        rate,
        seconds,
        ...r,
        summary,
      },
      null,
      2,
    ),
  );
  console.log('\nwrote bench-results/chain-peak.json');
  if (existsSync('bench-results/profiles')) console.log('CPU profiles (BENCH_CPU_PROF=1) in bench-results/profiles');
});
