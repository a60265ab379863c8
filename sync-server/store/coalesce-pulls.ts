import type { PullPage, PullRange } from './store.js';

/**
 * Runs the pulls asked for in the same tick together. When a push commits, the change feed wakes every SSE subscriber
 * of the stores it changed at once, and each pulls its range of each collection changed:
 * - identical ranges (same partition, same last seq) run once: 500 subscribers were 500 identical queries per push
 *   (tests/bench/server.bench.ts: on PostgreSQL, with a pool of 10, they queued for ~100 ms; on SQLite they ran
 *   synchronously inside the push request before its response);
 * - with `pullMany`, the different ranges of a tick (a sale's `sales` and `stock`, the stores of one group commit) are
 *   one query too: at a chain's peak the queries themselves, sent on loopback sockets, were an instance's largest
 *   cost (ARCHITECTURE, "What a chain's peak costs here").
 *
 * Safe for checkpoints: a pull joins only a query that has not started yet (it starts on the next microtask, after
 * every caller of this tick), so each caller reads a snapshot taken after its own call, never an older one that a
 * commit it was notified of might be missing from. Each caller gets its own arrays.
 */
export function coalescePulls(
  pull: (range: PullRange) => Promise<PullPage>,
  pullMany?: (ranges: readonly PullRange[]) => Promise<PullPage[]>,
): (range: PullRange) => Promise<PullPage> {
  let batch = new Map<string, { range: PullRange; page: Promise<PullPage>; settle: (page: Promise<PullPage>) => void }>();

  const flush = () => {
    // From here on, new callers start a query of their own.
    const taken = [...batch.values()];
    batch = new Map();
    if (taken.length === 1 || !pullMany) {
      for (const wanted of taken) wanted.settle(started(() => pull(wanted.range)));
      return;
    }
    const pages = started(() => pullMany(taken.map((wanted) => wanted.range)));
    for (const [i, wanted] of taken.entries()) wanted.settle(pages.then((all) => all[i]!));
  };

  return (range) => {
    const key = `${range.collection}\u0000${range.storeId}\u0000${range.afterSeq}\u0000${range.limit}`;
    let wanted = batch.get(key);
    if (!wanted) {
      if (batch.size === 0) queueMicrotask(flush);
      let settle!: (page: Promise<PullPage>) => void;
      const page = new Promise<PullPage>((resolve) => (settle = resolve));
      wanted = { range, page, settle };
      batch.set(key, wanted);
    }
    return wanted.page.then((page) => ({ documents: [...page.documents], remaining: page.remaining }));
  };
}

/** A query started now; one that throws before it returns a promise fails its callers, never the microtask. */
function started<T>(query: () => Promise<T>): Promise<T> {
  try {
    return query();
  } catch (error) {
    return Promise.reject(error);
  }
}
