import { combineLatest, map, type Observable } from 'rxjs';
import {
  computeZReport,
  factKinds,
  isShiftFactKind,
  newId,
  shiftFactKinds,
  type Fact,
  type ReportedReturn,
  type Sale,
  type SaleVoided,
  type ShiftCashMoved,
  type ShiftCashMovedPayload,
  type ShiftClosed,
  type ShiftFact,
  type ShiftOpened,
  type ZReport,
} from '../../../domain/index.js';
import type { VitrineDatabase } from '../../db/database.js';
import { quarantined, type Quarantine } from '../../db/quarantine.js';
import { loadEnrollment } from '../../device/enrollment.js';

/** A shift of this register as the device knows it: its own facts, synced or not (they never leave the device unsent). */
export interface ShiftView {
  id: string;
  opened: ShiftOpened;
  moves: ShiftCashMoved[];
  closed: ShiftClosed | null;
  /** Cash moves or closes of this shift the server refused: shown with their reason, counted nowhere. */
  refused: Fact[];
}

/** Who records a shift's facts: this device, its store and the person signed in. */
export interface ShiftRecorder {
  db: VitrineDatabase;
  storeId: string;
  deviceId: string;
  staffId: string;
}

const SHIFT_KINDS = Object.keys(factKinds).filter(isShiftFactKind);
/** A fact the server refused did not happen: an open it refused opens nothing. */
const stands = (f: Fact) => f.outcome?.status !== 'rejected';

/** The shifts of this device, newest first (fact ids are UUIDv7: they sort by creation). */
export function shiftsOf(facts: readonly Fact[]): ShiftView[] {
  const mine = facts.filter((f) => isShiftFactKind(f.kind)).sort((a, b) => a.id.localeCompare(b.id)) as ShiftFact[];
  const shifts = new Map<string, ShiftView>();
  for (const fact of mine) {
    if (fact.kind === 'shift.opened') {
      if (!shifts.has(fact.subjectId) && stands(fact))
        shifts.set(fact.subjectId, { id: fact.subjectId, opened: fact as ShiftOpened, moves: [], closed: null, refused: [] });
      continue;
    }
    const shift = shifts.get(fact.subjectId);
    if (!shift) continue;
    if (!stands(fact)) {
      shift.refused.push(fact);
      continue;
    }
    if (fact.kind === 'shift.cash-moved') shift.moves.push(fact as ShiftCashMoved);
    else if (fact.kind === 'shift.closed' && !shift.closed) shift.closed = fact as ShiftClosed;
  }
  return [...shifts.values()].reverse();
}

/** The open shift among a device's shifts: the newest, unless it is closed. */
export const openShiftOf = (shifts: readonly ShiftView[]): ShiftView | null => (shifts[0] && !shifts[0].closed ? shifts[0] : null);

const shiftFactsQuery = (db: VitrineDatabase, deviceId: string) => db.facts.find({ selector: { deviceId, kind: { $in: SHIFT_KINDS } } });

/** This device's shifts, live, newest first. */
export function shifts$(db: VitrineDatabase, deviceId: string): Observable<ShiftView[]> {
  return shiftFactsQuery(db, deviceId).$.pipe(map((docs) => shiftsOf(docs.map((d) => d.toJSON() as Fact))));
}

/** The id of the register shift open on this device, for the sale to carry; null while none is open. */
export async function currentShiftId(db: VitrineDatabase): Promise<string | null> {
  const enrollment = await loadEnrollment(db);
  if (!enrollment) return null;
  const docs = await shiftFactsQuery(db, enrollment.deviceId).exec();
  return openShiftOf(shiftsOf(docs.map((d) => d.toJSON() as Fact)))?.id ?? null;
}

/** Everything a shift's Z report reads on the device: its sales (any till's copy, synced or not) and its voided sales. */
export interface ShiftActivity {
  sales: Sale[];
  voided: SaleVoided[];
  /** Returns taken on this till during the shift (cash refunds leave its drawer). */
  returns?: ReportedReturn[];
}

export function shiftActivity$(db: VitrineDatabase, shiftId: string): Observable<ShiftActivity> {
  return combineLatest([
    db.sales.find({ selector: { shiftId } }).$,
    db.facts.find({ selector: { kind: 'sale.voided' } }).$,
    db.facts.find({ selector: { kind: 'return.recorded' } }).$,
  ]).pipe(
    map(([sales, voided, returns]) => ({
      sales: sales.map((d) => d.toJSON() as Sale),
      voided: voided.map((d) => d.toJSON() as SaleVoided).filter((v) => v.payload.shiftId === shiftId),
      returns: returns.map((d) => d.toJSON() as unknown as ReportedReturn).filter((r) => r.payload.shiftId === shiftId),
    })),
  );
}

/** Sales of the shift still waiting to reach the server (the quarantined ones will never be sent: not waiting). */
export const unsyncedSalesOf = (activity: ShiftActivity, quarantine: Quarantine): Sale[] =>
  activity.sales.filter((s) => !s.outcome && !quarantined(quarantine, 'sales', s.id));

/** The Z report of a shift from what the device holds, counted amounts as typed (a quarantined sale counts as refused). */
export function zReportOf(shift: ShiftView, activity: ShiftActivity, quarantine: Quarantine, counted: ZReport['counted'], closedAt: string): ZReport {
  const refused = { status: 'rejected', code: null, message: null, decidedAt: closedAt } as const;
  return computeZReport({
    shiftId: shift.id,
    currency: shift.opened.payload.currency,
    openedAt: shift.opened.createdAtDevice,
    closedAt,
    float: shift.opened.payload.float,
    cashMoves: shift.moves.map((m) => m.payload),
    sales: activity.sales.map((s) => (!s.outcome && quarantined(quarantine, 'sales', s.id) ? { ...s, outcome: refused } : s)),
    voidedSales: activity.voided.map((v) => ({ ...v.payload, rejected: v.outcome?.status === 'rejected' })),
    returns: activity.returns ?? [],
    counted,
  });
}

function draft<K extends keyof typeof shiftFactKinds>(by: ShiftRecorder, kind: K, shiftId: string, payload: unknown): Fact {
  return {
    id: newId(),
    kind,
    storeId: by.storeId,
    deviceId: by.deviceId,
    associateId: by.staffId,
    createdAtDevice: new Date().toISOString(),
    subjectId: shiftId,
    // Validated here, so a fact the server would refuse as malformed is never written.
    payload: shiftFactKinds[kind].payload.parse(payload) as Record<string, unknown>,
  };
}

/** Opens the register with a float: a new shift id, generated here, so it works offline. */
export async function openShift(by: ShiftRecorder, input: { float: number; currency: string; registerName: string }): Promise<string> {
  const shiftId = newId();
  await by.db.facts.insert(draft(by, 'shift.opened', shiftId, input));
  return shiftId;
}

export async function moveCash(by: ShiftRecorder, shiftId: string, move: ShiftCashMovedPayload): Promise<void> {
  await by.db.facts.insert(draft(by, 'shift.cash-moved', shiftId, move));
}

/** Closes the shift with its counts and Z report; the fact is durable before the report is shown. */
export async function closeShift(by: ShiftRecorder, shiftId: string, blind: boolean, zReport: ZReport): Promise<void> {
  await by.db.facts.insert(draft(by, 'shift.closed', shiftId, { blind, zReport }));
}
