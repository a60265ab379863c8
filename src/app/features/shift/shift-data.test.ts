import { afterEach, describe, expect, it } from 'vitest';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { completeCashSale, type Fact } from '../../../domain/index.js';
import { fixedClock, storeS1 } from '../../../domain/testing/fixtures.js';
import { createVitrineDatabase, type VitrineDatabase } from '../../db/database.js';
import { saveEnrollment } from '../../device/enrollment.js';
import { closeShift, currentShiftId, moveCash, openShift, shiftsOf, unsyncedSalesOf, zReportOf, type ShiftRecorder } from './shift-data.js';

let db: VitrineDatabase | undefined;
let n = 0;
afterEach(async () => {
  await db?.remove();
  db = undefined;
});

async function till(): Promise<ShiftRecorder> {
  db = await createVitrineDatabase({ storage: getRxStorageMemory(), name: `shift${++n}`, devMode: true, collections: ['sales', 'facts'] });
  await saveEnrollment(db, {
    token: 'x'.repeat(24),
    deviceId: 'dev-1',
    deviceName: 'Caixa 1',
    storeId: 'S1',
    store: storeS1,
    enrolledAt: '2026-11-26T09:00:00.000Z',
    storage: 'persisted',
  });
  return { db, storeId: 'S1', deviceId: 'dev-1', staffId: 'S1-1001' };
}

const factsOf = async (by: ShiftRecorder) => (await by.db.facts.find().exec()).map((d) => d.toJSON() as Fact);

describe('the register shift on the device', () => {
  it('gives sales the open shift’s id, and none once it is closed', async () => {
    const by = await till();
    expect(await currentShiftId(by.db)).toBeNull();
    const shiftId = await openShift(by, { float: 10000, currency: 'BRL', registerName: 'Caixa 1' });
    expect(await currentShiftId(by.db)).toBe(shiftId);
    await moveCash(by, shiftId, { direction: 'out', amount: 2000, reason: 'bank_deposit' });

    const [shift] = shiftsOf(await factsOf(by));
    const report = zReportOf(shift!, { sales: [], voided: [] }, {}, { cash: 8000, card: 0, pix: 0 }, new Date().toISOString());
    expect(report.expected.cash).toBe(8000);
    await closeShift(by, shiftId, true, report);
    expect(await currentShiftId(by.db)).toBeNull();
    expect(shiftsOf(await factsOf(by))[0]).toMatchObject({ id: shiftId, closed: { payload: { blind: true } } });
  });

  it('has no shift open once the server refused its open', async () => {
    const by = await till();
    const shiftId = await openShift(by, { float: 0, currency: 'BRL', registerName: 'Caixa 1' });
    const [opened] = await by.db.facts.find().exec();
    await opened!.incrementalPatch({
      outcome: { status: 'rejected', code: 'ASSOCIATE_NOT_ALLOWED', message: 'no', decidedAt: '2026-11-26T09:01:00.000Z' },
    });
    expect(await currentShiftId(by.db)).toBeNull();
    expect(shiftsOf(await factsOf(by)).map((s) => s.id)).not.toContain(shiftId);
  });

  it('counts a sale of the shift waiting to sync as unsynced, and a quarantined one as refused', async () => {
    const by = await till();
    const shiftId = await openShift(by, { float: 5000, currency: 'BRL', registerName: 'Caixa 1' });
    let id = 0;
    const sale = () => ({
      ...completeCashSale({
        store: storeS1,
        deviceId: 'dev-1',
        associateId: 'S1-1001',
        lines: [{ sku: 'TEN-0001-42-PRE', name: 'Tênis', quantity: 1, unitPrice: 1000, taxClass: 'standard' }],
        cashTendered: 2000,
        newId: () => `01900000-0000-7000-8000-${String(++id).padStart(12, '0')}`,
        clock: fixedClock(),
      }),
      shiftId,
    });
    const [waiting, quarantinedSale] = [sale(), sale()];
    const activity = { sales: [waiting, quarantinedSale], voided: [] };
    const quarantine = {
      sales: { [quarantinedSale.id]: { code: 'VALIDATION_FAILED', message: 'bad row', fieldErrors: [], at: '2026-11-26T10:00:00.000Z' } },
    };
    expect(unsyncedSalesOf(activity, quarantine).map((s) => s.id)).toEqual([waiting.id]);
    const [shift] = shiftsOf(await factsOf(by));
    const report = zReportOf(shift!, activity, quarantine, { cash: 6000, card: 0, pix: 0 }, new Date().toISOString());
    expect(report).toMatchObject({ salesCount: 1, unsyncedSales: 1, rejectedSales: { count: 1 }, expected: { cash: 6000 } });
  });
});
