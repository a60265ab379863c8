/**
 * BENCH_NIGHT_TRACE=1: where a tablet's catch-up after a night offline spends its time. The page's pulls and the
 * products' and stock's storage reads and writes (RxDB's `findDocumentsById` and `bulkWrite` on IndexedDB) are
 * timed from the moment the network returns, and printed as one timeline.
 */

/** One timed call: what, how many documents, started and ended in ms from the network's return. */
export interface TracedCall {
  what: string;
  documents: number;
  startMs: number;
  endMs: number;
}

/**
 * Installs the timers in the page (a string: the bench runs under tsx, which would wrap named functions in a helper the
 * page lacks). `window.__catchUpTrace.start()` marks the network's return; `.calls` holds what finished since.
 */
export const INSTALL_CATCH_UP_TRACE = `(() => {
  const trace = { t0: 0, calls: [], start: () => (trace.t0 = performance.now()) };
  window.__catchUpTrace = trace;
  const timed = (what, documents, call) => {
    const start = performance.now();
    return call().finally(() => trace.calls.push({ what, documents, startMs: start - trace.t0, endMs: performance.now() - trace.t0 }));
  };
  const db = window.__vitrine.db;
  for (const name of ['products', 'stock']) {
    const storage = db[name].storageInstance;
    const read = storage.findDocumentsById.bind(storage);
    const write = storage.bulkWrite.bind(storage);
    storage.findDocumentsById = (ids, deleted) => timed(name + ' read', ids.length, () => read(ids, deleted));
    storage.bulkWrite = (rows, context) => timed(name + ' write', rows.length, () => write(rows, context));
  }
  const fetchBefore = window.fetch.bind(window);
  window.fetch = (input, init) => {
    const url = String(input);
    const pull = /\\/sync\\/(\\w+)\\/\\d+\\/pull/.exec(url);
    return pull ? timed(pull[1] + ' pull answered', 0, () => fetchBefore(input, init)) : fetchBefore(input, init);
  };
})()`;

/** The timeline of the products' and stock's calls, in start order, as printed lines. */
export function catchUpTimeline(calls: TracedCall[]): string[] {
  return calls
    .filter((c) => /^(products|stock) /.test(c.what) && c.endMs >= 0)
    .sort((a, b) => a.startMs - b.startMs)
    .map((c) => {
      const docs = c.documents > 0 ? ` ${c.documents} documents,` : '';
      return `  ${c.what.padEnd(22)}${docs} ${Math.round(c.startMs)} → ${Math.round(c.endMs)} ms (${Math.round(c.endMs - c.startMs)} ms)`;
    });
}
