import { afterEach, describe, expect, it } from 'vitest';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { firstValueFrom } from 'rxjs';
import { completeCashSale, returnableOfSaleSummary, type Sale, type SaleSummary } from '../../../domain/index.js';
import { fixedClock, storeS1 } from '../../../domain/testing/fixtures.js';
import { createVitrineDatabase, type VitrineDatabase } from '../../db/database.js';
import { saveEnrollment } from '../../device/enrollment.js';
import { openShift, shiftActivity$ } from '../shift/shift-data.js';
import { conflictOf, findPurchases, recordReturn, returnedUnitsOf, storeReturns$ } from './returns-data.js';

let db: VitrineDatabase | undefined;
let n = 0;
afterEach(async () => {
  await db?.remove();
  db = undefined;
});

async function till() {
  db = await createVitrineDatabase({
    storage: getRxStorageMemory(),
    name: `returns${++n}`,
    devMode: true,
    collections: ['sales', 'facts', 'customers'],
  });
  await saveEnrollment(db, {
    token: 'x'.repeat(24),
    deviceId: 'dev-1',
    deviceName: 'Caixa 1',
    storeId: 'S1',
    store: storeS1,
    enrolledAt: '2026-11-26T09:00:00.000Z',
    storage: 'persisted',
  });
  return db;
}

const offline = async () => {
  throw new TypeError('Failed to fetch');
};
const summary: SaleSummary = {
  id: 'sale-s3',
  receiptNumber: 'S3-01-000042',
  storeId: 'S3',
  currency: 'BRL',
  acceptedAt: '2026-11-25T10:00:00.000Z',
  total: 9000,
  paid: [{ kind: 'card', amount: 9000 }],
  lines: [{ lineNo: 1, sku: 'CAM-1', name: 'Camiseta', quantity: 3, total: 9000, returned: 1 }],
};

describe('finding a purchase and recording its return on the device', () => {
  it("finds this store's sale offline, and another store's sale offline only as looked up earlier (a day at most)", async () => {
    const d = await till();
    let id = 0;
    const sale: Sale = completeCashSale({
      store: storeS1,
      deviceId: 'dev-1',
      associateId: 'S1-1001',
      receiptNumber: 'S1-01-000007',
      lines: [{ sku: 'TEN-0001-42-PRE', name: 'Tênis', quantity: 1, unitPrice: 1000, taxClass: 'standard' }],
      cashTendered: 1000,
      newId: () => `01900000-0000-7000-8000-${String(++id).padStart(12, '0')}`,
      clock: fixedClock(),
    });
    await d.sales.insert(sale as never);
    const ctx = { db: d, storeId: 'S1', baseUrl: 'http://x', token: 't' };
    let now = Date.parse('2026-11-26T10:00:00.000Z');
    const answers = (found: SaleSummary[]) => async (url: string) =>
      new Response(JSON.stringify(url.includes('/lookup/sales') ? { sales: found } : { orders: [] }), { status: 200 });

    const original = globalThis.fetch;
    const realNow = Date.now;
    try {
      globalThis.fetch = offline as never;
      const local = await findPurchases(ctx, 'number', ' s1-01-000007 ');
      expect(local.purchases.map((p) => p.number)).toEqual(['S1-01-000007']);
      expect(local.offline).toBe(true);
      expect((await findPurchases(ctx, 'number', 'S3-01-000042')).purchases).toEqual([]);

      globalThis.fetch = answers([summary]) as never;
      Date.now = () => now;
      const online = await findPurchases(ctx, 'number', 'S3-01-000042');
      expect(online.purchases.map((p) => [p.number, p.storeId, p.lines[0]!.returned])).toEqual([['S3-01-000042', 'S3', 1]]);

      globalThis.fetch = offline as never;
      now += 23 * 3_600_000;
      const saved = await findPurchases(ctx, 'number', 's3-01-000042');
      expect(saved.purchases.map((p) => p.number)).toEqual(['S3-01-000042']);
      expect(saved.savedAt).not.toBeNull();
      now += 2 * 3_600_000;
      expect((await findPurchases(ctx, 'number', 'S3-01-000042')).purchases).toEqual([]);
    } finally {
      globalThis.fetch = original;
      Date.now = realNow;
    }
  });

  it("asks the server by the customer's email for their sales in other stores, and offline answers what it said for that email", async () => {
    const d = await till();
    const asked: string[] = [];
    const original = globalThis.fetch;
    try {
      globalThis.fetch = (async (url: string) => {
        asked.push(url);
        return new Response(JSON.stringify(url.includes('/lookup/sales') ? { sales: [summary] } : { orders: [] }), { status: 200 });
      }) as never;
      const ctx = { db: d, storeId: 'S1', baseUrl: 'http://server', token: 't' };
      const online = await findPurchases(ctx, 'email', 'Lia@Example.com');
      expect(online.purchases.map((p) => p.number)).toEqual(['S3-01-000042']);
      expect(asked.some((u) => u.includes('/api/lookup/sales?email=Lia%40Example.com'))).toBe(true);
      globalThis.fetch = offline as never;
      const later = await findPurchases(ctx, 'email', 'lia@example.com');
      expect(later.purchases.map((p) => p.number)).toEqual(['S3-01-000042']);
      expect(later.savedAt).not.toBeNull();
    } finally {
      globalThis.fetch = original;
    }
  });

  it("records the return in the open shift with the refund the server will compute, and counts its units against the line's", async () => {
    const d = await till();
    const by = { db: d, storeId: 'S1', deviceId: 'dev-1', staffId: 'S1-1001' };
    const shiftId = await openShift(by, { float: 0, currency: 'BRL', registerName: 'Caixa 1' });
    const purchase = returnableOfSaleSummary(summary);
    const fact = await recordReturn(by, {
      purchase,
      lines: [{ lineNo: 1, sku: 'CAM-1', quantity: 1, reason: 'defective', condition: 'damaged' }],
      returnedBefore: new Map([[1, 1]]),
      method: 'original_tender',
      approval: null,
    });
    expect(fact.payload).toMatchObject({ shiftId, refund: { method: 'original_tender', tenders: [{ kind: 'card', amount: 3000 }] } });
    const returns = await firstValueFrom(storeReturns$(d));
    expect(returnedUnitsOf(purchase, returns).get(1)).toBe(1);
    expect(returnedUnitsOf({ ...purchase, lines: [{ ...purchase.lines[0]!, returned: 0 }] }, returns).get(1)).toBe(1);
    expect((await firstValueFrom(shiftActivity$(d, shiftId))).returns?.map((r) => r.id)).toEqual([fact.id]);
  });

  it("reads who, where and when from the server's over-return refusal", () => {
    const message =
      'line 1 (CAM-1): 1 to return but only 0 of 2 bought remain, already returned by S2-1001 at store S2 on device 0193-dev, ' +
      "2026-11-26T10:00:00.000Z (return r-1); this return's refund of 100 by card was not recorded: follow it up with the customer";
    expect(conflictOf(message)).toEqual({ associateId: 'S2-1001', storeId: 'S2', deviceId: '0193-dev', at: '2026-11-26T10:00:00.000Z' });
    expect(conflictOf('line 1 was not collected or delivered yet')).toBeNull();
  });
});
