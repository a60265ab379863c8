import { fork, type ChildProcess } from 'node:child_process';
import pg from 'pg';
import { stopOnFailure } from './phase.js';
import type { InstanceOptions, InstanceReply, InstanceRequest } from './server-instance.js';
import type { SubscriberReply, SubscriberRequest } from './sse-subscribers.js';

/**
 * The server benchmarks' child processes: sync server instances (server-instance.ts) and SSE subscribers
 * (sse-subscribers.ts), each on its own event loop, spoken to over IPC one request at a time. A failed benchmark
 * kills them (by pid: they are this process's children) so nothing is left listening.
 *
 *   BENCH_CPU_PROF=1                     server processes run with --cpu-prof (profiles in bench-results/profiles)
 *   BENCH_SERVER_NODE_ARGS="--import ./x.ts"  more node flags for the server processes (e.g. an experiment preload)
 */
export class Child<Req, Rep extends { type: string }> {
  private waiting: ((reply: Rep) => void) | undefined;
  readonly exited: Promise<void>;

  constructor(readonly process: ChildProcess) {
    process.on('message', (reply: Rep) => {
      const w = this.waiting;
      this.waiting = undefined;
      w?.(reply);
    });
    this.exited = new Promise((resolve) => process.once('exit', () => resolve()));
    const forget = stopOnFailure(() => process.kill('SIGKILL'));
    void this.exited.then(forget);
  }

  next(): Promise<Rep> {
    return new Promise((resolve, reject) => {
      this.waiting = (reply) => {
        if (reply.type === 'error') reject(new Error((reply as unknown as { message: string }).message));
        else resolve(reply);
      };
      void this.exited.then(() => reject(new Error('child process exited')));
    });
  }

  async request<T extends Rep['type']>(message: Req, expect: T): Promise<Extract<Rep, { type: T }>> {
    const reply = this.next();
    this.process.send(message as object);
    const r = await reply;
    if (r.type !== expect) throw new Error(`expected ${expect}, got ${r.type}`);
    return r as Extract<Rep, { type: T }>;
  }
}

const tsxArgs = ['--import', 'tsx'];
const cpuProf = process.env.BENCH_CPU_PROF === '1';

export interface Instance {
  url: string;
  startMs: number;
  child: Child<InstanceRequest, InstanceReply>;
}

/** A server instance in its own process: opens (and on first start seeds) the database, then listens. */
export async function startInstance(options: InstanceOptions, name: string): Promise<Instance> {
  const profileArgs = cpuProf ? ['--cpu-prof', '--cpu-prof-dir=bench-results/profiles', `--cpu-prof-name=${name}-${Date.now()}.cpuprofile`] : [];
  const proc = fork(new URL('./server-instance.ts', import.meta.url), [], {
    execArgv: [...tsxArgs, ...profileArgs, ...(process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean)],
    env: { ...process.env, BENCH_INSTANCE: JSON.stringify(options) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const child = new Child<InstanceRequest, InstanceReply>(proc);
  const ready = await child.next();
  if (ready.type !== 'ready') throw new Error(`instance did not start: ${JSON.stringify(ready)}`);
  return { url: ready.url, startMs: ready.startMs, child };
}

export async function stopInstance(instance: Instance): Promise<void> {
  await instance.child.request({ type: 'close' }, 'closed');
  await instance.child.exited;
}

export type Subscribers = Child<SubscriberRequest, SubscriberReply>;

export function startSubscribers(): Subscribers {
  const proc = fork(new URL('./sse-subscribers.ts', import.meta.url), [], { execArgv: tsxArgs, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Child<SubscriberRequest, SubscriberReply>(proc);
}

export async function stopSubscribers(subscribers: Subscribers): Promise<void> {
  subscribers.process.send({ type: 'close' } satisfies SubscriberRequest);
  await subscribers.exited;
}

/** Drops a PostgreSQL benchmark's own schema (vitrine_bench_…) at the end, or after a failure. */
export async function dropSchema(databaseUrl: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).finally(() => client.end());
}
