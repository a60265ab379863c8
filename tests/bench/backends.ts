import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { phase, stopOnFailure } from './phase.js';
import { dropSchema, startInstance, stopInstance, type Instance } from './processes.js';
import type { InstanceOptions } from './server-instance.js';
import type { SummaryEntry } from './summary.js';

export type Backend = 'sqlite' | 'postgres';

/**
 * Runs a single-server benchmark on SQLite, then (with DATABASE_URL) on PostgreSQL in a schema of its own: each time
 * a server seeded with `catalogSize` products in its own process, stopped and its data (files, schema) removed
 * afterwards, also when the benchmark fails.
 */
export async function onEachBackend<R>(
  name: string,
  catalogSize: number,
  timeouts: { seed: number; stop: number },
  bench: (backend: Backend, instance: Instance) => Promise<R>,
): Promise<R[]> {
  const onBackend = async (backend: Backend, options: InstanceOptions, cleanUp: () => Promise<void>): Promise<R> => {
    const label = backend === 'sqlite' ? 'SQLite' : 'PostgreSQL';
    const forget = stopOnFailure(cleanUp);
    console.log(`\n${label}: seeding ${catalogSize} products…`);
    const instance = await phase(`${label}: start and seed the server`, timeouts.seed, () => startInstance(options, `${name}-${backend}`));
    try {
      return await bench(backend, instance);
    } finally {
      await phase(`${label}: stop the server`, timeouts.stop, () => stopInstance(instance));
      await phase(`${label}: clean up`, timeouts.stop, cleanUp);
      forget();
    }
  };

  const results: R[] = [];
  const sqliteDir = mkdtempSync(join(tmpdir(), 'vitrine-bench-'));
  results.push(await onBackend('sqlite', { dataDir: sqliteDir, catalogSize }, async () => rmSync(sqliteDir, { recursive: true, force: true })));
  const databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl) {
    const schema = `vitrine_bench_${randomBytes(6).toString('hex')}`;
    const dataDir = mkdtempSync(join(tmpdir(), 'vitrine-bench-'));
    const cleanUp = async () => {
      rmSync(dataDir, { recursive: true, force: true });
      await dropSchema(databaseUrl, schema);
    };
    results.push(await onBackend('postgres', { dataDir, databaseUrl, databaseSchema: schema, catalogSize }, cleanUp));
  } else console.log('\nPostgreSQL: skipped: no DATABASE_URL');
  return results;
}

/**
 * Prints each backend's figures and writes bench-results/<name>.json: `about` (catalog size, targets), the results
 * and the summary lines `npm run bench` gathers.
 */
export function writeResults<R>(
  name: string,
  about: Record<string, unknown>,
  results: R[],
  summaryOf: (r: R) => SummaryEntry[],
  print: (r: R, entries: SummaryEntry[]) => void,
): void {
  const summary: SummaryEntry[] = [];
  for (const r of results) {
    const entries = summaryOf(r);
    print(r, entries);
    summary.push(...entries);
  }
  mkdirSync('bench-results', { recursive: true });
  writeFileSync(
    `bench-results/${name}.json`,
    JSON.stringify({ date: new Date().toISOString(), node: process.version, ...about, results, summary }, null, 2),
  );
  console.log(`\nwrote bench-results/${name}.json`);
}
