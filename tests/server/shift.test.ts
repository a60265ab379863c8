import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeZReport, newId, type EnrollResponse, type Fact } from '../../src/domain/index.js';
import { demoStaffId } from '../../sync-server/demo/staff.js';
import { syncClient } from './client.js';
import { startTestServer, type TestServer } from './harness.js';

/** The register shift's facts through a real server: who may open, move cash and close, and when a shift may. */
let server: TestServer;
let till: EnrollResponse;
let otherTill: EnrollResponse;

beforeAll(async () => {
  server = await startTestServer({ catalogSize: 10 });
  till = await server.enrollDevice('S1', 'Caixa 1');
  otherTill = await server.enrollDevice('S1', 'Caixa 2');
});
afterAll(() => server.close());

const ana = demoStaffId('S1', '1001');
const fact = (device: EnrollResponse, kind: string, shiftId: string, payload: object, associateId = ana): Fact => ({
  id: newId(),
  kind,
  storeId: device.storeId,
  deviceId: device.deviceId,
  associateId,
  createdAtDevice: new Date().toISOString(),
  subjectId: shiftId,
  payload: payload as Record<string, unknown>,
});
const open = (shiftId: string, float = 10000, device = till, associateId = ana) =>
  fact(device, 'shift.opened', shiftId, { float, currency: 'BRL', registerName: 'Caixa 1' }, associateId);
const cashOut = (shiftId: string, amount: number, device = till) =>
  fact(device, 'shift.cash-moved', shiftId, { direction: 'out', amount, reason: 'bank_deposit' });
const zReport = (shiftId: string, float: number, counted = { cash: float, card: 0, pix: 0 }) =>
  computeZReport({
    shiftId,
    currency: 'BRL',
    openedAt: '2026-11-26T09:00:00.000-03:00',
    closedAt: '2026-11-26T18:00:00.000-03:00',
    float,
    cashMoves: [],
    sales: [],
    voidedSales: [],
    counted,
  });
const close = (shiftId: string, float = 10000, device = till, report = zReport(shiftId, float)) =>
  fact(device, 'shift.closed', shiftId, { blind: true, zReport: report });

const rows = (...facts: Fact[]) => facts.map((f) => ({ assumedMasterState: null, newDocumentState: f }));
const push = async (device: EnrollResponse, ...facts: Fact[]) => {
  const answer = await syncClient(server.url, device.token).push('facts', rows(...facts));
  expect(answer.status).toBe(200);
};
const outcomeOf = async (f: Fact) => {
  const doc = await server.store.getDocument('facts', f.id);
  return (JSON.parse(doc!.body) as Fact).outcome;
};

describe('shift facts', () => {
  it('opens, moves cash and closes a shift pushed one fact at a time, and refuses cash moved or a close after the close', async () => {
    const shift = newId();
    const [opened, moved, closed] = [open(shift), cashOut(shift, 2500), close(shift)];
    for (const f of [opened, moved, closed]) await push(till, f);
    for (const f of [opened, moved, closed]) expect(await outcomeOf(f)).toMatchObject({ status: 'accepted' });

    const late = cashOut(shift, 100);
    const again = close(shift);
    await push(till, late, again);
    expect(await outcomeOf(late)).toMatchObject({ status: 'rejected', code: 'SHIFT_ALREADY_CLOSED' });
    expect(await outcomeOf(again)).toMatchObject({
      status: 'rejected',
      code: 'SHIFT_ALREADY_CLOSED',
      message: expect.stringContaining('already closed'),
    });
  });

  it('closes a shift opened, run and closed offline and pushed in one batch', async () => {
    const shift = newId();
    const batch = [open(shift), cashOut(shift, 1000), close(shift)];
    await push(till, ...batch);
    for (const f of batch) expect(await outcomeOf(f)).toMatchObject({ status: 'accepted' });
  });

  it('refuses cash moved on, or a close of, a shift that was never opened, with the reason', async () => {
    const shift = newId();
    const [moved, closed] = [cashOut(shift, 500), close(shift)];
    await push(till, moved, closed);
    expect(await outcomeOf(moved)).toMatchObject({ status: 'rejected', code: 'SHIFT_NOT_OPEN', message: expect.stringContaining('never opened') });
    expect(await outcomeOf(closed)).toMatchObject({ status: 'rejected', code: 'SHIFT_NOT_OPEN' });
  });

  it('refuses a second open of the same shift with other content, and a close from another register', async () => {
    const shift = newId();
    const first = open(shift, 10000);
    await push(till, first);
    const second = open(shift, 20000);
    await push(till, second);
    expect(await outcomeOf(second)).toMatchObject({ status: 'rejected', code: 'SHIFT_ALREADY_OPEN', message: expect.stringContaining('Caixa 1') });
    // The same open pushed again (a retry) is the same fact: still accepted, nothing new.
    await push(till, first);
    expect(await outcomeOf(first)).toMatchObject({ status: 'accepted' });

    const elsewhere = close(shift, 10000, otherTill);
    await push(otherTill, elsewhere);
    expect(await outcomeOf(elsewhere)).toMatchObject({
      status: 'rejected',
      code: 'SHIFT_NOT_OPEN',
      message: expect.stringContaining('open on Caixa 1'),
    });
    const here = close(shift);
    await push(till, here);
    expect(await outcomeOf(here)).toMatchObject({ status: 'accepted' });
  });

  it('refuses staff who may not ring sales, and a Z report whose figures do not follow from the shift', async () => {
    const byPickupStaff = open(newId(), 10000, till, demoStaffId('S1', '2001'));
    const byDeactivated = open(newId(), 10000, till, demoStaffId('S1', '1009'));
    await push(till, byPickupStaff, byDeactivated);
    expect(await outcomeOf(byPickupStaff)).toMatchObject({ status: 'rejected', code: 'ASSOCIATE_NOT_ALLOWED' });
    expect(await outcomeOf(byDeactivated)).toMatchObject({ status: 'rejected', code: 'ASSOCIATE_NOT_ALLOWED' });

    const shift = newId();
    await push(till, open(shift, 10000));
    const otherFloat = close(shift, 10000, till, zReport(shift, 5000));
    const tampered = zReport(shift, 10000, { cash: 9000, card: 0, pix: 0 });
    const hidesShortage = close(shift, 10000, till, { ...tampered, overShort: { cash: 0, card: 0, pix: 0 } });
    await push(till, otherFloat, hidesShortage);
    expect(await outcomeOf(otherFloat)).toMatchObject({
      status: 'rejected',
      code: 'SHIFT_REPORT_MISMATCH',
      message: expect.stringContaining('opening float'),
    });
    expect(await outcomeOf(hidesShortage)).toMatchObject({
      status: 'rejected',
      code: 'SHIFT_REPORT_MISMATCH',
      message: expect.stringContaining('over/short'),
    });
    // The shift is still open: an honest close goes through.
    const honest = close(shift, 10000, till, tampered);
    await push(till, honest);
    expect(await outcomeOf(honest)).toMatchObject({ status: 'accepted' });
  });

  it('refuses a cash movement or close that is not well formed, naming the field', async () => {
    const shift = newId();
    const noNote = fact(till, 'shift.cash-moved', shift, { direction: 'out', amount: 100, reason: 'other' });
    const answer = await syncClient(server.url, till.token).push('facts', rows(noNote));
    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.body)).toContain('0.newDocumentState.payload.note');
  });
});
