import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  acceptFact,
  acceptOrder,
  defineFactKind,
  DomainError,
  ErrorCode,
  newId,
  orderLookupKey,
  OrderIntakeSchema,
  rejectFact,
  SkuSchema,
  type EnrollResponse,
  type Fact,
  type FactOfKind,
  type Order,
  type StockLevel,
} from '../../src/domain/index.js';
import { pickupIntake } from '../../src/domain/testing/orders.js';
import { registerFactKind } from '../../sync-server/facts/kinds.js';
import type { FactPolicy } from '../../sync-server/facts/policy.js';
import { queryRows } from '../../sync-server/outbox/sql.js';
import { syncClient } from './client.js';
import { startTestServer, type TestServer } from './harness.js';

/**
 * A new feature is a registry entry, a schema, a pure decision and a policy: these two throw-away kinds are nothing
 * more, handed to a real server (createApp's `factKinds`), and the engine does the rest on SQLite and PostgreSQL.
 */

// `test.take`: units taken out of stock (a stock effect, shown on the device while pending), refused beyond what
// is available.
const take = defineFactKind({
  kind: 'test.take',
  subject: SkuSchema,
  payload: z.object({ quantity: z.int().min(1).max(100) }),
  movements: (f, _stock, at) => [
    { id: `${f.id}:1`, storeId: f.storeId, sku: f.subjectId, quantity: -f.payload.quantity, reason: 'adjustment', sourceId: f.id, recordedAt: at },
  ],
});
const takePolicy: FactPolicy<FactOfKind<typeof take>> = {
  load: (facts) => ({ levels: facts.map((f) => ({ storeId: f.storeId, sku: f.subjectId })) }),
  decide(fact, state, decidedAt) {
    const available = state.level(fact.storeId, fact.subjectId)?.available ?? 0;
    if (available < fact.payload.quantity) return rejectFact(new DomainError(ErrorCode.VALIDATION_FAILED, `only ${available} available`));
    return acceptFact({ movements: take.movements!(fact, state, decidedAt) });
  },
};

// `test.start-picking`: an order found by its number (a lookup key) moves from new to picking (a document effect),
// and the customer gets a mail (an outbox effect).
const startPicking = defineFactKind({ kind: 'test.start-picking', subject: z.string().min(1).max(40), payload: z.object({}) });
const startPickingPolicy: FactPolicy<FactOfKind<typeof startPicking>> = {
  load: (facts) => ({ keys: { orders: { number: facts.map((f) => orderLookupKey.number(f.subjectId)) } } }),
  decide(fact, state, decidedAt) {
    const [order] = state.documentsByKey('orders', 'number', orderLookupKey.number(fact.subjectId));
    if (!order || order.storeId !== fact.storeId)
      return rejectFact(new DomainError(ErrorCode.NOT_FOUND, `no order ${fact.subjectId} for this store`));
    if (order.state !== 'new') return rejectFact(new DomainError(ErrorCode.ORDER_NOT_CANCELLABLE, `order ${order.number} is already ${order.state}`));
    return acceptFact({
      documents: [{ collection: 'orders', body: { ...order, state: 'picking', pickingAt: decidedAt, updatedAt: decidedAt } }],
      events: [
        {
          kind: 'mail',
          to: order.customer.email,
          subject: `Order ${order.number}`,
          text: 'We are picking your order.',
          aggregateType: 'order',
          aggregateId: order.id,
        },
      ],
    });
  },
};

// `test.rename-product`: a kind whose effect would write the catalog, which pushes read before the seq lock
// (facts/load.ts prefetchCatalog): the engine must refuse it rather than race the facts deciding on the catalog.
const renameProduct = defineFactKind({ kind: 'test.rename-product', subject: SkuSchema, payload: z.object({ name: z.string().min(1) }) });
const renameProductPolicy: FactPolicy<FactOfKind<typeof renameProduct>> = {
  load: (facts) => ({ documents: { products: facts.map((f) => f.subjectId) } }),
  decide(fact, state) {
    const product = state.document('products', fact.subjectId);
    if (!product) return rejectFact(new DomainError(ErrorCode.NOT_FOUND, `no product ${fact.subjectId}`));
    return acceptFact({ documents: [{ collection: 'products', body: { ...product, name: fact.payload.name } }] });
  },
};

let server: TestServer;
let till: EnrollResponse;
beforeAll(async () => {
  server = await startTestServer({
    catalogSize: 20,
    factKinds: [
      registerFactKind(take, takePolicy),
      registerFactKind(startPicking, startPickingPolicy),
      registerFactKind(renameProduct, renameProductPolicy),
    ],
  });
  till = await server.enrollDevice('S1', 'Pickup counter');
});
afterAll(() => server.close());

const fact = (kind: string, subjectId: string, payload: Record<string, unknown> = {}): Fact => ({
  id: newId(),
  kind,
  storeId: 'S1',
  deviceId: till.deviceId,
  associateId: 'S1-1001',
  createdAtDevice: new Date().toISOString(),
  subjectId,
  payload,
});
const push = (...facts: Fact[]) =>
  syncClient(server.url, till.token).push(
    'facts',
    facts.map((f) => ({ assumedMasterState: null, newDocumentState: f })),
  );
const outcomeOf = async (f: Fact) => (JSON.parse((await server.store.getDocument('facts', f.id))!.body) as Fact).outcome;
const level = async (sku: string) => JSON.parse((await server.store.getDocument('stock', `S1:${sku}`))!.body) as StockLevel;
const orderOf = async (id: string) => JSON.parse((await server.store.getDocument('orders', id))!.body) as Order;
const mailsAbout = async (orderId: string) =>
  (
    await queryRows<{ n: number | string }>(server.store.sql, "SELECT count(*) AS n FROM outbox WHERE channel = 'mail' AND aggregate_id = ?", [
      orderId,
    ])
  )[0]!.n;

async function seedOrder(): Promise<Order> {
  const product = server.products[0]!;
  const intake = OrderIntakeSchema.parse(pickupIntake('S1', [{ sku: product.sku, quantity: 1, unitPrice: product.price.amount }]));
  const at = new Date().toISOString();
  const accepted = acceptOrder(intake, {
    id: newId(),
    integrationId: 'test',
    at,
    productsBySku: new Map([[product.sku, product]]),
    pickupStore: till.store,
  });
  if (!accepted.ok) throw accepted.error;
  await server.store.transaction((tx) => tx.putDocuments([{ collection: 'orders', id: accepted.value.id, storeId: 'S1', body: accepted.value }]));
  return accepted.value;
}

describe('a fact kind added with only its registry entry, schema and policy', () => {
  it('is accepted with its stock effect, or rejected with its reason; two facts of one push see each other’s effects', async () => {
    const sku = server.products[1]!.sku;
    const { available, onHand } = await level(sku);
    const all = fact('test.take', sku, { quantity: available });
    const oneMore = fact('test.take', sku, { quantity: 1 });

    expect((await push(all, oneMore)).status).toBe(200);
    expect(await outcomeOf(all)).toMatchObject({ status: 'accepted' });
    expect(await outcomeOf(oneMore)).toMatchObject({ status: 'rejected', code: 'VALIDATION_FAILED', message: 'only 0 available' });
    expect(await level(sku)).toMatchObject({ onHand: onHand - available, available: 0 });
  });

  it('validates the payload with the kind’s own schema', async () => {
    const res = await push(fact('test.take', server.products[2]!.sku, { quantity: 0 }));
    expect(res.status).toBe(400);
    expect(res.body.error.fieldErrors).toEqual([expect.objectContaining({ path: '0.newDocumentState.payload.quantity' })]);
  });

  it('writes its documents and outbox events with the fact, once: a repeat changes nothing, a second fact sees the first one’s document', async () => {
    const order = await seedOrder();
    const start = fact('test.start-picking', order.number.toLowerCase());
    const again = fact('test.start-picking', order.number);
    const elsewhere = fact('test.start-picking', 'WEB-NO-SUCH-ORDER');

    expect((await push(start, again, elsewhere)).status).toBe(200);
    expect(await outcomeOf(start)).toMatchObject({ status: 'accepted' });
    expect(await outcomeOf(again)).toMatchObject({ status: 'rejected', message: `order ${order.number} is already picking` });
    expect(await outcomeOf(elsewhere)).toMatchObject({ status: 'rejected', code: 'NOT_FOUND' });
    const picked = await orderOf(order.id);
    expect(picked).toMatchObject({ state: 'picking', pickingAt: (await outcomeOf(start))!.decidedAt });
    expect(Number(await mailsAbout(order.id))).toBe(1);

    // The same push again (a retry after a lost answer): nothing is decided or written a second time.
    const seq = (await server.store.getDocument('orders', order.id))!.seq;
    const retry = await push(start, again, elsewhere);
    expect(retry.status).toBe(200);
    expect(retry.body.map((d: Fact) => d.outcome?.status)).toEqual(['accepted', 'rejected', 'rejected']);
    expect((await server.store.getDocument('orders', order.id))!.seq).toBe(seq);
    expect(Number(await mailsAbout(order.id))).toBe(1);
  });
  it('may not write the catalog: the push is refused whole and the product stays as it was', async () => {
    const product = server.products[2]!;
    const renamed = fact('test.rename-product', product.sku, { name: 'Renamed by a fact' });
    expect((await push(renamed)).status).toBe(500);
    expect(JSON.parse((await server.store.getDocument('products', product.sku))!.body).name).toBe(product.name);
    expect(await server.store.getDocument('facts', renamed.id)).toBeUndefined();
  });
});
