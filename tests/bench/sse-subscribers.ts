import { setMaxListeners } from 'node:events';
import { get, type IncomingMessage } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createParser } from 'eventsource-parser';

/**
 * Many SSE subscribers (GET /sync/{collection}/{version}/pull-stream, or the multiplexed /sync/stream, over
 * node:http) in their own process, so reading hundreds of streams neither slows the pusher nor is slowed by it.
 * Records, per stream, the wall-clock time (performance.timeOrigin + now(), comparable across processes of one
 * machine) at which each document id first arrived. Started by `fork()` from server.bench.ts; IPC:
 *
 *   → {type:'open', streams:[{url, token, path?, tag?}], path}   ← {type:'connected', count, ms}   (a stream's own path, else `path`)
 *
 * A stream with a `tag` (a document field, e.g. 'state') records each document that has that field by
 * `${id}:${doc[tag]}`, so a later change of the field (an order becoming customer_waiting) counts as its own arrival;
 * documents without it (stock levels on the same multiplexed stream) by id.
 *   → {type:'report'}                                ← {type:'report', receipts, loopDelay, cpu}
 *   → {type:'close'}                                 (aborts every stream, exits)
 */
export type SubscriberRequest =
  | { type: 'open'; streams: { url: string; token: string; path?: string; tag?: string }[]; path: string }
  | { type: 'report' }
  | { type: 'close' };

export type SubscriberReply =
  | { type: 'connected'; count: number; failed: number; ms: number }
  | {
      type: 'report';
      /** Per stream: [document id, first receipt time (ms since the epoch, fractional)][] */
      receipts: [string, number][][];
      events: number;
      resyncs: number;
      /** Event-loop delay of this process while the streams were read (ms): is the client the bottleneck? */
      loopDelay: { p50: number; p99: number; max: number };
      /** CPU time of this process (user + system, ms) and wall time since the streams opened. */
      cpuMs: number;
      wallMs: number;
    }
  | { type: 'error'; message: string };

const now = () => performance.timeOrigin + performance.now();
const send = (reply: SubscriberReply) => process.send!(reply);

const abort = new AbortController();
// One signal closes every stream this process holds (hundreds): Node would warn past 10 listeners.
setMaxListeners(0, abort.signal);
const receipts: Map<string, number>[] = [];
let events = 0;
let resyncs = 0;
const loop = monitorEventLoopDelay({ resolution: 5 });
let cpuStart = process.cpuUsage();
let wallStart = performance.now();

async function openStream(index: number, url: string, token: string, path: string, tag: string | undefined): Promise<void> {
  const seen = new Map<string, number>();
  receipts[index] = seen;
  // node:http, not fetch: the subscribers share the instances' two cores, and web streams cost several times the CPU.
  const res = await new Promise<IncomingMessage>((resolve, reject) => {
    const req = get(`${url}${path}`, { headers: { Authorization: `Bearer ${token}` }, signal: abort.signal }, resolve);
    req.on('error', reject);
  });
  if (res.statusCode !== 200) {
    res.resume();
    throw new Error(`pull-stream ${res.statusCode}`);
  }
  let connected!: () => void;
  const isConnected = new Promise<void>((resolve) => (connected = resolve));
  const parser = createParser({
    onEvent: (event) => {
      const at = now();
      events++;
      if (event.data === '"RESYNC"') return void resyncs++;
      const body = JSON.parse(event.data) as { documents: ({ id: string } & Record<string, unknown>)[] };
      for (const doc of body.documents) {
        const key = tag === undefined || doc[tag] === undefined ? doc.id : `${doc.id}:${String(doc[tag])}`;
        if (!seen.has(key)) seen.set(key, at);
      }
    },
    onComment: (comment) => {
      if (comment.includes('connected')) connected();
    },
  });
  res.setEncoding('utf8');
  res.on('data', (text: string) => parser.feed(text));
  res.on('error', () => {
    /* aborted at the end */
  });
  await isConnected;
}

// The benchmark went away (or was stopped on a timeout): so do its streams.
process.on('disconnect', () => process.exit(0));

process.on('message', (message: SubscriberRequest) => {
  void (async () => {
    switch (message.type) {
      case 'open': {
        const t0 = performance.now();
        // In waves of 50: 500 simultaneous connects would mostly measure the accept queue.
        let failed = 0;
        for (let i = 0; i < message.streams.length; i += 50) {
          const wave = message.streams
            .slice(i, i + 50)
            .map(({ url, token, path, tag }, j) => openStream(i + j, url, token, path ?? message.path, tag).catch(() => void failed++));
          await Promise.all(wave);
        }
        loop.enable();
        cpuStart = process.cpuUsage();
        wallStart = performance.now();
        send({ type: 'connected', count: message.streams.length - failed, failed, ms: performance.now() - t0 });
        return;
      }
      case 'report': {
        loop.disable();
        const cpu = process.cpuUsage(cpuStart);
        send({
          type: 'report',
          receipts: receipts.map((m) => [...m.entries()]),
          events,
          resyncs,
          loopDelay: { p50: loop.percentile(50) / 1e6, p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 },
          cpuMs: (cpu.user + cpu.system) / 1000,
          wallMs: performance.now() - wallStart,
        });
        return;
      }
      case 'close': {
        abort.abort();
        process.disconnect(); // and the disconnect handler exits
        return;
      }
    }
  })().catch((error: unknown) => send({ type: 'error', message: String(error) }));
});
