import { newId, systemClock, type EnrollResponse } from '../../src/domain/index.js';
import { enrollDevice, mintEnrollmentCode } from '../../sync-server/auth/enrollment.js';
import { silentLogger } from '../../sync-server/logger.js';
import { startServer } from '../../sync-server/main.js';

/**
 * One sync server instance in its own process, for the server benchmark: the load generator and the SSE
 * subscribers then never share an event loop (or a CPU profile) with the server they measure. Started by
 * `fork()` from server.bench.ts with its options in BENCH_INSTANCE (JSON); talks over IPC:
 *
 *   ← {type:'ready', url}
 *   → {type:'enroll', storeIds}            ← {type:'enrolled', devices}   (through the store: no enrollment rate limit)
 *   → {type:'verify', sales:[{id, storeId, lines:[sku…]}]}  ← {type:'verified', …}
 *   → {type:'close'}                       ← {type:'closed'} then exit
 */
export interface InstanceOptions {
  dataDir: string;
  databaseUrl?: string;
  databaseSchema?: string;
  databasePoolSize?: number;
  catalogSize: number;
}

export type InstanceRequest =
  | { type: 'enroll'; storeIds: string[] }
  | { type: 'verify'; sales: { id: string; storeId: string; lines: { lineNo: number; sku: string }[] }[] }
  | { type: 'close' };

export type InstanceReply =
  | { type: 'ready'; url: string; startMs: number }
  | { type: 'enrolled'; devices: EnrollResponse[] }
  | { type: 'verified'; sales: number; accepted: number; lines: number; movements: number; matched: number; ms: number }
  | { type: 'closed' }
  | { type: 'error'; message: string };

const send = (reply: InstanceReply) => process.send!(reply);

const options = JSON.parse(process.env.BENCH_INSTANCE ?? '{}') as InstanceOptions;
const started = performance.now();
const running = await startServer({
  port: 0,
  host: '127.0.0.1',
  dataDir: options.dataDir,
  databaseUrl: options.databaseUrl,
  databaseSchema: options.databaseSchema,
  databasePoolSize: options.databasePoolSize,
  catalogSize: options.catalogSize,
  logger: silentLogger,
});
send({ type: 'ready', url: running.url, startMs: performance.now() - started });

process.on('message', (message: InstanceRequest) => {
  void handle(message).catch((error: unknown) => send({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) }));
});

async function handle(message: InstanceRequest): Promise<void> {
  const store = running.store;
  switch (message.type) {
    case 'enroll': {
      const devices: EnrollResponse[] = [];
      for (const [i, storeId] of message.storeIds.entries()) {
        const { code } = await mintEnrollmentCode(store, storeId, { clock: systemClock });
        devices.push(await enrollDevice(store, { code, name: `Bench till ${i + 1}` }, { clock: systemClock, newId }));
      }
      send({ type: 'enrolled', devices });
      return;
    }
    case 'verify': {
      const t0 = performance.now();
      // Every sale stored with an accepted outcome…
      let accepted = 0;
      const ids = message.sales.map((s) => s.id);
      for (let i = 0; i < ids.length; i += 500) {
        for (const doc of await store.getDocuments('sales', ids.slice(i, i + 500))) {
          if ((JSON.parse(doc.body) as { outcome?: { status?: string } }).outcome?.status === 'accepted') accepted++;
        }
      }
      // …and exactly one `sale` movement per line in the ledger (movement id `${saleId}:${lineNo}`).
      const expected = new Set<string>();
      const pairs = new Set<string>();
      for (const sale of message.sales) {
        for (const line of sale.lines) {
          expected.add(`${sale.id}:${line.lineNo}`);
          pairs.add(`${sale.storeId}\u0000${line.sku}`);
        }
      }
      const saleIds = new Set(ids);
      let movements = 0; // every `sale` movement of these sales (duplicates included)
      const matched = new Set<string>(); // distinct expected movement ids found
      for (const pair of pairs) {
        const [storeId, sku] = pair.split('\u0000') as [string, string];
        for (const m of await store.movementsFor(storeId, sku)) {
          if (m.reason !== 'sale' || !saleIds.has(m.sourceId)) continue;
          movements++;
          if (expected.has(m.id)) matched.add(m.id);
        }
      }
      send({ type: 'verified', sales: ids.length, accepted, lines: expected.size, movements, matched: matched.size, ms: performance.now() - t0 });
      return;
    }
    case 'close': {
      await running.close();
      send({ type: 'closed' });
      process.disconnect();
      return;
    }
  }
}
