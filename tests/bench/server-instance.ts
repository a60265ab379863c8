import { newId, stockLevelId, systemClock, type EnrollResponse, type Order, type StockLevel } from '../../src/domain/index.js';
import { enrollDevice, mintEnrollmentCode } from '../../sync-server/auth/enrollment.js';
import { createIntegration } from '../../sync-server/integrations/registry.js';
import { silentLogger } from '../../sync-server/logger.js';
import { startServer } from '../../sync-server/main.js';
import { outboxCounts } from '../../sync-server/outbox/inspect.js';
import { queryRows } from '../../sync-server/outbox/sql.js';

/**
 * One sync server instance in its own process, for the server benchmark: the load generator and the SSE
 * subscribers then never share an event loop (or a CPU profile) with the server they measure. Started by
 * `fork()` from server.bench.ts with its options in BENCH_INSTANCE (JSON); talks over IPC:
 *
 *   ← {type:'ready', url}
 *   → {type:'enroll', storeIds}            ← {type:'enrolled', devices}   (through the store: no enrollment rate limit)
 *   → {type:'verify', sales:[{id, storeId, lines:[sku…]}]}  ← {type:'verified', …}
 *   → {type:'integration', name}           ← {type:'integration', apiKey}  (every scope, every store, as `npm run api-key`)
 *   → {type:'levels', storeId, skus}       ← {type:'levels', levels:[{sku, available, reserved}]}
 *   → {type:'verifyOrders', orders:[…]}    ← {type:'ordersVerified', problems:[…], …}
 *   → {type:'pickupTokens', orderIds}      ← {type:'pickupTokens', tokens:[[orderId, token]…]}  (what the ready mail links to)
 *   → {type:'outboxPending'}               ← {type:'outboxPending', pending, waitingForWebhookUrl}
 *   → {type:'verifyArrivals', orderIds}    ← {type:'arrivalsVerified', problems:[…], …}
 *   → {type:'drain'}                       ← {type:'drained'}  (once every write queued before it has committed)
 *   → {type:'close'}                       ← {type:'closed'} then exit
 * It exits by itself when the benchmark that started it goes away (the IPC channel closes).
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
  | { type: 'integration'; name: string }
  | { type: 'levels'; storeId: string; skus: string[] }
  | { type: 'verifyOrders'; orders: PlacedOrder[] }
  | { type: 'pickupTokens'; orderIds: string[] }
  | { type: 'outboxPending' }
  | { type: 'verifyArrivals'; orderIds: string[] }
  | { type: 'drain' }
  | { type: 'close' };

/** An order as the benchmark posted it and the server answered it. */
export interface PlacedOrder {
  id: string;
  storeId: string;
  lines: { lineNo: number; sku: string; quantity: number }[];
}

export interface LevelFigures {
  sku: string;
  available: number;
  reserved: number;
}

export type InstanceReply =
  | { type: 'ready'; url: string; startMs: number }
  | { type: 'enrolled'; devices: EnrollResponse[] }
  | { type: 'verified'; sales: number; accepted: number; lines: number; movements: number; matched: number; ms: number }
  | { type: 'integration'; apiKey: string }
  | { type: 'levels'; levels: LevelFigures[] }
  | {
      type: 'ordersVerified';
      orders: number;
      stored: number;
      lines: number;
      /** Reservation movements of these orders in the ledger (duplicates included) and those matching a line exactly. */
      movements: number;
      matched: number;
      /** What is wrong, e.g. "order X line 2: reserved 0 of 1"; empty when every order holds its units. */
      problems: string[];
      ms: number;
    }
  | { type: 'pickupTokens'; tokens: [string, string][] }
  | { type: 'outboxPending'; pending: number; waitingForWebhookUrl: number }
  | {
      type: 'arrivalsVerified';
      orders: number;
      /** Orders stored as customer_waiting with their arrival recorded. */
      waiting: number;
      /** `order.customer_arrived` webhook rows in the outbox for these orders (one each: to the integration that sent it). */
      arrivedEvents: number;
      problems: string[];
    }
  | { type: 'drained' }
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

let closing = false;
// The benchmark died (or was killed on a timeout): do not stay behind listening.
process.on('disconnect', () => {
  if (!closing) process.exit(1);
});

process.on('message', (message: InstanceRequest) => {
  void handle(message).catch((error: unknown) =>
    send({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
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
    case 'integration': {
      const { apiKey } = await createIntegration(store, { name: message.name }, { clock: systemClock, newId });
      send({ type: 'integration', apiKey });
      return;
    }
    case 'levels': {
      const levels: LevelFigures[] = [];
      for (let i = 0; i < message.skus.length; i += 500) {
        const ids = message.skus.slice(i, i + 500).map((sku) => stockLevelId(message.storeId, sku));
        for (const doc of await store.getDocuments('stock', ids)) {
          const level = JSON.parse(doc.body) as StockLevel;
          levels.push({ sku: level.sku, available: level.available, reserved: level.reserved });
        }
      }
      send({ type: 'levels', levels });
      return;
    }
    case 'verifyOrders': {
      send({ type: 'ordersVerified', ...(await verifyOrders(message.orders)) });
      return;
    }
    case 'pickupTokens': {
      const orders = await readOrders(message.orderIds);
      const tokens: [string, string][] = [];
      for (const id of message.orderIds) {
        const token = orders.get(id)?.pickupToken;
        if (!token) throw new Error(`order ${id} has no pickup token (is it ready?)`);
        tokens.push([id, token]);
      }
      send({ type: 'pickupTokens', tokens });
      return;
    }
    case 'outboxPending': {
      const { pending, waitingForWebhookUrl } = await outboxCounts(store);
      send({ type: 'outboxPending', pending, waitingForWebhookUrl });
      return;
    }
    case 'verifyArrivals': {
      send({ type: 'arrivalsVerified', ...(await verifyArrivals(message.orderIds)) });
      return;
    }
    case 'drain': {
      // Transactions run in arrival order: an empty one commits after every push already received.
      await store.transaction(async () => undefined);
      send({ type: 'drained' });
      return;
    }
    case 'close': {
      closing = true;
      await running.close();
      send({ type: 'closed' });
      process.disconnect();
      return;
    }
  }
}

/**
 * Every posted order is stored as answered, each line holds its whole quantity (the benchmark orders only what the
 * store has), and the ledger has exactly one `reservation` movement per line, of that quantity, under the id the
 * intake gives it (`${orderId}:reserve:${lineNo}`).
 */
async function verifyOrders(posted: PlacedOrder[]) {
  const t0 = performance.now();
  const store = running.store;
  const problems: string[] = [];
  const stored = new Map<string, Order>();
  const ids = posted.map((o) => o.id);
  for (let i = 0; i < ids.length; i += 500) {
    for (const doc of await store.getDocuments('orders', ids.slice(i, i + 500))) stored.set(doc.id, JSON.parse(doc.body) as Order);
  }
  const expected = new Map<string, number>(); // movement id → quantity
  const pairs = new Set<string>();
  for (const order of posted) {
    const saved = stored.get(order.id);
    if (!saved) problems.push(`order ${order.id} is not stored`);
    for (const line of order.lines) {
      expected.set(`${order.id}:reserve:${line.lineNo}`, line.quantity);
      pairs.add(`${order.storeId}\u0000${line.sku}`);
      const savedLine = saved?.lines.find((l) => l.lineNo === line.lineNo);
      if (saved && savedLine?.reserved !== line.quantity) {
        problems.push(`order ${order.id} line ${line.lineNo} (${line.sku}): reserved ${savedLine?.reserved} of ${line.quantity}`);
      }
    }
  }
  const orderIds = new Set(ids);
  let movements = 0;
  const matched = new Set<string>();
  for (const pair of pairs) {
    const [storeId, sku] = pair.split('\u0000') as [string, string];
    for (const m of await store.movementsFor(storeId, sku)) {
      if (m.reason !== 'reservation' || !orderIds.has(m.sourceId)) continue;
      movements++;
      if (expected.get(m.id) === m.quantity) matched.add(m.id);
    }
  }
  for (const id of expected.keys()) if (!matched.has(id)) problems.push(`reservation ${id} is missing from the ledger (or of another quantity)`);
  if (movements !== expected.size) problems.push(`${movements} reservation movements for ${expected.size} lines`);
  return {
    orders: posted.length,
    stored: stored.size,
    lines: expected.size,
    movements,
    matched: matched.size,
    problems: problems.slice(0, 20),
    ms: performance.now() - t0,
  };
}

async function readOrders(ids: string[]): Promise<Map<string, Order>> {
  const orders = new Map<string, Order>();
  for (let i = 0; i < ids.length; i += 500) {
    for (const doc of await running.store.getDocuments('orders', ids.slice(i, i + 500))) orders.set(doc.id, JSON.parse(doc.body) as Order);
  }
  return orders;
}

/**
 * Every order the customers checked in at is stored as customer_waiting with its arrival, and the platform that sent
 * it gets exactly one `order.customer_arrived` (pressing again records nothing).
 */
async function verifyArrivals(orderIds: string[]) {
  const problems: string[] = [];
  const orders = await readOrders(orderIds);
  let waiting = 0;
  for (const id of orderIds) {
    const order = orders.get(id);
    if (order?.state === 'customer_waiting' && order.customerArrivedAt !== null) waiting++;
    else problems.push(`order ${id} is ${order ? `${order.state} (arrived at ${order.customerArrivedAt})` : 'missing'}, not customer_waiting`);
  }
  const events = await queryRows<{ aggregate_id: string }>(
    running.store.sql,
    "SELECT aggregate_id FROM outbox WHERE channel = 'webhook' AND type = 'order.customer_arrived'",
  );
  const wanted = new Set(orderIds);
  const perOrder = new Map<string, number>();
  for (const e of events) if (wanted.has(e.aggregate_id)) perOrder.set(e.aggregate_id, (perOrder.get(e.aggregate_id) ?? 0) + 1);
  for (const id of orderIds) {
    const n = perOrder.get(id) ?? 0;
    if (n !== 1) problems.push(`order ${id}: ${n} order.customer_arrived events in the outbox`);
  }
  const arrivedEvents = [...perOrder.values()].reduce((a, b) => a + b, 0);
  return { orders: orderIds.length, waiting, arrivedEvents, problems: problems.slice(0, 20) };
}
