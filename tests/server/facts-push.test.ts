import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId, type EnrollResponse, type Fact, type StockLevel } from '../../src/domain/index.js';
import { demoAssociateId, demoStaffId } from '../../sync-server/demo/staff.js';
import { syncClient } from './client.js';
import { startTestServer, type TestServer } from './harness.js';

/** The `facts` collection through a real server, with its one real kind: `stock.count`. */
let server: TestServer;
let s1: EnrollResponse;
let s2: EnrollResponse;
let skuCursor = 0;

beforeAll(async () => {
  server = await startTestServer({ catalogSize: 30 });
  s1 = await server.enrollDevice('S1', 'Back office S1');
  s2 = await server.enrollDevice('S2', 'Back office S2');
});
afterAll(() => server.close());

const manager = (e: EnrollResponse) => demoStaffId(e.storeId, '9001');
const count = (e: EnrollResponse, sku: string, counted: unknown, associateId = manager(e)): Fact => ({
  id: newId(),
  kind: 'stock.count',
  storeId: e.storeId,
  deviceId: e.deviceId,
  associateId,
  createdAtDevice: new Date().toISOString(),
  subjectId: sku,
  payload: { counted } as Record<string, unknown>,
});
const rows = (...facts: Fact[]) => facts.map((f) => ({ assumedMasterState: null, newDocumentState: f }));
const nextSku = () => server.products[skuCursor++]!.sku;
const level = async (storeId: string, sku: string) => {
  const doc = await server.store.getDocument('stock', `${storeId}:${sku}`);
  return doc ? (JSON.parse(doc.body) as StockLevel) : undefined;
};
const stored = async (id: string) => {
  const doc = await server.store.getDocument('facts', id);
  return doc ? (JSON.parse(doc.body) as Fact) : undefined;
};
const adjustments = async (storeId: string, sku: string) => (await server.store.movementsFor(storeId, sku)).filter((m) => m.reason === 'adjustment');

describe('stock.count', () => {
  it('sets on hand to what a manager counted through one adjustment, and the outcome reaches the device', async () => {
    const client = syncClient(server.url, s1.token);
    const sku = nextSku();
    const { onHand, reserved } = (await level('S1', sku))!;
    const fact = count(s1, sku, onHand + 3);

    expect((await client.push('facts', rows(fact))).status).toBe(200);
    expect(await level('S1', sku)).toMatchObject({ onHand: onHand + 3, reserved, available: onHand + 3 - reserved });
    expect(await adjustments('S1', sku)).toEqual([expect.objectContaining({ id: `${fact.id}:1`, quantity: 3, sourceId: fact.id })]);
    const pulled = (await client.pullAll('facts')).documents.find((d) => d.id === fact.id);
    expect(pulled).toMatchObject({ kind: 'stock.count', subjectId: sku, payload: { counted: onHand + 3 }, outcome: { status: 'accepted' } });
  });

  it('stores an associate’s count and a count of an unknown SKU as rejected with the reason, moves nothing, and applies the count behind them', async () => {
    const client = syncClient(server.url, s1.token);
    const sku = nextSku();
    const { onHand } = (await level('S1', sku))!;
    const byAssociate = count(s1, sku, 0, demoAssociateId('S1'));
    const unknownSku = count(s1, 'NOT-IN-CATALOG-1', 4);
    const good = count(s1, sku, onHand - 1);

    expect((await client.push('facts', rows(byAssociate, unknownSku, good))).status).toBe(200);
    expect((await stored(byAssociate.id))!.outcome).toMatchObject({
      status: 'rejected',
      code: 'ASSOCIATE_NOT_ALLOWED',
      message: 'the associate role may not record stock counts',
    });
    expect((await stored(unknownSku.id))!.outcome).toMatchObject({ status: 'rejected', code: 'UNKNOWN_SKU' });
    expect((await stored(good.id))!.outcome).toMatchObject({ status: 'accepted' });
    expect((await level('S1', sku))!.onHand).toBe(onHand - 1);
    expect((await adjustments('S1', sku)).map((m) => m.sourceId)).toEqual([good.id]);
    expect(await level('S1', 'NOT-IN-CATALOG-1')).toBeUndefined();
  });

  it('applies a count once: a retried push moves nothing more and answers the decided master; two counts in one push each see the one before', async () => {
    const client = syncClient(server.url, s1.token);
    const sku = nextSku();
    const { onHand } = (await level('S1', sku))!;
    const first = count(s1, sku, onHand + 10);
    const second = count(s1, sku, onHand + 4);

    expect((await client.push('facts', rows(first, second))).status).toBe(200);
    expect((await level('S1', sku))!.onHand).toBe(onHand + 4);
    expect((await adjustments('S1', sku)).map((m) => m.quantity)).toEqual([10, -6]);

    const retry = await client.push('facts', rows(first, second));
    expect(retry.status).toBe(200);
    expect(retry.body.map((d: Fact) => [d.id, d.outcome?.status])).toEqual([
      [first.id, 'accepted'],
      [second.id, 'accepted'],
    ]);
    expect((await level('S1', sku))!.onHand).toBe(onHand + 4);
    expect(await adjustments('S1', sku)).toHaveLength(2);
  });
});

describe('pushing facts', () => {
  it('validates each fact by its kind (field paths into the payload and subject) and refuses kinds the server does not know: 400, nothing written', async () => {
    const client = syncClient(server.url, s1.token);
    const sku = nextSku();
    const valid = count(s1, sku, 1);
    const negative = count(s1, sku, -1);
    const badSubject = count(s1, 'lower-case sku', 1);
    const unknownKind = { ...count(s1, sku, 1), kind: 'stock.recount' };

    const res = await client.push('facts', rows(valid, negative, badSubject, unknownKind));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.fieldErrors.map((e: { path: string }) => e.path)).toEqual([
      '1.newDocumentState.payload.counted',
      '2.newDocumentState.subjectId',
      '3.newDocumentState.kind',
    ]);
    for (const f of [valid, negative, badSubject, unknownKind]) expect(await stored(f.id)).toBeUndefined();
    expect(await adjustments('S1', sku)).toEqual([]);
  });

  it('refuses, whole, a push with another store’s fact, or reusing a fact id of another store, without revealing it (403, nothing written)', async () => {
    const client = syncClient(server.url, s1.token);
    const sku = nextSku();
    const own = count(s1, sku, 2);
    const forS2 = { ...count(s1, sku, 2), storeId: 'S2' };
    const forbidden = await client.push('facts', rows(own, forS2));
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error.fieldErrors).toContainEqual(expect.objectContaining({ path: '1.newDocumentState.storeId' }));

    const s2Count = count(s2, sku, 5);
    expect((await syncClient(server.url, s2.token).push('facts', rows(s2Count))).status).toBe(200);
    const hijack = { ...count(s1, sku, 2), id: s2Count.id };
    const taken = await client.push('facts', rows(own, hijack));
    expect(taken.status).toBe(403);
    expect(JSON.stringify(taken.body)).not.toContain(s2.deviceId);
    expect(await stored(own.id)).toBeUndefined();
    expect(await stored(s2Count.id)).toMatchObject({ storeId: 'S2', payload: { counted: 5 } });
    expect((await client.pullAll('facts')).documents.map((d) => d.id)).not.toContain(s2Count.id);
  });
});
