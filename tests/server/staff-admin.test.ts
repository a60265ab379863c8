import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPin, verifyPin, type EnrollResponse, type Sale, type StaffMember } from '../../src/domain/index.js';
import { cashSale, pushRow, syncClient } from './client.js';
import { startTestServer, type TestServer } from './harness.js';

/**
 * POST /api/staff: a manager adds and changes staff from a device of their store; the change replicates to that
 * store's devices only, takes effect for sign-in (new verifier) and for the server's associate check on sales.
 */
let now = Date.now();
let server: TestServer;
let s1: EnrollResponse;
let s2: EnrollResponse;

beforeAll(async () => {
  server = await startTestServer({ catalogSize: 10, clock: () => new Date(now) });
  s1 = await server.enrollDevice('S1', 'Manager tablet');
  s2 = await server.enrollDevice('S2', 'Till S2');
});
afterAll(() => server.close());

const MANAGER = { staffNumber: '9001', pin: '9999' };
const change = async (body: unknown, token = s1.token) => {
  now += 61_000; // one PIN check per minute per device stays under the per-device limit
  const res = await fetch(`${server.url}/api/staff`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
};
const staffOf = async (token: string) => (await syncClient(server.url, token).pullAll('staff')).documents as unknown as StaffMember[];
const saleBy = (associateId: string, i: number): Sale => ({
  ...cashSale(s1.store, s1.deviceId, [{ product: server.products[i]!, quantity: 1 }]),
  associateId,
});
const outcomeOf = async (id: string) => (JSON.parse((await server.store.getDocument('sales', id))!.body) as Sale).outcome;

describe('POST /api/staff', () => {
  it('adds a member who reaches the store’s devices with a verifier of the PIN chosen on the device, and only them', async () => {
    const pinVerifier = await hashPin('4321');
    const add = { storeId: 'S1', manager: MANAGER, change: { kind: 'add', staffNumber: '3001', name: 'Eva Nunes', role: 'associate', pinVerifier } };
    const added = await change(add);
    expect(added).toEqual({
      status: 200,
      body: { member: { id: 'S1-3001', storeId: 'S1', staffNumber: '3001', name: 'Eva Nunes', role: 'associate', active: true }, changed: true },
    });
    const eva = (await staffOf(s1.token)).find((m) => m.id === 'S1-3001')!;
    expect(await verifyPin('4321', eva.pinVerifier)).toBe(true);
    expect((await staffOf(s2.token)).some((m) => m.id === 'S1-3001')).toBe(false);

    // A retry of the same add (the answer was lost) changes nothing; another person on that number is refused.
    expect((await change(add)).body.changed).toBe(false);
    const taken = await change({ ...add, change: { ...add.change, name: 'Someone Else' } });
    expect(taken.status).toBe(409);
    expect(taken.body.error).toMatchObject({ code: 'STAFF_NUMBER_TAKEN', fieldErrors: [{ path: 'change.staffNumber' }] });
  });

  it('deactivates a member: their sales are accepted before and rejected after, and a new PIN replaces the old', async () => {
    const client = syncClient(server.url, s1.token);
    const before = saleBy('S1-3001', 1);
    expect((await client.push('sales', [pushRow(before)])).status).toBe(200);
    expect(await outcomeOf(before.id)).toMatchObject({ status: 'accepted' });

    const pinVerifier = await hashPin('8765');
    expect((await change({ storeId: 'S1', manager: MANAGER, change: { kind: 'update', staffNumber: '3001', pinVerifier } })).status).toBe(200);
    const eva = (await staffOf(s1.token)).find((m) => m.id === 'S1-3001')!;
    expect([await verifyPin('8765', eva.pinVerifier), await verifyPin('4321', eva.pinVerifier)]).toEqual([true, false]);

    const off = await change({ storeId: 'S1', manager: MANAGER, change: { kind: 'update', staffNumber: '3001', active: false } });
    expect(off.body.member.active).toBe(false);
    const after = saleBy('S1-3001', 2);
    await client.push('sales', [pushRow(after)]);
    expect(await outcomeOf(after.id)).toMatchObject({ status: 'rejected', code: 'ASSOCIATE_NOT_ALLOWED' });
  });

  it('refuses a non-manager, a wrong PIN, another store, oneself, an unknown number and bad input, writing nothing', async () => {
    const before = await staffOf(s1.token);
    const update = { kind: 'update', staffNumber: '1001', role: 'manager' };
    const asAssociate = await change({ storeId: 'S1', manager: { staffNumber: '1001', pin: '1234' }, change: update });
    expect([asAssociate.status, asAssociate.body.error.code]).toEqual([403, 'FORBIDDEN']);
    const wrongPin = await change({ storeId: 'S1', manager: { staffNumber: '9001', pin: '0000' }, change: update });
    expect(wrongPin.body.error).toMatchObject({ code: 'PIN_INVALID', fieldErrors: [{ path: 'manager.pin' }] });
    const otherStore = await change({ storeId: 'S2', manager: MANAGER, change: update });
    expect(otherStore.body.error).toMatchObject({ code: 'FORBIDDEN', fieldErrors: [{ path: 'storeId' }] });
    const s2Manager = await change({ storeId: 'S1', manager: MANAGER, change: update }, s2.token); // S2's device, S1's data
    expect(s2Manager.status).toBe(403);
    const self = await change({ storeId: 'S1', manager: MANAGER, change: { kind: 'update', staffNumber: '9001', active: false } });
    expect(self.body.error).toMatchObject({ code: 'FORBIDDEN', fieldErrors: [{ path: 'change.active' }] });
    const unknown = await change({ storeId: 'S1', manager: MANAGER, change: { kind: 'update', staffNumber: '4040', active: false } });
    expect(unknown.status).toBe(404);
    const weak = { ...(await hashPin('1111')), iterations: 1_000 };
    const bad = await change({
      storeId: 'S1',
      manager: MANAGER,
      change: { kind: 'add', staffNumber: '12a', name: '', role: 'boss', pinVerifier: weak },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fieldErrors.map((f: { path: string }) => f.path).sort()).toEqual(
      ['change.name', 'change.pinVerifier.iterations', 'change.role', 'change.staffNumber'].sort(),
    );
    expect(await staffOf(s1.token)).toEqual(before);
  });
});
