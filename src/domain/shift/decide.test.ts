import { describe, expect, it } from 'vitest';
import type { Fact } from '../fact/schema.js';
import type { FactState } from '../fact/state.js';
import type { StaffMember } from '../staff/schema.js';
import { decideShiftFact } from './decide.js';
import type { ShiftFact } from './facts.js';
import { computeZReport } from './z-report.js';

const SHIFT = '019ac000-0000-7000-8000-00000000000a';
const staff: Record<string, StaffMember> = {
  'S1-1001': { id: 'S1-1001', storeId: 'S1', staffNumber: '1001', name: 'Ana', role: 'associate', active: true, pinVerifier: {} as never },
  'S1-2001': { id: 'S1-2001', storeId: 'S1', staffNumber: '2001', name: 'Bruno', role: 'pickup', active: true, pinVerifier: {} as never },
};
const state = { document: (_: string, id: string) => staff[id] } as unknown as Pick<FactState, 'document'>;
let n = 0;
const fact = (kind: string, payload: object, over: Partial<Fact> = {}): ShiftFact =>
  ({
    id: `019ac000-0000-7000-8000-${String(++n).padStart(12, '0')}`,
    kind,
    storeId: 'S1',
    deviceId: 'dev-1',
    associateId: 'S1-1001',
    createdAtDevice: '2026-11-26T09:00:00.000-03:00',
    subjectId: SHIFT,
    payload,
    ...over,
  }) as ShiftFact;
const accepted = <F extends Fact>(f: F): F => ({
  ...f,
  outcome: { status: 'accepted', code: null, message: null, decidedAt: '2026-11-26T12:00:00.000Z' },
});
const refused = <F extends Fact>(f: F): F => ({
  ...f,
  outcome: { status: 'rejected', code: 'X', message: 'x', decidedAt: '2026-11-26T12:00:00.000Z' },
});
const opened = (float = 10000) => fact('shift.opened', { float, currency: 'BRL', registerName: 'Caixa 1' });
const report = (float = 10000, counted = { cash: float, card: 0, pix: 0 }) =>
  computeZReport({
    shiftId: SHIFT,
    currency: 'BRL',
    openedAt: '2026-11-26T09:00:00.000-03:00',
    closedAt: '2026-11-26T18:00:00.000-03:00',
    float,
    cashMoves: [],
    sales: [],
    voidedSales: [],
    counted,
  });
const closed = (zReport = report(), over: Partial<Fact> = {}) => fact('shift.closed', { blind: false, zReport }, over);
const codeOf = (d: ReturnType<typeof decideShiftFact>) => (d.status === 'rejected' ? d.error.code : 'accepted');

describe('decideShiftFact', () => {
  it('opens a shift for a seller, not for pickup staff, and only once', () => {
    expect(codeOf(decideShiftFact(opened(), [], state))).toBe('accepted');
    expect(
      codeOf(decideShiftFact(fact('shift.opened', { float: 0, currency: 'BRL', registerName: 'Caixa 1' }, { associateId: 'S1-2001' }), [], state)),
    ).toBe('ASSOCIATE_NOT_ALLOWED');
    expect(codeOf(decideShiftFact(opened(20000), [accepted(opened())], state))).toBe('SHIFT_ALREADY_OPEN');
    // An open the server refused opened nothing: the shift may still be opened.
    expect(codeOf(decideShiftFact(opened(), [refused(opened())], state))).toBe('accepted');
  });

  it('closes only an open shift of the same register, once, with a report that follows from it', () => {
    const open = accepted(opened());
    expect(codeOf(decideShiftFact(closed(), [], state))).toBe('SHIFT_NOT_OPEN');
    expect(codeOf(decideShiftFact(closed(report(), { deviceId: 'dev-2' }), [open], state))).toBe('SHIFT_NOT_OPEN');
    expect(codeOf(decideShiftFact(closed(), [open, accepted(closed())], state))).toBe('SHIFT_ALREADY_CLOSED');
    expect(codeOf(decideShiftFact(closed(report(5000)), [open], state))).toBe('SHIFT_REPORT_MISMATCH');
    const short = report(10000, { cash: 9000, card: 0, pix: 0 });
    expect(codeOf(decideShiftFact(closed({ ...short, overShort: { cash: 0, card: 0, pix: 0 } }), [open], state))).toBe('SHIFT_REPORT_MISMATCH');
    expect(
      codeOf(
        decideShiftFact(closed({ ...short, expected: { ...short.expected, cash: 9000 }, overShort: { cash: 0, card: 0, pix: 0 } }), [open], state),
      ),
    ).toBe('SHIFT_REPORT_MISMATCH');
    expect(codeOf(decideShiftFact(closed(short), [open], state))).toBe('accepted');
  });

  it('moves cash only while the shift is open', () => {
    const move = () => fact('shift.cash-moved', { direction: 'in', amount: 500, reason: 'change_fund' });
    expect(codeOf(decideShiftFact(move(), [], state))).toBe('SHIFT_NOT_OPEN');
    expect(codeOf(decideShiftFact(move(), [accepted(opened())], state))).toBe('accepted');
    expect(codeOf(decideShiftFact(move(), [accepted(opened()), accepted(closed())], state))).toBe('SHIFT_ALREADY_CLOSED');
  });
});
