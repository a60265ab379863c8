import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { printTable } from './stats.js';
import type { SummaryEntry } from './summary.js';

/**
 * `npm run bench`: the tablet benchmark (catalog sync into Chromium; builds the PWA first when its sources changed
 * or dist/ is missing), the sync server benchmark, the order intake benchmark and the pickup arrival-to-alert
 * benchmark, each in its own process, each writing its bench-results/*.json; then bench-results/summary.json gathers
 * every figure of this run with its target, baseline and whether it is met. Figures, never pass/fail: the exit code
 * is non-zero only when a benchmark could not run or a run was broken, and the output then says which benchmark and
 * which phase.
 *
 *   BENCH_ONLY=tablet|server|intake|pickup|stock|chain   run one of them (tablet: catalog sync and tablet start; server: every
 *                                    server benchmark: sync, intake, pickup, stock, chain peak; chain: needs DATABASE_URL)
 *   BENCH_CATALOG_SIZE=100000         catalog size of all (see each file for its other variables)
 *   BENCH_TIMEOUT_SCALE=1             multiplies every phase's timeout, and each benchmark's overall one
 *   DATABASE_URL=postgres://…         the server benchmarks also run on PostgreSQL
 */
const STEPS = [
  { name: 'tablet: catalog sync', only: 'tablet', file: 'tests/bench/catalog-sync.bench.ts', results: 'bench-results/catalog-sync.json' },
  {
    name: 'tablet: cold start and back after a night offline',
    only: 'tablet',
    file: 'tests/bench/tablet-start.bench.ts',
    results: 'bench-results/tablet-start.json',
  },
  { name: "tablet: the store's customer book", only: 'tablet', file: 'tests/bench/customers.bench.ts', results: 'bench-results/customers.json' },
  { name: 'sync server: push, pull, fan-out', only: 'server', file: 'tests/bench/server.bench.ts', results: 'bench-results/server.json' },
  { name: 'sync server: order intake', only: 'intake', file: 'tests/bench/intake.bench.ts', results: 'bench-results/intake.json' },
  { name: 'sync server: pickup arrival to alert', only: 'pickup', file: 'tests/bench/pickup.bench.ts', results: 'bench-results/pickup.json' },
  { name: 'sync server: stock across stores', only: 'stock', file: 'tests/bench/stock-lookup.bench.ts', results: 'bench-results/stock-lookup.json' },
  {
    name: "sync server: a chain's peak (3,000 sync streams, 2 instances, PostgreSQL)",
    only: 'chain',
    file: 'tests/bench/chain-peak.bench.ts',
    results: 'bench-results/chain-peak.json',
  },
] as const;
/** A last resort above the phases' own timeouts: a benchmark stuck outside any phase is stopped too. */
const STEP_TIMEOUT_MS = 60 * 60_000 * Number(process.env.BENCH_TIMEOUT_SCALE ?? 1);

const only = process.env.BENCH_ONLY;
if (only !== undefined && !STEPS.some((s) => s.only === only)) {
  console.error(`BENCH_ONLY must be one of ${[...new Set(STEPS.map((s) => `"${s.only}"`))].join(', ')} (got "${only}")`);
  process.exit(2);
}
const steps = STEPS.filter((s) => only === undefined || s.only === only || (only === 'server' && s.only !== 'tablet'));

/** Runs a benchmark in its own process group, so a stop takes its server processes and browser with it. */
function run(file: string): Promise<{ code: number | null; timedOut: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', file], { stdio: 'inherit', env: process.env, detached: true });
    const stopGroup = () => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* already gone */
      }
    };
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      stopGroup();
    }, STEP_TIMEOUT_MS);
    // Ctrl-C reaches only this process (the benchmark has its own group): pass it on.
    const onSignal = () => {
      stopGroup();
      process.exit(130);
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    child.once('exit', (code) => {
      clearTimeout(timer);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve({ code, timedOut });
    });
  });
}

const started = new Date();
const failed: string[] = [];
const summary: SummaryEntry[] = [];
for (const step of steps) {
  console.log(`\n═══ ${step.name} ═══`);
  const { code, timedOut } = await run(step.file);
  if (timedOut) failed.push(`${step.name}: did not finish within ${Math.round(STEP_TIMEOUT_MS / 60_000)} min; stopped`);
  else if (code !== 0) failed.push(`${step.name}: exited with ${code} (the phase that failed is named above)`);
  else if (existsSync(step.results)) {
    const written = JSON.parse(readFileSync(step.results, 'utf8')) as { date: string; summary?: SummaryEntry[] };
    if (new Date(written.date) >= started) summary.push(...(written.summary ?? []));
  }
}

mkdirSync('bench-results', { recursive: true });
writeFileSync('bench-results/summary.json', JSON.stringify(summary, null, 2));
printTable(
  'Summary (bench-results/summary.json): each figure of this run, its target and the baseline measured beside it',
  summary.map((e) => ({
    figure: e.figure,
    value: `${e.value} ${e.unit}`,
    target: e.target === null ? '—' : `${e.target} ${e.unit}`,
    baseline: e.baseline ?? '',
    met: e.met === null ? '' : e.met ? '✓' : '✗',
  })),
);
for (const failure of failed) console.error(`✗ ${failure}`);
process.exit(failed.length > 0 ? 1 : 0);
