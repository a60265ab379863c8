import type { PullPage, PullRange } from './store.js';

/**
 * Runs identical pulls asked for in the same tick once. When a push commits, the change feed wakes every SSE
 * subscriber of the store at once and each one pulls the same range (same partition, same last seq): 500 subscribers
 * were 500 identical queries per push (measured by tests/bench/server.bench.ts: on PostgreSQL, with a pool of 10,
 * they queue for ~100 ms; on SQLite they run synchronously inside the push request before its response).
 *
 * Safe for checkpoints: a pull joins only a query that has not started yet (it starts on the next microtask, after
 * every caller of this tick), so each caller reads a snapshot taken after its own call, never an older one that a
 * commit it was notified of might be missing from. Each caller gets its own arrays.
 */
export function coalescePulls(pull: (range: PullRange) => Promise<PullPage>): (range: PullRange) => Promise<PullPage> {
  const pending = new Map<string, Promise<PullPage>>();
  return (range) => {
    const key = `${range.collection}\u0000${range.storeId}\u0000${range.afterSeq}\u0000${range.limit}`;
    let shared = pending.get(key);
    if (!shared) {
      shared = Promise.resolve().then(() => {
        // From here on, new callers start a query of their own.
        pending.delete(key);
        return pull(range);
      });
      pending.set(key, shared);
    }
    return shared.then((page) => ({ documents: [...page.documents], remaining: page.remaining }));
  };
}
