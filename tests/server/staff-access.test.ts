import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EnrollResponse, Sale, StaffMember } from '../../src/domain/index.js';
import { demoAssociateId, demoStaffId } from '../../sync-server/demo/staff.js';
import { cashSale, pushRow, syncClient } from './client.js';
import { startTestServer, type TestServer } from './harness.js';

/**
 * Staff and access: the server's associate check on pushed sales, manager-created enrollment codes, and object-level
 * authorization (a device of store A never reads or writes store B's sales, stock or staff, whatever ids it sends).
 */
let now = Date.now();
let server: TestServer;
let s1: EnrollResponse;
let s2: EnrollResponse;
let productCursor = 0;

beforeAll(async () => {
  server = await startTestServer({ catalogSize: 30, clock: () => new Date(now) });
  s1 = await server.enrollDevice('S1', 'Till S1');
  s2 = await server.enrollDevice('S2', 'Till S2');
});
afterAll(() => server.close());

const nextProduct = () => server.products[productCursor++ % server.products.length]!;
const stored = async (id: string) => {
  const doc = await server.store.getDocument('sales', id);
  return doc ? (JSON.parse(doc.body) as Sale) : undefined;
};
const onHand = async (storeId: string, sku: string) =>
  JSON.parse((await server.store.getDocument('stock', `${storeId}:${sku}`))!.body).onHand as number;
const saleBy = (e: EnrollResponse, associateId: string) => ({
  ...cashSale(e.store, e.deviceId, [{ product: nextProduct(), quantity: 1 }]),
  associateId,
});
const post = async (token: string | undefined, body: unknown) => {
  const res = await fetch(`${server.url}/api/enrollment-codes`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json(), retryAfter: res.headers.get('Retry-After') };
};

describe('the associate of a pushed sale', () => {
  it('must be an active staff member of the sale’s store allowed to ring sales; otherwise the sale is stored rejected and moves no stock', async () => {
    const client = syncClient(server.url, s1.token);
    const good = saleBy(s1, demoAssociateId('S1'));
    const manager = saleBy(s1, demoStaffId('S1', '9001'));
    const refused = [
      saleBy(s1, demoStaffId('S1', '2001')), // pickup
      saleBy(s1, demoStaffId('S1', '1009')), // deactivated
      saleBy(s1, demoAssociateId('S2')), // another store's associate
      saleBy(s1, 'nobody'),
    ];
    const before = await Promise.all(refused.map((s) => onHand('S1', s.lines[0]!.sku)));
    const res = await client.push('sales', [good, manager, ...refused].map(pushRow));
    expect(res.status).toBe(200);
    // Each sale is answered as decided: the device learns every outcome from the push itself.
    expect(res.body.map((d: Sale) => d.outcome?.status)).toEqual(['accepted', 'accepted', ...refused.map(() => 'rejected')]);
    expect((await stored(good.id))!.outcome).toMatchObject({ status: 'accepted' });
    expect((await stored(manager.id))!.outcome).toMatchObject({ status: 'accepted' });
    for (const [i, sale] of refused.entries()) {
      expect((await stored(sale.id))!.outcome).toMatchObject({ status: 'rejected', code: 'ASSOCIATE_NOT_ALLOWED' });
      expect(await onHand('S1', sale.lines[0]!.sku)).toBe(before[i]);
    }
    // Refusals never reveal another store's data: S2's staff id reads exactly like an id that exists nowhere.
    const [foreign, unknown] = await Promise.all(
      refused.slice(2).map(async (s) => (await stored(s.id))!.outcome!.message!.replace(s.associateId, '<id>')),
    );
    expect(foreign).toBe('associate <id> is not staff of store S1');
    expect(unknown).toBe(foreign);
  });

  it('records a sale rung up offline by someone deactivated meanwhile as rejected, and the device pulls it back', async () => {
    const client = syncClient(server.url, s1.token);
    const id = demoStaffId('S1', '1001');
    const sale = saleBy(s1, id); // rung up while 1001 was active, pushed after the deactivation
    const staff = JSON.parse((await server.store.getDocument('staff', id))!.body) as StaffMember;
    await server.store.transaction((tx) => tx.putDocuments([{ collection: 'staff', id, storeId: 'S1', body: { ...staff, active: false } }]));
    try {
      expect((await client.push('sales', [pushRow(sale)])).status).toBe(200);
      const pulled = (await client.pullAll('sales')).documents.find((d) => d.id === sale.id);
      expect(pulled).toMatchObject({ outcome: { status: 'rejected', code: 'ASSOCIATE_NOT_ALLOWED' } });
      // The deactivation replicates to the store's devices too.
      expect((await client.pullAll('staff')).documents.find((d) => d.id === id)).toMatchObject({ active: false });
    } finally {
      await server.store.transaction((tx) => tx.putDocuments([{ collection: 'staff', id, storeId: 'S1', body: staff }]));
    }
  });
});

describe('POST /api/enrollment-codes', () => {
  it('gives a manager of the device’s store a one-time code that enrolls a new till of that store', async () => {
    const res = await post(s1.token, { storeId: 'S1', staffNumber: '9001', pin: '9999', hours: 2 });
    expect(res.status).toBe(200);
    expect(res.body.code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    expect(Date.parse(res.body.expiresAt) - now).toBe(2 * 3_600_000);
    const enroll = (code: string) =>
      fetch(`${server.url}/api/devices/enroll`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ code, name: 'New till' }),
      });
    const enrolled = await enroll(res.body.code);
    expect(enrolled.status).toBe(200);
    expect((await enrolled.json()).storeId).toBe('S1');
    expect((await enroll(res.body.code)).status).toBe(403);
  });

  it('refuses a wrong PIN, a non-manager, another store, bad input and a missing token', async () => {
    const till = await server.enrollDevice('S1', 'Refusals');
    const wrong = await post(till.token, { storeId: 'S1', staffNumber: '9001', pin: '0000' });
    expect(wrong.status).toBe(403);
    expect(wrong.body.error).toMatchObject({ code: 'PIN_INVALID', fieldErrors: [{ path: 'pin' }] });
    expect((await post(till.token, { storeId: 'S1', staffNumber: '1001', pin: '1234' })).body.error.code).toBe('FORBIDDEN');
    expect((await post(till.token, { storeId: 'S1', staffNumber: '4444', pin: '1234' })).body.error.code).toBe('PIN_INVALID');
    const bad = await post(till.token, { storeId: 'S1', staffNumber: 'x', pin: '12' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fieldErrors.map((f: { path: string }) => f.path).sort()).toEqual(['pin', 'staffNumber']);
    expect((await post(undefined, { storeId: 'S1', staffNumber: '9001', pin: '9999' })).status).toBe(401);
    const other = await enrolledElsewhere();
    const forS2 = await post(other.token, { storeId: 'S2', staffNumber: '9001', pin: '9999' });
    expect(forS2.status).toBe(403);
    expect(forS2.body.error).toMatchObject({ code: 'FORBIDDEN', fieldErrors: [{ path: 'storeId' }] });
  });

  it('rate limits PIN checks per device and locks a staff number out after 5 wrong PINs', async () => {
    const till = await server.enrollDevice('S1', 'Lockout');
    for (let i = 0; i < 5; i++) expect((await post(till.token, { storeId: 'S1', staffNumber: '9001', pin: '1111' })).status).toBe(403);
    const limited = await post(till.token, { storeId: 'S1', staffNumber: '9001', pin: '9999' });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('RATE_LIMITED');
    now += 61_000; // the per-device window is over; the lockout of 9001 on this device is not
    const locked = await post(till.token, { storeId: 'S1', staffNumber: '9001', pin: '9999' });
    expect(locked.status).toBe(429);
    expect(Number(locked.retryAfter)).toBeGreaterThan(200);
    // Another device is not locked out.
    expect((await post((await server.enrollDevice('S1', 'Other')).token, { storeId: 'S1', staffNumber: '9001', pin: '9999' })).status).toBe(200);
    now += 5 * 60_000;
    expect((await post(till.token, { storeId: 'S1', staffNumber: '9001', pin: '9999' })).status).toBe(200);
  });
});

/** A device of S1 that made no PIN attempts yet (the per-device limit is 5 a minute). */
const enrolledElsewhere = () => server.enrollDevice('S1', 'Fresh');

describe('object-level authorization: a device of S1 never reaches S2’s data', () => {
  it('pulls only its own store’s sales, stock and staff, whatever checkpoint, limit or version it sends', async () => {
    const s2Sale = saleBy(s2, demoAssociateId('S2'));
    expect((await syncClient(server.url, s2.token).push('sales', [pushRow(s2Sale)])).status).toBe(200);
    const client = syncClient(server.url, s1.token);
    for (const collection of ['sales', 'stock', 'staff']) {
      for (const checkpoint of [null, { seq: 0 }, { seq: 1 }, { seq: 1_000_000_000 }]) {
        for (const limit of [1, 5_000]) {
          for (const version of collection === 'sales' ? [0, 1] : [0]) {
            const res = await client.pull(collection, { checkpoint, limit, version });
            expect(res.status).toBe(200);
            for (const doc of res.body.documents) expect(doc.storeId).toBe('S1');
          }
        }
      }
      const all = (await client.pullAll(collection, 5_000)).documents;
      expect(all.length).toBeGreaterThan(0);
      expect(all.every((d) => d.storeId === 'S1')).toBe(true);
    }
    const staff = (await client.pullAll('staff')).documents as StaffMember[];
    expect(staff.map((m) => m.id).sort()).toEqual(['1001', '1009', '2001', '9001'].map((n) => demoStaffId('S1', n)).sort());
    expect(JSON.stringify(staff)).not.toMatch(/"pin"/);
    expect((await client.pullAll('sales', 5_000)).documents.map((d) => d.id)).not.toContain(s2Sale.id);
  });

  it('cannot push for S2, reuse an S2 sale id, write stock or staff, or mint codes for S2', async () => {
    const client = syncClient(server.url, s1.token);
    const product = nextProduct();
    const levelS2 = await onHand('S2', product.sku);
    const forS2 = { ...cashSale(s2.store, s1.deviceId, [{ product, quantity: 1 }]), associateId: demoAssociateId('S2') };
    expect((await client.push('sales', [pushRow(forS2)])).status).toBe(403);
    expect(await stored(forS2.id)).toBeUndefined();

    // A sale id that exists in S2, pushed as an S1 sale: refused whole, nothing of S2's sale comes back.
    const s2Sale = saleBy(s2, demoAssociateId('S2'));
    expect((await syncClient(server.url, s2.token).push('sales', [pushRow(s2Sale)])).status).toBe(200);
    const hijack = { ...saleBy(s1, demoAssociateId('S1')), id: s2Sale.id };
    const res = await client.push('sales', [pushRow(hijack)]);
    expect(res.status).toBe(403);
    expect(JSON.stringify(res.body)).not.toContain(s2.deviceId);
    expect(await stored(s2Sale.id)).toMatchObject({ storeId: 'S2', deviceId: s2.deviceId });

    for (const collection of ['stock', 'staff']) {
      const doc =
        collection === 'stock'
          ? JSON.parse((await server.store.getDocument('stock', `S2:${product.sku}`))!.body)
          : JSON.parse((await server.store.getDocument('staff', demoStaffId('S2', '9001')))!.body);
      const push = await client.push(collection, [{ assumedMasterState: doc, newDocumentState: { ...doc, storeId: 'S1' } }]);
      expect(push.status).toBe(403);
      expect(push.body.error.code).toBe('COLLECTION_READ_ONLY');
    }
    expect(await onHand('S2', product.sku)).toBe(levelS2);
    expect((await post(s1.token, { storeId: 'S2', staffNumber: '9001', pin: '9999' })).status).toBe(403);
  });
});
