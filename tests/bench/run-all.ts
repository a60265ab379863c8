import { spawnSync } from 'node:child_process';

/**
 * `npm run bench`: the tablet benchmark (catalog sync into Chromium; needs a built PWA, so it builds first) and the
 * sync server benchmark, each in its own process, each writing its bench-results/*.json. Figures, never pass/fail:
 * the exit code is non-zero only when a benchmark could not run.
 *
 *   BENCH_ONLY=tablet|server   run one of them
 *   BENCH_CATALOG_SIZE=100000  catalog size of both (see each file for its other variables)
 *   DATABASE_URL=postgres://…  the server benchmark also runs on PostgreSQL, one and two instances
 */
const only = process.env.BENCH_ONLY;
if (only !== undefined && only !== 'tablet' && only !== 'server') {
  console.error(`BENCH_ONLY must be "tablet" or "server" (got "${only}")`);
  process.exit(2);
}

const steps: { name: string; command: string; args: string[] }[] = [];
if (only !== 'server') {
  steps.push({ name: 'build the PWA', command: 'npx', args: ['vite', 'build'] });
  steps.push({ name: 'tablet: catalog sync', command: 'npx', args: ['tsx', 'tests/bench/catalog-sync.bench.ts'] });
}
if (only !== 'tablet') steps.push({ name: 'sync server', command: 'npx', args: ['tsx', 'tests/bench/server.bench.ts'] });

let failed = 0;
for (const step of steps) {
  console.log(`\n═══ ${step.name} ═══`);
  const { status } = spawnSync(step.command, step.args, { stdio: 'inherit', env: process.env });
  if (status !== 0) {
    console.error(`${step.name}: exited with ${status}`);
    failed++;
    if (step.name === 'build the PWA') break;
  }
}
process.exit(failed > 0 ? 1 : 0);
