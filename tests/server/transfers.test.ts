import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId, stockLevelId, type EnrollResponse, type Fact, type StockLevel, type StockMovement } from '../../src/domain/index.js';
import type { SkuStock } from '../../src/domain/stock/availability.js';
import { silentLogger } from '../../sync-server/logger.js';
import { startHoldExpiry } from '../../sync-server/transfers/expiry.js';
import { deviceFact, pushFacts, syncClient } from './client.js';
import { startTestServer, type TestServer } from './harness.js';

/**
 * Holds and transfers between stores, on the test backend: S1 (São Paulo) asks S2 (Belo Horizonte) to hold units or
 * send them; S3 (Curitiba) is the store that must learn nothing of it. Every step is a fact pushed by a device of
 * the store that takes it; the ledger, both stores' pulls and S1's "other stores" answer are what is checked.
 */
const HOUR = 60 * 60 * 1000;
let server: TestServer;
let s1: EnrollResponse;
let s2: EnrollResponse;
let s3: EnrollResponse;

beforeAll(async () => {
  server = await startTestServer({ catalogSize: 30 });
  [s1, s2, s3] = [await server.enrollDevice('S1'), await server.enrollDevice('S2'), await server.enrollDevice('S3')];
});
afterAll(() => server.close());

const level = async (storeId: string, sku: string) => {
  const doc = await server.store.getDocument('stock', stockLevelId(storeId, sku));
  return doc ? (JSON.parse(doc.body) as StockLevel) : { onHand: 0, reserved: 0, available: 0, belowZero: false };
};
const movementsOf = async (storeId: string, sku: string, transferId: string): Promise<StockMovement[]> =>
  (await server.store.movementsFor(storeId, sku)).filter((m) => m.sourceId === transferId);
/** A SKU this test has not touched yet, so each test reads its own levels. */
let nextProduct = 0;
const freshSku = () => server.products[nextProduct++]!.sku;

const customer = { name: 'Maria Silva', phone: '+55 31 98888-7777', address: null };
const request = (sku: string, over: Record<string, unknown> = {}): Fact => {
  const fact = deviceFact(s1, 'transfer.requested', '', {
    mode: 'hold',
    fromStoreId: 'S2',
    sku,
    quantity: 2,
    holdUntil: new Date(Date.now() + 2 * HOUR).toISOString(),
    customer,
    note: '',
    ...over,
  });
  return { ...fact, subjectId: fact.id };
};
const step = (device: EnrollResponse, kind: string, req: Fact, extra: Record<string, unknown> = {}) =>
  deviceFact(device, kind, req.id, {
    peerStoreId: device.storeId === 'S2' ? 'S1' : 'S2',
    sku: req.payload.sku,
    quantity: req.payload.quantity,
    ...extra,
  });
const accept = (req: Fact, availableSeen: number | null = null) =>
  step(s2, 'transfer.accepted', req, { holdUntil: req.payload.holdUntil ?? null, availableSeen });

/** Pushes facts and answers each one's outcome as the server decided it. */
async function push(device: EnrollResponse, ...facts: Fact[]) {
  const res = await pushFacts(server.url, device, facts);
  expect(res.status).toBe(200);
  const decided = new Map((res.body as Fact[]).map((f) => [f.id, f.outcome!]));
  return facts.map((f) => decided.get(f.id)!);
}
const pulledFacts = async (device: EnrollResponse) => (await syncClient(server.url, device.token).pullAll('facts')).documents as Fact[];
const expiryAt = (at: number) => startHoldExpiry({ store: server.store, logger: silentLogger, clock: () => new Date(at), intervalMs: HOUR });

describe('a hold for a customer in another store', () => {
  it('reserves the units at the store asked once it accepts, shows in the asking store\'s "other stores", and ends by itself at its time', async () => {
    const sku = freshSku();
    const before = await level('S2', sku);
    const req = request(sku);
    expect(await push(s1, req)).toEqual([expect.objectContaining({ status: 'accepted' })]);
    // The store asked sees the request live in its facts, with the customer's name and phone for the counter.
    expect((await pulledFacts(s2)).find((f) => f.id === req.id)).toMatchObject({ kind: 'transfer.requested', payload: { customer } });
    expect(await level('S2', sku)).toMatchObject({ reserved: before.reserved });

    expect(await push(s2, accept(req, before.available))).toEqual([expect.objectContaining({ status: 'accepted' })]);
    expect(await level('S2', sku)).toMatchObject({ onHand: before.onHand, reserved: before.reserved + 2, available: before.available - 2 });
    const lookup = await fetch(`${server.url}/api/stock/${sku}`, { headers: { Authorization: `Bearer ${s1.token}` } });
    const answer = (await lookup.json()) as SkuStock;
    expect(answer.stores.find((s) => s.storeId === 'S2')).toMatchObject({ reserved: before.reserved + 2, available: before.available - 2 });
    expect((await pulledFacts(s1)).filter((f) => f.subjectId === req.id).map((f) => f.kind)).toEqual(['transfer.requested', 'transfer.accepted']);

    const until = Date.parse(String(req.payload.holdUntil));
    const early = expiryAt(until - 1000);
    expect(await early.runOnce()).toEqual({ expired: 0 });
    await early.stop();
    // Two instances passing at the same moment expire it once.
    const [a, b] = [expiryAt(until + 1000), expiryAt(until + 1000)];
    const results = await Promise.all([a.runOnce(), b.runOnce()]);
    await Promise.all([a.stop(), b.stop()]);
    expect(results.reduce((n, r) => n + r.expired, 0)).toBe(1);
    expect(await level('S2', sku)).toMatchObject({ reserved: before.reserved, available: before.available });
    expect((await movementsOf('S2', sku, req.id)).map((m) => [m.reason, m.quantity])).toEqual([
      ['reservation', 2],
      ['release', -2],
    ]);
    // Both stores' devices receive the expiry.
    for (const device of [s1, s2]) expect((await pulledFacts(device)).some((f) => f.subjectId === req.id && f.kind === 'hold.expired')).toBe(true);
    // A release after it is refused naming what happened.
    const [late] = await push(s2, step(s2, 'transfer.released', req, { reason: 'collected' }));
    expect(late).toMatchObject({ status: 'rejected', code: 'TRANSFER_ALREADY_DECIDED', message: expect.stringContaining('already expired') });
  });

  it('declined, reserves nothing, and an accept that arrives after the decline is refused saying so', async () => {
    const sku = freshSku();
    const before = await level('S2', sku);
    const req = request(sku);
    await push(s1, req);
    const [declined] = await push(s2, step(s2, 'transfer.declined', req, { reason: 'not_in_stock', note: 'last unit was damaged' }));
    expect(declined!.status).toBe('accepted');
    const [late] = await push(s2, accept(req));
    expect(late).toMatchObject({ status: 'rejected', code: 'TRANSFER_ALREADY_DECIDED', message: expect.stringContaining('declined') });
    expect(await level('S2', sku)).toMatchObject({ reserved: before.reserved, available: before.available });
    expect(await movementsOf('S2', sku, req.id)).toEqual([]);
  });

  it('for more units than are available is accepted with every unit reserved and the level flagged, never capped', async () => {
    const sku = freshSku();
    const before = await level('S2', sku);
    const req = request(sku, { quantity: Math.max(before.available, 0) + 3 });
    await push(s1, req);
    expect(await push(s2, accept(req, before.available))).toEqual([expect.objectContaining({ status: 'accepted' })]);
    const after = await level('S2', sku);
    expect(after).toMatchObject({ reserved: before.reserved + Number(req.payload.quantity), belowZero: true });
    expect(after.available).toBeLessThan(0);
  });

  it('is refused when it asks the store itself, and a store not part of it cannot take its steps', async () => {
    const sku = freshSku();
    const [self] = await push(s1, request(sku, { fromStoreId: 'S1' }));
    expect(self).toMatchObject({ status: 'rejected', code: 'TRANSFER_SAME_STORE' });
    const req = request(sku);
    await push(s1, req);
    const [byS3] = await push(s3, { ...accept(req), storeId: 'S3', deviceId: s3.deviceId, associateId: 'S3-1001' });
    expect(byS3).toMatchObject({ status: 'rejected', code: 'TRANSFER_NOT_FOUND' });
    const [byRequester] = await push(s1, step(s1, 'transfer.accepted', req, { holdUntil: req.payload.holdUntil }));
    expect(byRequester).toMatchObject({ status: 'rejected', code: 'TRANSFER_NOT_ALLOWED' });
  });
});

describe('a transfer to the asking store', () => {
  it('leaves the sender when shipped, is in transit for both stores, and enters the asking store when scanned in', async () => {
    const product = server.products[nextProduct++]!;
    const sku = product.sku;
    const [s1Before, s2Before] = [await level('S1', sku), await level('S2', sku)];
    const req = request(sku, { mode: 'to_store', holdUntil: null, customer: null, quantity: 1 });
    await push(s1, req);
    await push(s2, accept(req));
    expect(await level('S2', sku)).toMatchObject({ onHand: s2Before.onHand, reserved: s2Before.reserved + 1 });
    expect(await push(s2, step(s2, 'transfer.shipped', req))).toEqual([expect.objectContaining({ status: 'accepted' })]);
    expect(await level('S2', sku)).toMatchObject({ onHand: s2Before.onHand - 1, reserved: s2Before.reserved });
    expect(await level('S1', sku)).toMatchObject({ onHand: s1Before.onHand });
    for (const device of [s1, s2])
      expect((await pulledFacts(device)).some((f) => f.subjectId === req.id && f.kind === 'transfer.shipped')).toBe(true);

    const [wrong] = await push(s1, step(s1, 'transfer.received', req, { scanned: '0000000000000' }));
    expect(wrong).toMatchObject({ status: 'rejected', code: 'TRANSFER_SCAN_MISMATCH' });
    const receive = step(s1, 'transfer.received', req, { scanned: product.barcode });
    expect(await push(s1, receive)).toEqual([expect.objectContaining({ status: 'accepted' })]);
    expect(await level('S1', sku)).toMatchObject({ onHand: s1Before.onHand + 1 });
    // A retry of the same push (a lost answer) changes nothing.
    const retry = await pushFacts(server.url, s1, [receive]);
    expect(retry.status).toBe(200);
    expect(await level('S1', sku)).toMatchObject({ onHand: s1Before.onHand + 1 });
    expect((await movementsOf('S1', sku, req.id)).map((m) => [m.reason, m.quantity])).toEqual([['transfer', 1]]);
    expect((await movementsOf('S2', sku, req.id)).map((m) => [m.reason, m.quantity])).toEqual(
      expect.arrayContaining([
        ['reservation', 1],
        ['release', -1],
        ['transfer', -1],
      ]),
    );
    expect(await movementsOf('S2', sku, req.id)).toHaveLength(3);
  });

  it('accepted twice in one push or pushed again reserves once', async () => {
    const sku = freshSku();
    const before = await level('S2', sku);
    const req = request(sku, { mode: 'to_store', holdUntil: null, customer: null, quantity: 1 });
    await push(s1, req);
    const first = accept(req);
    const second = { ...accept(req), id: newId() };
    const outcomes = await push(s2, first, second);
    expect(outcomes.map((o) => o.status)).toEqual(['accepted', 'rejected']);
    await pushFacts(server.url, s2, [first]);
    expect(await level('S2', sku)).toMatchObject({ reserved: before.reserved + 1 });
  });
});

describe('the other ways a request ends', () => {
  it('shipped to the customer, leaves the sender and is done; the request carried the address the parcel needs', async () => {
    const sku = freshSku();
    const before = await level('S2', sku);
    const address = { street: 'Rua da Bahia, 1000', city: 'Belo Horizonte', postalCode: '30160-011' };
    const req = request(sku, { mode: 'to_customer', holdUntil: null, customer: { ...customer, address }, quantity: 1 });
    await push(s1, req);
    expect((await pulledFacts(s2)).find((f) => f.id === req.id)!.payload).toMatchObject({ customer: { address } });
    await push(s2, accept(req));
    expect(await push(s2, step(s2, 'transfer.shipped', req))).toEqual([expect.objectContaining({ status: 'accepted' })]);
    expect(await level('S2', sku)).toMatchObject({ onHand: before.onHand - 1, reserved: before.reserved });
    const [receive] = await push(s1, step(s1, 'transfer.received', req, { scanned: sku }));
    expect(receive).toMatchObject({ status: 'rejected', code: 'TRANSFER_NOT_ALLOWED' });
  });

  it('cancelled by the asking store while held, releases what the store asked had reserved', async () => {
    const sku = freshSku();
    const before = await level('S2', sku);
    const req = request(sku);
    await push(s1, req);
    await push(s2, accept(req));
    expect(await level('S2', sku)).toMatchObject({ reserved: before.reserved + 2 });
    expect(await push(s1, step(s1, 'transfer.cancelled', req))).toEqual([expect.objectContaining({ status: 'accepted' })]);
    expect(await level('S2', sku)).toMatchObject({ reserved: before.reserved, available: before.available });
  });

  it("cannot be expired by a device: hold.expired is the server's", async () => {
    const sku = freshSku();
    const req = request(sku);
    await push(s1, req);
    const res = await pushFacts(server.url, s2, [step(s2, 'hold.expired', req)]);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('0.newDocumentState.kind');
  });
});

describe('what a store sees of another', () => {
  it("sees only the transfers it is part of, never the other store's customers, sales or other facts", async () => {
    const sku = freshSku();
    const count = deviceFact({ ...s1, storeId: 'S1' }, 'stock.count', sku, { counted: 5 });
    const toStore = request(sku, { mode: 'to_store', holdUntil: null, customer: null });
    await push(s1, { ...count, associateId: 'S1-9001' }, toStore);
    const s2Facts = await pulledFacts(s2);
    expect(s2Facts.every((f) => f.storeId === 'S2' || f.kind.startsWith('transfer.') || f.kind === 'hold.expired')).toBe(true);
    expect(s2Facts.some((f) => f.kind === 'stock.count' && f.storeId === 'S1')).toBe(false);
    // A transfer to the asking store carries nothing about the customer; no request carries the asking store's customer id.
    expect(s2Facts.find((f) => f.id === toStore.id)!.payload).not.toHaveProperty('customer.name');
    expect(s2Facts.filter((f) => f.kind === 'transfer.requested').every((f) => !JSON.stringify(f.payload).includes('customerId'))).toBe(true);
    // S3 is part of none: nothing of S1's or S2's reaches it.
    expect((await pulledFacts(s3)).filter((f) => f.storeId !== 'S3')).toEqual([]);
    // Nor do S1's sales or customers reach S2.
    const client = syncClient(server.url, s2.token);
    expect(((await client.pullAll('sales')).documents as { storeId: string }[]).every((s) => s.storeId === 'S2')).toBe(true);
    expect(((await client.pullAll('customers')).documents as { stores: string[] }[]).every((c) => c.stores.includes('S2'))).toBe(true);
  });
});
