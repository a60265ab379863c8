import { z } from 'zod';
import { acceptFact, rejectFact, type Decision } from '../fact/decision.js';
import { defineFactKind, type FactOf } from '../fact/kind.js';
import type { FactState } from '../fact/state.js';
import type { Clock } from '../kernel/clock.js';
import { ErrorCode, DomainError } from '../kernel/errors.js';
import type { IdGenerator } from '../kernel/ids.js';
import { CurrencyCodeSchema } from '../kernel/money.js';
import { parseOrThrow } from '../kernel/validation.js';
import { checkAssociate } from '../staff/permissions.js';
import { CreditCodeSchema, type CreditEntry } from './schema.js';

/** Why a manager changed a credit's balance by hand. */
export const CreditAdjustReasonSchema = z.enum(['write_off', 'correction', 'goodwill']);
export type CreditAdjustReason = z.infer<typeof CreditAdjustReasonSchema>;

/**
 * `credit.adjusted`: a manager's change to a store credit's or gift card's balance, signed (+ adds to it, − takes
 * from it): writing off an overdraw the store absorbs (+ back to zero, which clears the flag), correcting a mistake,
 * a goodwill top-up. The subject is the credit's code. It is a fact like any other: made offline, applied once, and
 * posted on the credit's ledger as an `adjust` entry when the server accepts it from an active manager of the store.
 */
export const CreditAdjustedPayloadSchema = z.object({
  amount: z
    .int()
    .min(-100_000_000)
    .max(100_000_000)
    .refine((amount) => amount !== 0, 'an adjustment changes the balance: not 0'),
  currency: CurrencyCodeSchema,
  reason: CreditAdjustReasonSchema,
  /** What the manager saw and decided, for whoever reads the ledger later. */
  note: z.string().trim().min(3, 'say in a few words why').max(200),
});
export type CreditAdjustedPayload = z.infer<typeof CreditAdjustedPayloadSchema>;

export type CreditAdjusted = FactOf<typeof CreditCodeSchema, typeof CreditAdjustedPayloadSchema>;

export const creditAdjusted = defineFactKind({ kind: 'credit.adjusted', subject: CreditCodeSchema, payload: CreditAdjustedPayloadSchema });

/** The ledger entry an accepted adjustment posts, identified by its fact: applied once however often it is pushed. */
export const adjustEntry = (fact: CreditAdjusted, at: string): CreditEntry => ({
  id: `${fact.id}:adjust`,
  code: fact.subjectId,
  kind: 'adjust',
  amount: fact.payload.amount,
  currency: fact.payload.currency,
  storeId: fact.storeId,
  factId: fact.id,
  offline: false,
  at,
});

/** Accepted from an active manager of the store, in the store's currency; the entry goes on the credit's ledger. */
export function decideCreditAdjusted(fact: CreditAdjusted, state: FactState, decidedAt: string): Decision {
  const manager = checkAssociate(state.document('staff', fact.associateId), fact, 'credit.adjust');
  if (!manager.ok) return rejectFact(manager.error);
  if (fact.payload.currency !== state.store.currency) {
    return rejectFact(
      new DomainError(ErrorCode.VALIDATION_FAILED, `store ${fact.storeId} keeps credits in ${state.store.currency}, not ${fact.payload.currency}`, [
        { path: 'payload.currency', message: `must be ${state.store.currency}` },
      ]),
    );
  }
  return acceptFact({ credits: [adjustEntry(fact, decidedAt)] });
}

export interface CreditAdjustInput extends CreditAdjustedPayload {
  code: string;
  storeId: string;
  deviceId: string;
  associateId: string;
  newId: IdGenerator;
  clock: Clock;
}

/** The `credit.adjusted` fact a manager's device writes, validated (throws field errors). */
export function draftCreditAdjusted(input: CreditAdjustInput): CreditAdjusted {
  const { code, storeId, deviceId, associateId, newId, clock, ...payload } = input;
  return {
    id: newId(),
    kind: 'credit.adjusted',
    storeId,
    deviceId,
    associateId,
    createdAtDevice: clock().toISOString(),
    subjectId: parseOrThrow(CreditCodeSchema, code, ['code']),
    payload: parseOrThrow(CreditAdjustedPayloadSchema, payload, ['payload']),
  };
}
