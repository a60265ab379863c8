import { fork, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collections } from '../../src/domain/index.js';
import type { FloodTargetMessage } from './flood-target.js';

/**
 * The attack found on the old server: 30 MB of `[` pushed by an enrolled device held its event loop for seconds and
 * its memory past 1.5 GB. Twenty at once must leave /health answering within 100 ms and memory bounded. The server
 * runs in a process of its own (flood-target.ts) so what is measured is its loop and its memory; everything goes to
 * 127.0.0.1 and lasts a few seconds.
 */
const FLOOD_REQUESTS = 20;
const FLOOD_BYTES = 30 * 1024 * 1024;
const HEALTH_MAX_MS = 100;
const RSS_GROWTH_MAX_BYTES = 300 * 1024 * 1024;

let target: ChildProcess;
let url: string;
let token: string;
const inbox: FloodTargetMessage[] = [];
const waiters: (() => void)[] = [];
let exitCode: number | null | undefined;

async function next<T extends FloodTargetMessage['type']>(type: T): Promise<Extract<FloodTargetMessage, { type: T }>> {
  for (;;) {
    const index = inbox.findIndex((m) => m.type === type);
    if (index >= 0) return inbox.splice(index, 1)[0] as Extract<FloodTargetMessage, { type: T }>;
    if (exitCode !== undefined) throw new Error(`the server process exited (${exitCode}) before answering '${type}'`);
    await new Promise<void>((resolve) => waiters.push(resolve));
  }
}
const wakeAll = () => {
  for (const wake of waiters.splice(0)) wake();
};

beforeAll(async () => {
  target = fork(new URL('./flood-target.ts', import.meta.url), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  target.on('message', (message: FloodTargetMessage) => {
    inbox.push(message);
    wakeAll();
  });
  target.on('exit', (code) => {
    exitCode = code;
    wakeAll();
  });
  ({ url, token } = await next('ready'));
}, 60_000);

afterAll(async () => {
  if (!target?.connected) return;
  target.send({ type: 'close' });
  await next('closed');
});

const peakRss = async () => {
  target.send({ type: 'memory' });
  return (await next('memory')).peakRssBytes;
};

/**
 * Posts `body` to the sales push route; answers its status once the connection is over (the upload sent, or cut by
 * the server after it answered), so the flood lasts as long as the bytes keep coming.
 */
function push(body: Buffer, framing: 'content-length' | 'chunked'): Promise<number | 'cut'> {
  return new Promise((resolve) => {
    let status: number | undefined;
    const req = http.request(`${url}/sync/sales/${collections.sales.version}/push`, {
      method: 'POST',
      agent: false,
      headers: {
        Authorization: `Bearer ${token}`,
        'Content-Type': 'application/json',
        ...(framing === 'chunked' ? { 'Transfer-Encoding': 'chunked' } : { 'Content-Length': String(body.length) }),
      },
    });
    req.on('response', (res) => {
      status = res.statusCode;
      res.resume();
    });
    // The server refuses the rest of an upload it answered: the write fails (EPIPE, ECONNRESET), sometimes before
    // the answer was read.
    req.on('error', () => {});
    req.on('close', () => resolve(status ?? 'cut'));
    req.end(body);
  });
}

function getHealth(agent: http.Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(`${url}/health`, { agent }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode!));
      })
      .on('error', reject);
  });
}

interface FloodRun {
  /** Per request: 413 (declared too large) for even ones, 400 (too deep) for odd (chunked) ones, or 'cut'. */
  answers: (number | 'cut')[];
  healthStatuses: number[];
  healthMaxMs: number;
  rssGrowthBytes: number;
}

/** One flood, /health polled through it and on for a second while the server cuts what is left of the uploads. */
async function floodOnce(brackets: Buffer): Promise<FloodRun> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  await getHealth(agent);
  const rssBefore = await peakRss();
  let flooding = true;
  const flood = Promise.all(Array.from({ length: FLOOD_REQUESTS }, (_, i) => push(brackets, i % 2 === 0 ? 'content-length' : 'chunked'))).finally(
    () => (flooding = false),
  );
  const latencies: number[] = [];
  const healthStatuses = new Set<number>();
  const floodStarted = performance.now();
  while (flooding || performance.now() - floodStarted < 1_000) {
    const started = performance.now();
    healthStatuses.add(await getHealth(agent));
    latencies.push(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const answers = await flood;
  agent.destroy();
  return { answers, healthStatuses: [...healthStatuses], healthMaxMs: Math.max(...latencies), rssGrowthBytes: (await peakRss()) - rssBefore };
}

describe('a flood of deeply nested bodies', () => {
  it(`leaves /health answering within ${HEALTH_MAX_MS} ms and memory bounded while ${FLOOD_REQUESTS} pushes of 30 MB of brackets arrive at once`, async () => {
    const brackets = Buffer.alloc(FLOOD_BYTES, '[');
    // On a machine shared with other work, the scheduler alone can delay one answer past the bound; a server that
    // blocks its loop (JSON.parse of 30 MB takes about a second) misses it in every run, so one clean run in three
    // proves the property. Statuses and memory must hold in every run.
    const runs: FloodRun[] = [];
    while (runs.length < 3 && !runs.some((r) => r.healthMaxMs < HEALTH_MAX_MS)) {
      const run = await floodOnce(brackets);
      runs.push(run);
      expect(run.healthStatuses).toEqual([200]);
      // A refused upload's connection closes after the answer, so a client still writing may see the cut first.
      expect(run.answers.filter((_, i) => i % 2 === 0).every((a) => a === 413 || a === 'cut')).toBe(true);
      expect(run.answers.filter((_, i) => i % 2 === 1).every((a) => a === 400 || a === 'cut')).toBe(true);
      expect(run.answers.filter((a) => a !== 'cut').length).toBeGreaterThan(0);
      expect(run.rssGrowthBytes).toBeLessThan(RSS_GROWTH_MAX_BYTES);
    }
    expect(
      Math.min(...runs.map((r) => r.healthMaxMs)),
      `slowest /health per run: ${runs.map((r) => r.healthMaxMs.toFixed(0)).join(', ')} ms`,
    ).toBeLessThan(HEALTH_MAX_MS);
  }, 60_000);
});
