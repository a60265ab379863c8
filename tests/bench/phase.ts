/**
 * A benchmark never hangs: each phase runs under a timeout and, when one runs out, the benchmark says which phase it
 * was, stops what it started (server processes, subscribers, the browser) and exits non-zero.
 *
 *   BENCH_TIMEOUT_SCALE=2   multiplies every phase's timeout (a slower or busier machine); defaults are generous
 */
export const timeoutScale = Number(process.env.BENCH_TIMEOUT_SCALE ?? 1);
if (!(timeoutScale > 0)) throw new Error(`BENCH_TIMEOUT_SCALE must be a positive number (got "${process.env.BENCH_TIMEOUT_SCALE}")`);

export class PhaseTimeout extends Error {
  constructor(
    readonly phase: string,
    readonly ms: number,
  ) {
    super(`phase "${phase}" did not finish within ${Math.round(ms / 1000)} s (BENCH_TIMEOUT_SCALE=${timeoutScale}); stopped`);
  }
}

/** Runs one phase; rejects with PhaseTimeout when it takes longer than `timeoutMs` × BENCH_TIMEOUT_SCALE. */
export async function phase<T>(name: string, timeoutMs: number, run: () => Promise<T>): Promise<T> {
  const ms = timeoutMs * timeoutScale;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new PhaseTimeout(name, ms)), ms);
  });
  try {
    return await Promise.race([run(), timedOut]);
  } catch (error) {
    // Say where it broke, whatever broke: a timeout names itself, anything else gets the phase's name prefixed.
    if (error instanceof PhaseTimeout || (error instanceof Error && error.message.startsWith('phase "'))) throw error;
    // A broken run explains itself; anything else (a crash) keeps its stack.
    const why = error instanceof Error ? (error.message.startsWith('broken run') ? error.message : (error.stack ?? error.message)) : String(error);
    throw new Error(`phase "${name}" failed: ${why}`);
  } finally {
    clearTimeout(timer);
  }
}

/** What to stop when a benchmark fails: registered by whoever starts a process, a browser or a schema. */
const onFailure = new Set<() => unknown>();

/** Registers a stop for the failure path; call the returned function once the thing was stopped normally. */
export function stopOnFailure(stop: () => unknown): () => void {
  onFailure.add(stop);
  return () => onFailure.delete(stop);
}

/**
 * Runs a benchmark's main: on success returns normally; on failure prints the phase that failed, runs the
 * registered stops (each given a few seconds, as the thing it stops may be what hung) and exits 1.
 */
export async function runBench(main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (error) {
    console.error(`\n✗ ${error instanceof Error ? error.message : String(error)}`);
    for (const stop of [...onFailure].reverse()) {
      await Promise.race([
        Promise.resolve()
          .then(stop)
          .catch(() => undefined),
        new Promise((resolve) => setTimeout(resolve, 5_000)),
      ]);
    }
    process.exit(1);
  }
}
