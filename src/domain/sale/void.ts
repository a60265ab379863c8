import { z } from 'zod';
import { acceptFact, rejectFact, type Decision } from '../fact/decision.js';
import { defineFactKind, type FactOf } from '../fact/kind.js';
import type { FactState } from '../fact/state.js';
import { ID_MAX_LENGTH } from '../kernel/ids.js';
import { MinorUnitsSchema } from '../kernel/money.js';
import { checkAssociate } from '../staff/permissions.js';
import type { Clock } from '../kernel/clock.js';
import type { IdGenerator } from '../kernel/ids.js';
import { parseOrThrow } from '../kernel/validation.js';
import { VoidedLineSchema } from './schema.js';

/** Why a whole sale was abandoned before it completed; the shift's Z report counts voids by reason. */
export const SaleVoidReasonSchema = z.enum(['customer_changed_mind', 'customer_left', 'payment_declined', 'entered_in_error', 'other']);
export type SaleVoidReason = z.infer<typeof SaleVoidReasonSchema>;

/**
 * `sale.voided`: a sale rung up and abandoned before completion. Nothing was sold, so no stock moves; the fact keeps
 * what was on the till (every line, the ones voided one by one too), its total and the reason, for the shift's
 * record. The subject is a new id: the sale that never was.
 */
export const SaleVoidedPayloadSchema = z.object({
  shiftId: z.string().min(1).max(ID_MAX_LENGTH).nullable(),
  lines: z.array(VoidedLineSchema).min(1).max(400),
  /** What the cart came to when it was voided, in minor units. */
  total: MinorUnitsSchema.min(0),
  reason: SaleVoidReasonSchema,
});
export type SaleVoidedPayload = z.infer<typeof SaleVoidedPayloadSchema>;

const SaleVoidSubjectSchema = z.string().min(1).max(ID_MAX_LENGTH);
export type SaleVoided = FactOf<typeof SaleVoidSubjectSchema, typeof SaleVoidedPayloadSchema>;

export const saleVoided = defineFactKind({ kind: 'sale.voided', subject: SaleVoidSubjectSchema, payload: SaleVoidedPayloadSchema });

/** A void is accepted from an active associate of the store who may ring sales; it changes nothing but the record. */
export function decideSaleVoided(fact: SaleVoided, state: FactState): Decision {
  const associate = checkAssociate(state.document('staff', fact.associateId), fact, 'sale.create');
  return associate.ok ? acceptFact() : rejectFact(associate.error);
}

export interface SaleVoidInput extends SaleVoidedPayload {
  storeId: string;
  deviceId: string;
  associateId: string;
  newId: IdGenerator;
  clock: Clock;
}

/** The `sale.voided` fact a till writes when the associate abandons the sale, validated (throws field errors). */
export function draftSaleVoided(input: SaleVoidInput): SaleVoided {
  const { storeId, deviceId, associateId, newId, clock, ...payload } = input;
  return {
    id: newId(),
    kind: 'sale.voided',
    storeId,
    deviceId,
    associateId,
    createdAtDevice: clock().toISOString(),
    subjectId: newId(),
    payload: parseOrThrow(SaleVoidedPayloadSchema, payload, ['payload']),
  };
}
