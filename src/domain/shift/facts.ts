import { defineFactKind, type FactOfKind } from '../fact/kind.js';
import { ShiftCashMovedPayloadSchema, ShiftClosedPayloadSchema, ShiftIdSchema, ShiftOpenedPayloadSchema } from './schema.js';

/** The register opened with a float. */
export const shiftOpened = defineFactKind({ kind: 'shift.opened', subject: ShiftIdSchema, payload: ShiftOpenedPayloadSchema });

/** Cash put into or taken out of the drawer, with its reason. */
export const shiftCashMoved = defineFactKind({ kind: 'shift.cash-moved', subject: ShiftIdSchema, payload: ShiftCashMovedPayloadSchema });

/** The register closed: counts per tender and the Z report. */
export const shiftClosed = defineFactKind({ kind: 'shift.closed', subject: ShiftIdSchema, payload: ShiftClosedPayloadSchema });

/** The shift kinds, spread into the fact registry (fact/kinds.ts). None moves stock. */
export const shiftFactKinds = {
  'shift.opened': shiftOpened,
  'shift.cash-moved': shiftCashMoved,
  'shift.closed': shiftClosed,
} as const;

export type ShiftOpened = FactOfKind<typeof shiftOpened>;
export type ShiftCashMoved = FactOfKind<typeof shiftCashMoved>;
export type ShiftClosed = FactOfKind<typeof shiftClosed>;
export type ShiftFact = ShiftOpened | ShiftCashMoved | ShiftClosed;
