import { acceptFact, rejectFact, type Decision } from '../fact/decision.js';
import type { Fact } from '../fact/schema.js';
import type { FactState } from '../fact/state.js';
import { DomainError, ErrorCode } from '../kernel/errors.js';
import { checkAssociate } from '../staff/permissions.js';
import type { ShiftCashMoved, ShiftClosed, ShiftFact, ShiftOpened } from './facts.js';
import type { ZReport } from './schema.js';

/** A shift as its accepted facts left it on the server. */
export interface ShiftRecord {
  opened: ShiftOpened | undefined;
  closed: ShiftClosed | undefined;
}

/** The shift's accepted open and close among its facts (refused ones never opened or closed anything). */
export function shiftRecordOf(facts: readonly Fact[]): ShiftRecord {
  const accepted = facts.filter((f) => f.outcome?.status === 'accepted');
  return {
    opened: accepted.find((f) => f.kind === 'shift.opened') as ShiftOpened | undefined,
    closed: accepted.find((f) => f.kind === 'shift.closed') as ShiftClosed | undefined,
  };
}

/**
 * The server's decision on a shift fact, given the shift's facts recorded before it (the same push's included).
 * Any active staff member who may ring sales opens, moves cash and closes; a shift is one register's: cash moved
 * or a close on another device, before the open or after the close, is refused with words the associate can act on.
 * No stock moves.
 */
export function decideShiftFact(fact: ShiftFact, recorded: readonly Fact[], state: Pick<FactState, 'document'>): Decision {
  const who = checkAssociate(state.document('staff', fact.associateId), fact, 'sale.create');
  if (!who.ok) return rejectFact(who.error);
  const shift = shiftRecordOf(recorded.filter((f) => f.id !== fact.id));
  // A fact's kind is a string, not a literal type: the registry's schemas made the payload match it.
  if (fact.kind === 'shift.opened') return decideOpen(fact as ShiftOpened, shift);
  const refusal = notOpenFor(fact as ShiftCashMoved | ShiftClosed, shift);
  if (refusal) return rejectFact(refusal);
  if (fact.kind === 'shift.closed') {
    const mismatch = reportMismatch((fact as ShiftClosed).payload.zReport, fact.subjectId, shift.opened!);
    if (mismatch) return rejectFact(new DomainError(ErrorCode.SHIFT_REPORT_MISMATCH, mismatch));
  }
  return acceptFact();
}

function decideOpen(fact: ShiftOpened, shift: ShiftRecord): Decision {
  if (shift.opened) {
    const { registerName } = shift.opened.payload;
    return rejectFact(
      new DomainError(
        ErrorCode.SHIFT_ALREADY_OPEN,
        `shift ${fact.subjectId} was already opened on ${registerName} at ${shift.opened.createdAtDevice}: open a new shift instead`,
      ),
    );
  }
  return acceptFact();
}

/** Why cash cannot move on, or a close cannot close, this shift now; null when it is open on this register. */
function notOpenFor(fact: ShiftCashMoved | ShiftClosed, shift: ShiftRecord): DomainError | null {
  const what = fact.kind === 'shift.closed' ? 'close' : 'move cash on';
  if (!shift.opened) return new DomainError(ErrorCode.SHIFT_NOT_OPEN, `cannot ${what} shift ${fact.subjectId}: it was never opened`);
  if (shift.opened.deviceId !== fact.deviceId) {
    return new DomainError(
      ErrorCode.SHIFT_NOT_OPEN,
      `cannot ${what} shift ${fact.subjectId} from this device: it is open on ${shift.opened.payload.registerName}`,
    );
  }
  if (shift.closed) {
    return new DomainError(
      ErrorCode.SHIFT_ALREADY_CLOSED,
      `cannot ${what} shift ${fact.subjectId}: it was already closed at ${shift.closed.createdAtDevice}`,
    );
  }
  return null;
}

/** What is wrong with a close's Z report: not this shift's, or figures that do not follow from each other. */
function reportMismatch(report: ZReport, shiftId: string, opened: ShiftOpened): string | null {
  if (report.shiftId !== shiftId) return `the Z report is of shift ${report.shiftId}, not ${shiftId}`;
  if (report.float !== opened.payload.float) return `the Z report's float ${report.float} is not the shift's opening float ${opened.payload.float}`;
  const cash = report.float + report.tenders.cash.net + report.cashIn - report.cashOut;
  if (report.expected.cash !== cash) return `expected cash ${report.expected.cash} is not float + cash sales + cash in − cash out = ${cash}`;
  for (const kind of ['cash', 'card', 'pix'] as const) {
    const overShort = report.counted[kind] - report.expected[kind];
    if (report.overShort[kind] !== overShort) return `${kind} over/short ${report.overShort[kind]} is not counted − expected = ${overShort}`;
  }
  return null;
}
