import { newId, stockLevelId, type EnrollResponse, type Fact, type Order, type PickupFact, type StockLevel } from '../../src/domain/index.js';
import { pickupIntake } from '../../src/domain/testing/orders.js';
import { queryRows } from '../../sync-server/outbox/sql.js';
import { syncClient } from './client.js';
import type { TestServer } from './harness.js';

/**
 * Pickup tests' helpers over a real test server: online orders posted through the integration API, pickup facts
 * pushed by enrolled devices, and reads of what the server really stored (order, levels, facts, outbox).
 * Demo staff of every store: 2001 pickup "Bruno Lima", 1001 associate "Ana Souza", 9001 manager "Carla Mendes".
 */
export const PICKUP = 'S1-2001';
export const ASSOCIATE = 'S1-1001';
export const MANAGER = 'S1-9001';

export function pickupWorld(server: TestServer, apiKey: string) {
  let cursor = 0;
  const read = async <T>(collection: string, id: string) => JSON.parse((await server.store.getDocument(collection, id))!.body) as T;

  /** Products S1 has at least `min` units available of, each used by one order only. */
  async function freshSkus(count: number, min = 3) {
    const found = [];
    while (found.length < count && cursor < server.products.length) {
      const product = server.products[cursor++]!;
      const doc = await server.store.getDocument('stock', stockLevelId('S1', product.sku));
      if (doc && (JSON.parse(doc.body) as StockLevel).available >= min) found.push(product);
    }
    if (found.length < count) throw new Error('catalog too small for this test file');
    return found;
  }

  return {
    /** An S1 order posted through POST /api/orders: `items` units of fresh SKUs (curbside); paid, or a boleto still pending. */
    async postOrder(items: number[] = [2, 1], { pendingPayment = false } = {}): Promise<Order> {
      const products = await freshSkus(items.length);
      const intake = pickupIntake(
        'S1',
        products.map((p, i) => ({ sku: p.sku, quantity: items[i]!, unitPrice: p.price.amount })),
        { fulfilment: { type: 'pickup', storeId: 'S1', mode: 'curbside', promisedAt: '2026-11-23T16:00:00-03:00' } },
      );
      const input = pendingPayment
        ? { ...intake, payments: intake.payments.map((p) => ({ ...p, method: 'boleto' as const, status: 'pending' as const })) }
        : intake;
      const res = await fetch(`${server.url}/api/orders`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/json', 'Idempotency-Key': newId() },
        body: JSON.stringify(input),
      });
      if (res.status !== 201) throw new Error(`order intake: ${res.status} ${await res.text()}`);
      return (await res.json()) as Order;
    },
    fact<K extends PickupFact['kind']>(
      device: EnrollResponse,
      kind: K,
      order: Pick<Order, 'id'>,
      payload: Extract<PickupFact, { kind: K }>['payload'],
      associateId = PICKUP,
    ): Fact {
      return {
        id: newId(),
        kind,
        storeId: device.storeId,
        deviceId: device.deviceId,
        associateId,
        createdAtDevice: new Date().toISOString(),
        subjectId: order.id,
        payload,
      };
    },
    push: (device: EnrollResponse, ...facts: Fact[]) =>
      syncClient(server.url, device.token).push(
        'facts',
        facts.map((f) => ({ assumedMasterState: null, newDocumentState: f })),
      ),
    order: (id: string) => read<Order>('orders', id),
    level: (sku: string) => read<StockLevel>('stock', stockLevelId('S1', sku)),
    outcome: async (f: Fact) => (await read<Fact>('facts', f.id)).outcome,
    outbox: (orderId: string) =>
      queryRows<{ channel: string; type: string; sequence: number; payload: string }>(
        server.store.sql,
        'SELECT channel, type, sequence, payload FROM outbox WHERE aggregate_id = ? ORDER BY channel, sequence',
        [orderId],
      ),
    movements: (sku: string) => server.store.movementsFor('S1', sku),
  };
}
