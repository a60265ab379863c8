import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId, OrderIntakeSchema, stockLevelId, systemClock, type Order, type OrderIntakeInput, type StockLevel } from '../../src/domain/index.js';
import { pickupIntake } from '../../src/domain/testing/orders.js';
import { revokeIntegration } from '../../sync-server/integrations/registry.js';
import { EXAMPLE_ORDER_SKU, orderRequestExample } from '../../sync-server/orders/example.js';
import { orderWrite } from '../../sync-server/orders/documents.js';
import { intakeOrder } from '../../sync-server/orders/intake.js';
import { queryRows } from '../../sync-server/outbox/sql.js';
import { syncClient } from './client.js';
import { startTestServer, type TestServer } from './harness.js';
import { mintKey } from './integration-probe.js';

/** Order intake, cancel and reads by an integration; device partition and lookup; on the test backend. */
let server: TestServer;
let key: string;
let integrationId: string;
let skuCursor = 0;

beforeAll(async () => {
  server = await startTestServer({ catalogSize: 60 });
  const minted = await mintKey(server.store);
  key = minted.apiKey;
  integrationId = minted.integration.id;
});
afterAll(() => server.close());

const api = async (
  method: string,
  path: string,
  { body, apiKey = key, idempotencyKey }: { body?: unknown; apiKey?: string; idempotencyKey?: string } = {},
) => {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${apiKey}`,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...(idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {}),
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, text, body: text ? JSON.parse(text) : undefined, headers: res.headers };
};
const postOrder = (body: unknown, options: { apiKey?: string; idempotencyKey?: string } = {}) =>
  api('POST', '/api/orders', { body, idempotencyKey: newId(), ...options });

const level = async (storeId: string, sku: string): Promise<StockLevel> =>
  JSON.parse((await server.store.getDocument('stock', stockLevelId(storeId, sku)))!.body) as StockLevel;
const storedOrders = async (number: string) =>
  (await server.store.findByKey('orders', 'number', number.toUpperCase())).map((d) => JSON.parse(d.body) as Order);
const outbox = (orderId: string) =>
  queryRows<{ type: string; sequence: number; payload: string }>(
    server.store.sql,
    'SELECT type, sequence, payload FROM outbox WHERE aggregate_id = ? ORDER BY sequence',
    [orderId],
  );

/** A product S1 has at least `min` units of, not used by another test of this file (nor by the example). */
async function freshProduct(min = 1) {
  while (skuCursor < server.products.length) {
    const product = server.products[skuCursor++]!;
    if (product.sku === EXAMPLE_ORDER_SKU) continue;
    const { available } = await level('S1', product.sku);
    if (available >= min) return { product, available };
  }
  throw new Error('catalog too small for this test file');
}
const orderFor = async (quantity = 1, over: Partial<OrderIntakeInput> = {}) => {
  const { product, available } = await freshProduct(quantity);
  return { input: pickupIntake('S1', [{ sku: product.sku, quantity, unitPrice: product.price.amount }], over), sku: product.sku, available };
};

describe('POST /api/orders', () => {
  it('takes in the example of the OpenAPI document as it is: 201 with the id on top, one unit reserved at S1, on hand unchanged', async () => {
    const document = await (await fetch(`${server.url}/api/openapi.json`)).json();
    const example = document.paths['/api/orders'].post.requestBody.content['application/json'].example;
    expect(example).toEqual(orderRequestExample);
    expect(OrderIntakeSchema.safeParse(example).success).toBe(true);
    const before = await level('S1', EXAMPLE_ORDER_SKU);
    expect(before.available).toBeGreaterThanOrEqual(1);
    const res = await postOrder(example);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ id: expect.any(String), number: 'WEB-100001', state: 'new', storeId: 'S1', hasShortfall: false });
    expect(res.body).not.toHaveProperty('integrationId');
    const after = await level('S1', EXAMPLE_ORDER_SKU);
    expect(after).toMatchObject({ onHand: before.onHand, reserved: before.reserved + 1, available: before.available - 1 });
    const events = await outbox(res.body.id);
    expect(events.map((e) => [e.type, e.sequence])).toEqual([['order.accepted', 1]]);
    expect(JSON.parse(events[0]!.payload)).toMatchObject({ id: res.body.id, number: 'WEB-100001', shortLines: [] });
  });

  it('answers a retry with the same key with the same status and body, once, also when the retries race', async () => {
    const { input, sku, available } = await orderFor(1);
    const idempotencyKey = newId();
    const first = await postOrder(input, { idempotencyKey });
    const again = await postOrder(input, { idempotencyKey });
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(again.text).toBe(first.text);
    expect(again.headers.get('Idempotent-Replayed')).toBe('true');

    const racing = await orderFor(1);
    const raceKey = newId();
    const answers = await Promise.all(Array.from({ length: 6 }, () => postOrder(racing.input, { idempotencyKey: raceKey })));
    expect(new Set(answers.map((a) => `${a.status} ${a.text}`)).size).toBe(1);
    expect(answers[0]!.status).toBe(201);

    expect(await storedOrders(input.number!)).toHaveLength(1);
    expect(await storedOrders(racing.input.number!)).toHaveLength(1);
    expect((await level('S1', sku)).available).toBe(available - 1);
    expect((await level('S1', racing.sku)).available).toBe(racing.available - 1);
    expect(await outbox(first.body.id)).toHaveLength(1);
  });

  it('refuses the same key with another body (409), no key (400), and a number already taken in (409)', async () => {
    const { input } = await orderFor(1);
    const idempotencyKey = newId();
    expect((await postOrder(input, { idempotencyKey })).status).toBe(201);
    const reused = await postOrder({ ...input, channel: 'app' }, { idempotencyKey });
    expect([reused.status, reused.body.error.code]).toEqual([409, 'IDEMPOTENCY_KEY_REUSED']);
    const noKey = await api('POST', '/api/orders', { body: input });
    expect([noKey.status, noKey.body.error.fieldErrors[0].path]).toEqual([400, 'headers.Idempotency-Key']);
    const sameNumber = await postOrder(input);
    expect([sameNumber.status, sameNumber.body.error.code, sameNumber.body.error.fieldErrors[0].path]).toEqual([409, 'ORDER_NUMBER_TAKEN', 'number']);
    expect(await storedOrders(input.number!)).toHaveLength(1);
  });

  it('answers 400 with field paths for invalid input and writes nothing', async () => {
    const { input, sku, available } = await orderFor(1);
    const res = await postOrder({
      ...input,
      customer: { ...input.customer, email: 'not-an-email', nationalId: { kind: 'cpf', number: '111.111.111-11' } },
      lines: [{ ...input.lines[0]!, quantity: 0 }],
      payments: [{ ...input.payments[0]!, cardNumber: '4111111111111111' }],
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.fieldErrors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining(['customer.email', 'customer.nationalId.number', 'lines.0.quantity', 'payments.0']),
    );
    expect(await storedOrders(input.number!)).toEqual([]);
    expect((await level('S1', sku)).available).toBe(available);
    expect((await postOrder('{"number": ')).status).toBe(400);
  });

  it('answers 422 naming the figure that does not add up, the unknown SKU and the unknown store; nothing written', async () => {
    const { input, sku, available } = await orderFor(1);
    const line = input.lines[0]!;
    const mismatch = await postOrder({ ...input, lines: [{ ...line, total: line.total! - 5 }] });
    expect(mismatch.status).toBe(422);
    expect(mismatch.body.error.code).toBe('ORDER_TOTALS_MISMATCH');
    expect(mismatch.body.error.fieldErrors).toContainEqual({
      path: 'lines.0.total',
      message: `is ${line.total! - 5}, expected ${line.total} (1 × ${line.unitPrice} − 0)`,
    });

    const unknownSku = await postOrder({ ...input, lines: [{ ...line, sku: 'NO-SUCH-SKU' }] });
    expect([unknownSku.status, unknownSku.body.error.code]).toEqual([422, 'ORDER_UNKNOWN_SKU']);
    expect(unknownSku.body.error.fieldErrors).toEqual([{ path: 'lines.0.sku', message: 'unknown SKU NO-SUCH-SKU' }]);

    const unknownStore = await postOrder({ ...input, fulfilment: { ...input.fulfilment, storeId: 'S99' } as OrderIntakeInput['fulfilment'] });
    expect([unknownStore.status, unknownStore.body.error.code, unknownStore.body.error.fieldErrors[0].path]).toEqual([
      422,
      'ORDER_UNKNOWN_STORE',
      'fulfilment.storeId',
    ]);

    expect(await storedOrders(input.number!)).toEqual([]);
    expect((await level('S1', sku)).available).toBe(available);
  });

  it('takes an order the store cannot cover: reserves what is available, flags the shortfall, names it in order.accepted', async () => {
    const { product, available } = await freshProduct(1);
    const input = pickupIntake('S1', [{ sku: product.sku, quantity: available + 2, unitPrice: product.price.amount }], {
      fulfilment: { type: 'pickup', storeId: 'S1', mode: 'curbside', promisedAt: '2020-01-01T10:00:00Z' },
    });
    const res = await postOrder(input);
    expect(res.status).toBe(201);
    expect(res.body.lines[0]).toMatchObject({ quantity: available + 2, reserved: available, shortfall: 2 });
    expect(res.body).toMatchObject({ hasShortfall: true, promisedAt: '2020-01-01T10:00:00.000Z' });
    expect(await level('S1', product.sku)).toMatchObject({ available: 0, belowZero: false });
    const [accepted] = await outbox(res.body.id);
    expect(JSON.parse(accepted!.payload).shortLines).toEqual([{ lineNo: 1, sku: product.sku, name: product.name, shortfall: 2 }]);
  });

  it('is all or nothing: an intake that dies before commit leaves no order, reservation or event; the retry completes it', async () => {
    const { input, sku, available } = await orderFor(1);
    const integration = { id: integrationId, name: 'webshop', scopes: [], stores: null };
    await expect(
      server.store.transaction(async (tx) => {
        await intakeOrder(tx, integration, OrderIntakeSchema.parse(input), { clock: systemClock, newId });
        throw new Error('killed mid-intake');
      }),
    ).rejects.toThrow('killed mid-intake');
    expect(await storedOrders(input.number!)).toEqual([]);
    expect((await level('S1', sku)).available).toBe(available);
    const retry = await postOrder(input);
    expect(retry.status).toBe(201);
    expect((await level('S1', sku)).available).toBe(available - 1);
  });
});

describe('who may post', () => {
  it('answers 401 to a revoked key at once and 403 to a key that may not serve the pickup store', async () => {
    const { input } = await orderFor(1);
    const revoked = await mintKey(server.store, { name: 'old shop' });
    await revokeIntegration(server.store, revoked.integration.id, { clock: systemClock });
    expect((await postOrder(input, { apiKey: revoked.apiKey })).status).toBe(401);

    const s2Only = await mintKey(server.store, { name: 'S2 shop', stores: ['S2'] });
    const foreign = await postOrder(input, { apiKey: s2Only.apiKey });
    expect([foreign.status, foreign.body.error.fieldErrors[0].path]).toEqual([403, 'fulfilment.storeId']);
    const readOnly = await mintKey(server.store, { name: 'reader', scopes: ['orders:read'] });
    expect((await postOrder(input, { apiKey: readOnly.apiKey })).status).toBe(403);
    const device = await server.enroll('S1');
    expect([401, 403]).toContain((await postOrder(input, { apiKey: device })).status);
    expect(await storedOrders(input.number!)).toEqual([]);
  });
});

describe('cancel and read', () => {
  it('cancel releases the reservation and sends order.cancelled; again answers the same order; after collection 409', async () => {
    const { input, sku, available } = await orderFor(2);
    const posted = await postOrder(input);
    const reserved = await level('S1', sku);
    expect(reserved.available).toBe(available - 2);

    const cancelled = await api('POST', `/api/orders/${posted.body.id}/cancel`, { idempotencyKey: newId() });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ id: posted.body.id, state: 'cancelled', cancelledAt: expect.any(String) });
    expect(await level('S1', sku)).toMatchObject({ onHand: reserved.onHand, reserved: reserved.reserved - 2, available });
    expect((await outbox(posted.body.id)).map((e) => [e.type, e.sequence])).toEqual([
      ['order.accepted', 1],
      ['order.cancelled', 2],
    ]);
    expect(JSON.parse((await outbox(posted.body.id))[1]!.payload).released).toEqual([{ lineNo: 1, sku, quantity: 2 }]);

    const again = await api('POST', `/api/orders/${posted.body.id}/cancel`, { idempotencyKey: newId() });
    expect([again.status, again.body.cancelledAt]).toEqual([200, cancelled.body.cancelledAt]);
    expect(await outbox(posted.body.id)).toHaveLength(2);
    expect((await level('S1', sku)).available).toBe(available);

    const other = await orderFor(1);
    const collectedOrder = await postOrder(other.input);
    const stored = (await storedOrders(other.input.number!))[0]!;
    await server.store.transaction((tx) => tx.putDocuments([orderWrite({ ...stored, state: 'collected', collectedAt: new Date().toISOString() })]));
    const refused = await api('POST', `/api/orders/${collectedOrder.body.id}/cancel`, { idempotencyKey: newId() });
    expect([refused.status, refused.body.error.code]).toEqual([409, 'ORDER_ALREADY_COLLECTED']);
    expect((await level('S1', other.sku)).available).toBe(other.available - 1);
  });

  it("reads an order by id and by number, never another integration's", async () => {
    const { input } = await orderFor(1);
    const posted = await postOrder(input);
    // The intake answer alone carries the proof of purchase (signed once, for the platform's confirmation).
    const { proof: _proof, ...order } = posted.body;
    const byId = await api('GET', `/api/orders/${posted.body.id}`);
    expect(byId.body).toEqual(order);
    const byNumber = await api('GET', `/api/orders?number=${encodeURIComponent(input.number!.toLowerCase())}`);
    expect(byNumber.body).toEqual({ orders: [order] });

    const other = await mintKey(server.store, { name: 'marketplace' });
    expect((await api('GET', `/api/orders/${posted.body.id}`, { apiKey: other.apiKey })).status).toBe(404);
    expect((await api('GET', `/api/orders?number=${input.number}`, { apiKey: other.apiKey })).body).toEqual({ orders: [] });
    expect((await api('POST', `/api/orders/${posted.body.id}/cancel`, { apiKey: other.apiKey, idempotencyKey: newId() })).status).toBe(404);
  });
});

describe('orders on devices', () => {
  it("reach the pickup store's devices only; any store looks one up by number, email or phone, without payment details", async () => {
    const { input } = await orderFor(1);
    const posted = await postOrder(input);
    const shipped = await orderFor(1);
    const shippedRes = await postOrder({
      ...shipped.input,
      customer: { ...shipped.input.customer, email: 'bruno.lima@example.com', phone: '+55 31 99876-5432' },
      fulfilment: {
        type: 'ship',
        promisedAt: '2026-11-30T12:00:00Z',
        address: {
          recipient: 'Bruno Lima',
          street: 'Rua da Bahia',
          number: '1200',
          city: 'Belo Horizonte',
          region: 'MG',
          postalCode: '30160-011',
          country: 'BR',
        },
      },
    });
    expect(shippedRes.status).toBe(201);

    const s1 = syncClient(server.url, await server.enroll('S1'));
    const s1Orders = (await s1.pullAll('orders')).documents as Record<string, unknown>[];
    expect(s1Orders.map((o) => o.id)).toContain(posted.body.id);
    expect(s1Orders.map((o) => o.id)).not.toContain(shippedRes.body.id);
    expect(s1Orders.every((o) => !('integrationId' in o))).toBe(true);

    const s2Token = await server.enroll('S2');
    const s2 = syncClient(server.url, s2Token);
    expect((await s2.pullAll('orders')).documents).toEqual([]);

    const lookup = async (query: string) => {
      const res = await fetch(`${server.url}/api/lookup/orders?${query}`, { headers: { Authorization: `Bearer ${s2Token}` } });
      return { status: res.status, body: await res.json() };
    };
    const byNumber = await lookup(`number=${input.number!.toLowerCase()}`);
    expect(byNumber.status).toBe(200);
    expect(byNumber.body.orders).toEqual([expect.objectContaining({ id: posted.body.id, storeId: 'S1', customerName: 'Ana Souza' })]);
    const text = JSON.stringify(byNumber.body);
    for (const secret of [input.payments![0]!.reference, 'example.com', '98765', integrationId]) expect(text).not.toContain(secret);

    expect((await lookup('email=Bruno.Lima@example.com')).body.orders.map((o: { id: string }) => o.id)).toEqual([shippedRes.body.id]);
    expect((await lookup(`phone=${encodeURIComponent('(31) 99876-5432')}`)).body.orders).toEqual([
      expect.objectContaining({ id: shippedRes.body.id, fulfilment: 'ship', deliveryCity: 'Belo Horizonte', storeId: null }),
    ]);
    expect((await lookup('number=A&email=b@c.de')).status).toBe(400);
    expect((await fetch(`${server.url}/api/lookup/orders?number=X`, { headers: { Authorization: `Bearer ${key}` } })).status).toBe(401);
  });

  it('rate limits lookups per device', async () => {
    const token = await server.enroll('S3');
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) {
      statuses.push((await fetch(`${server.url}/api/lookup/orders?number=NONE-${i}`, { headers: { Authorization: `Bearer ${token}` } })).status);
    }
    expect(statuses.slice(0, 30).every((s) => s === 200)).toBe(true);
    expect(statuses[30]).toBe(429);
  });
});
