import { decideShiftFact, type Fact, type ShiftCashMoved, type ShiftClosed, type ShiftFact, type ShiftOpened } from '../../src/domain/index.js';
import type { FactPolicy } from '../facts/policy.js';

/**
 * Every `shift.*` kind: the batch reads who did each fact and every fact already recorded for its shift (one query
 * by the `shift` lookup key for the whole push; facts of the same push are seen as they are decided), and the
 * domain's decideShiftFact decides. Nothing but the fact is written.
 */
export const shiftPolicy: FactPolicy<ShiftFact> = {
  load: (facts) => ({
    documents: { staff: facts.map((f) => f.associateId) },
    keys: { facts: { shift: facts.map((f) => f.subjectId) } },
  }),
  decide: (fact, state) =>
    decideShiftFact(
      fact,
      // Another store's fact with the same id is none of this store's business (ids are UUIDv7: only a forged one).
      state.documentsByKey('facts', 'shift', fact.subjectId).filter((f: Fact) => f.storeId === fact.storeId),
      state,
    ),
};

/** The server's kind map entries of the shift kinds (facts/kinds.ts). */
export const shiftPolicies = {
  'shift.opened': shiftPolicy as FactPolicy<ShiftOpened>,
  'shift.cash-moved': shiftPolicy as FactPolicy<ShiftCashMoved>,
  'shift.closed': shiftPolicy as FactPolicy<ShiftClosed>,
};
