import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { draftSaleVoided, newId, systemClock, type EnrollResponse, type Fact } from '../../src/domain/index.js';
import { demoAssociateId, demoStaffId } from '../../sync-server/demo/staff.js';
import { syncClient } from './client.js';
import { startTestServer, type TestServer } from './harness.js';

/** `sale.voided` through a real server: the shift's record of a sale abandoned before completion, no stock effect. */
let server: TestServer;
let s1: EnrollResponse;

beforeAll(async () => {
  server = await startTestServer({ catalogSize: 10 });
  s1 = await server.enrollDevice('S1', 'Caixa S1');
});
afterAll(() => server.close());

const voided = (associateId: string) => {
  const product = server.products[0]!;
  return draftSaleVoided({
    storeId: 'S1',
    deviceId: s1.deviceId,
    associateId,
    shiftId: null,
    lines: [{ sku: product.sku, name: product.name, quantity: 2, unitPrice: product.price.amount, voidedBy: associateId }],
    total: 2 * product.price.amount,
    reason: 'customer_changed_mind',
    newId,
    clock: systemClock,
  }) as Fact;
};
const rows = (...facts: Fact[]) => facts.map((f) => ({ assumedMasterState: null, newDocumentState: f }));
const stored = async (id: string) => JSON.parse((await server.store.getDocument('facts', id))!.body) as Fact;

describe('sale.voided', () => {
  it('is accepted from an active associate and moves no stock; an id that is not staff of the store is refused', async () => {
    const client = syncClient(server.url, s1.token);
    const sku = server.products[0]!.sku;
    const before = await server.store.movementsFor('S1', sku);
    const byAssociate = voided(demoAssociateId('S1'));
    const byStranger = voided(demoStaffId('S2', '1001'));

    expect((await client.push('facts', rows(byAssociate, byStranger))).status).toBe(200);
    expect((await stored(byAssociate.id)).outcome).toMatchObject({ status: 'accepted' });
    expect((await stored(byStranger.id)).outcome).toMatchObject({ status: 'rejected', code: 'ASSOCIATE_NOT_ALLOWED' });
    expect(await server.store.movementsFor('S1', sku)).toEqual(before);
  });

  it('refuses on push a void with no lines or an unknown reason, with the field that is wrong', async () => {
    const client = syncClient(server.url, s1.token);
    const fact = voided(demoAssociateId('S1'));
    const bad = { ...fact, payload: { ...fact.payload, lines: [], reason: 'bored' } };
    const response = await client.push('facts', rows(bad));
    expect(response.status).toBe(400);
    expect(response.body.error.fieldErrors.map((e: { path: string }) => e.path).sort()).toEqual([
      '0.newDocumentState.payload.lines',
      '0.newDocumentState.payload.reason',
    ]);
    expect(await server.store.getDocument('facts', fact.id)).toBeUndefined();
  });
});
