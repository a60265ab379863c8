import type { Fact } from '../fact/schema.js';

/** Kinds of the `facts` collection that record a register shift: their subject is the shift's id. */
export const isShiftFactKind = (kind: string): boolean => kind.startsWith('shift.');

/**
 * The server-side key a shift's facts are found by (registry `facts.lookupKeys`): a close is decided on the open
 * and any close already recorded for the same shift, read with one query for a whole push.
 */
export const shiftLookupValues = {
  shift: (fact: Pick<Fact, 'kind' | 'subjectId'>) => (isShiftFactKind(fact.kind) ? [fact.subjectId] : []),
};
