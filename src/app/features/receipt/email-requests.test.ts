import { afterEach, describe, expect, it } from 'vitest';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { completeCashSale, type Sale } from '../../../domain/index.js';
import { fixedClock, storeS1 } from '../../../domain/testing/fixtures.js';
import { createVitrineDatabase, type VitrineDatabase } from '../../db/database.js';
import type { DeviceEnrollment } from '../../device/enrollment.js';
import { flushEmailRequests, requestEmailReceipt } from './email-requests.js';

let db: VitrineDatabase | undefined;
let n = 0;
afterEach(async () => {
  await db?.remove();
  db = undefined;
});
const open = async () =>
  (db = await createVitrineDatabase({ storage: getRxStorageMemory(), name: `email-receipts${++n}`, devMode: true, collections: ['sales', 'facts'] }));

const enrollment: DeviceEnrollment = {
  token: 'x'.repeat(20),
  deviceId: 'dev-1',
  deviceName: 'Caixa 1',
  storeId: 'S1',
  store: storeS1,
  deviceNumber: 1,
  enrolledAt: '2026-01-01T00:00:00.000Z',
  storage: 'persisted',
};
let saleNo = 0;
const sale = (): Sale =>
  completeCashSale({
    store: storeS1,
    deviceId: 'dev-1',
    associateId: 'S1-1001',
    lines: [{ sku: 'TEN-0001-42-PRE', name: 'Tênis', quantity: 1, unitPrice: 1000, taxClass: 'standard' }],
    cashTendered: 1000,
    receiptNumber: `S1-01-${String(++saleNo).padStart(6, '0')}`,
    newId: () => `01900000-0000-7000-8000-${String(saleNo).padStart(12, '0')}`,
    clock: fixedClock(),
  });
const decide = (db: VitrineDatabase, id: string, status: 'accepted' | 'rejected') =>
  db.sales
    .findOne(id)
    .exec()
    .then((d) => d!.incrementalPatch({ outcome: { status, code: null, message: null, decidedAt: '2026-01-01T00:00:01.000Z' } }));
const receiptFacts = (db: VitrineDatabase) => db.facts.find({ selector: { kind: 'sale.receipt-requested' } }).exec();

describe('email receipts asked for at the till', () => {
  it('wait while the sale is pending and become one sale.receipt-requested fact once the server accepts it', async () => {
    const db = await open();
    const pending = sale();
    await db.sales.insert(pending);
    expect(await requestEmailReceipt(db, { sale: pending, email: ' ana@example.com ', associateId: 'S1-1001', enrollment })).toEqual({
      ok: true,
      status: 'queued',
    });
    expect(await receiptFacts(db)).toHaveLength(0);

    await decide(db, pending.id, 'accepted');
    await flushEmailRequests(db, enrollment);
    await flushEmailRequests(db, enrollment); // a second pass (another tab, a restart) writes nothing more
    const facts = await receiptFacts(db);
    expect(facts.map((f) => f.toJSON())).toEqual([
      expect.objectContaining({
        subjectId: pending.id,
        storeId: 'S1',
        deviceId: 'dev-1',
        associateId: 'S1-1001',
        payload: { email: 'ana@example.com' },
      }),
    ]);
  });

  it('are written at once for a sale already accepted', async () => {
    const db = await open();
    const done = sale();
    await db.sales.insert(done);
    await decide(db, done.id, 'accepted');
    expect(await requestEmailReceipt(db, { sale: done, email: 'bia@example.com', associateId: 'S1-1001', enrollment })).toEqual({
      ok: true,
      status: 'requested',
    });
    expect(await receiptFacts(db)).toHaveLength(1);
  });

  it('are dropped for a sale the server rejected: no receipt is sent for what it did not record', async () => {
    const db = await open();
    const refused = sale();
    await db.sales.insert(refused);
    await requestEmailReceipt(db, { sale: refused, email: 'caio@example.com', associateId: 'S1-1001', enrollment });
    await decide(db, refused.id, 'rejected');
    await flushEmailRequests(db, enrollment);
    expect(await receiptFacts(db)).toHaveLength(0);
    expect((await db.getLocal<{ requests: unknown[] }>('receipt-email-requests'))?.toJSON().data.requests).toEqual([]);
  });

  it('refuse an address that is not one, writing nothing', async () => {
    const db = await open();
    const s = sale();
    await db.sales.insert(s);
    const result = await requestEmailReceipt(db, { sale: s, email: 'ana@', associateId: 'S1-1001', enrollment });
    expect(result.ok).toBe(false);
    expect(await db.getLocal('receipt-email-requests')).toBeNull();
  });
});
