import type { Clock } from '../kernel/clock.js';
import type { IdGenerator } from '../kernel/ids.js';
import { parseOrThrow } from '../kernel/validation.js';
import { computeRefund, refundAmount, type PricedLine, type RefundSource } from './refund.js';
import { type ReturnRecorded, ReturnRecordedPayloadSchema, type ReturnRecordedPayload, type Refund } from './schema.js';

export interface ReturnDraftInput extends Omit<ReturnRecordedPayload, 'refund'> {
  storeId: string;
  deviceId: string;
  associateId: string;
  /** The purchase's lines as priced, and how it was paid: the refund follows from them. */
  priced: readonly PricedLine[];
  paidBy: RefundSource;
  /** Units of each line this device knows were returned already (the server recounts). */
  returnedBefore: ReadonlyMap<number, number>;
  method: Refund['method'];
  newId: IdGenerator;
  clock: Clock;
}

/**
 * The `return.recorded` fact a device writes, with the refund computed as the server will recompute it, validated
 * (throws field errors: a line without a reason code cannot be saved).
 */
export function draftReturn(input: ReturnDraftInput): ReturnRecorded {
  const { storeId, deviceId, associateId, priced, paidBy, returnedBefore, method, newId, clock, ...rest } = input;
  const refund = computeRefund(method, refundAmount(priced, rest.lines, returnedBefore), paidBy);
  return {
    id: newId(),
    kind: 'return.recorded',
    storeId,
    deviceId,
    associateId,
    createdAtDevice: clock().toISOString(),
    subjectId: newId(),
    payload: parseOrThrow(ReturnRecordedPayloadSchema, { ...rest, refund }, ['payload']),
  };
}
