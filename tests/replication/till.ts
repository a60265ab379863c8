import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { completeCashSale, newId, systemClock, type CollectionName, type EnrollResponse, type Product, type Sale } from '../../src/domain/index.js';
import { createVitrineDatabase, type VitrineDatabase } from '../../src/app/db/database.js';
import { countPendingFacts } from '../../src/app/db/pending.js';
import { startReplication, type VitrineReplication } from '../../src/app/db/replication.js';
import { demoAssociateId } from '../../sync-server/demo/staff.js';

/**
 * A till in Node: the PWA's own database and replication code on RxDB's memory storage, talking to a live server
 * through a network we can cut (in-flight requests and open streams break), slow down, re-point at a restarted
 * server, make deliver every push twice, or make lose the answers of pushes the server did receive.
 */
export class Network {
  up = true;
  /** Sends every push twice, as a retry after a lost response would. */
  duplicatePushes = false;
  /** Round-trip delay added to every request, half before it leaves and half before its answer comes back. */
  latencyMs = 0;
  /** Extra delay on push answers only: the server has committed, the till does not know yet. */
  pushAnswerDelayMs = 0;
  /** The next this many pushes reach the server, which commits them, but their answers are lost. */
  losePushAnswers = 0;
  pushesSent = 0;
  private readonly inFlight = new Set<AbortController>();
  constructor(public baseUrl: string) {}

  /** Takes the network down: requests fail, and those in flight (open pull-streams included) break. */
  cut(): void {
    this.up = false;
    for (const abort of this.inFlight) abort.abort(new TypeError('network cut'));
    this.inFlight.clear();
  }

  restore(): void {
    this.up = true;
  }

  fetch = async (input: string, init?: RequestInit): Promise<Response> => {
    if (!this.up) throw new TypeError('fetch failed: network is down');
    const abort = new AbortController();
    init?.signal?.addEventListener('abort', () => abort.abort(init.signal?.reason), { once: true });
    abort.signal.addEventListener('abort', () => this.inFlight.delete(abort), { once: true });
    this.inFlight.add(abort);
    try {
      await this.delay(this.latencyMs / 2, abort.signal);
      const url = input.replace(/^https?:\/\/[^/]+/, this.baseUrl);
      const isPush = init?.method === 'POST' && url.includes('/push');
      if (isPush) {
        this.pushesSent++;
        if (this.duplicatePushes) await (await fetch(url, { ...init, signal: abort.signal })).arrayBuffer();
      }
      const res = await fetch(url, { ...init, signal: abort.signal });
      if (isPush) {
        const body = await res.arrayBuffer();
        if (this.losePushAnswers > 0) {
          this.losePushAnswers--;
          throw new TypeError('fetch failed: connection reset before the answer');
        }
        await this.delay(this.latencyMs / 2 + this.pushAnswerDelayMs, abort.signal);
        return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
      }
      await this.delay(this.latencyMs / 2, abort.signal);
      return res;
    } finally {
      // A streaming body stays cuttable while it is read; the rest are done.
      if (!init?.headers || !JSON.stringify(init.headers).includes('text/event-stream')) this.inFlight.delete(abort);
    }
  };

  private delay(ms: number, signal: AbortSignal): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(resolve, ms);
      signal.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          reject(signal.reason);
        },
        { once: true },
      );
    });
  }
}

/** The demo associate of store S1 who may ring sales (`demoAssociateId(storeId)` for the other stores). */
export const DEMO_ASSOCIATE_ID = demoAssociateId('S1');

/**
 * What a till opens: RxDB's free tier allows 13 open collections per process, and a test runs several tills in one
 * (ARCHITECTURE.md, "Collection budget"). Selling and checking stock needs these two.
 */
export const TILL_COLLECTIONS: readonly CollectionName[] = ['stock', 'sales'];

let tills = 0;

export interface Till {
  db: VitrineDatabase;
  replication: VitrineReplication;
  network: Network;
  enrollment: EnrollResponse;
  sell(items: { product: Product; quantity: number }[]): Promise<Sale>;
  sale(id: string): Promise<Sale | undefined>;
  /** Facts of this till with no outcome yet that are not set aside. */
  pending(): Promise<number>;
  /** Closes the app (replication stopped, database closed) and opens it again on the same storage. */
  reopen(): Promise<void>;
  close(): Promise<void>;
}

export interface OpenTillOptions {
  network?: Network;
  /** Waits for the initial pull before answering (default true). */
  awaitInitial?: boolean;
  retryTime?: number;
}

export async function openTill(enrollment: EnrollResponse, serverUrl: string, options: OpenTillOptions = {}): Promise<Till> {
  const network = options.network ?? new Network(serverUrl);
  const storage = getRxStorageMemory();
  const name = `till${++tills}`;
  const start = async () => {
    const db = await createVitrineDatabase({ storage, name, devMode: true, collections: TILL_COLLECTIONS });
    const replication = startReplication({
      db,
      baseUrl: 'http://server.invalid',
      token: enrollment.token,
      fetch: network.fetch,
      retryTime: options.retryTime ?? 300,
    });
    return { db, replication };
  };
  let current = await start();
  if (options.awaitInitial ?? true) await current.replication.awaitInitialReplication();
  return {
    get db() {
      return current.db;
    },
    get replication() {
      return current.replication;
    },
    network,
    enrollment,
    async sell(items) {
      const sale = completeCashSale({
        store: enrollment.store,
        deviceId: enrollment.deviceId,
        associateId: demoAssociateId(enrollment.storeId),
        lines: items.map(({ product, quantity }) => ({
          sku: product.sku,
          name: product.name,
          quantity,
          unitPrice: product.price.amount,
          taxClass: product.taxClass,
        })),
        cashTendered: items.reduce((a, { product, quantity }) => a + product.price.amount * quantity, 0) + 1_000,
        newId,
        clock: systemClock,
      });
      await current.db.sales.insert(sale);
      return sale;
    },
    async sale(id) {
      return (await current.db.sales.findOne(id).exec())?.toMutableJSON() as Sale | undefined;
    },
    pending: () => countPendingFacts(current.db),
    async reopen() {
      await current.replication.cancel();
      await current.db.close();
      current = await start();
    },
    async close() {
      await current.replication.cancel();
      await current.db.remove();
    },
  };
}

/** Polls until `check` stops throwing (assertions inside), or fails with its last error. */
export async function eventually(check: () => Promise<void> | void, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
