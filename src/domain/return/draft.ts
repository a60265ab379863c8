import { newCreditCode } from '../credit/schema.js';
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
  /** The code of the credit a refund to store credit issues; drawn here when not given (the device prints it). */
  creditCode?: string;
  newId: IdGenerator;
  clock: Clock;
}

/**
 * The `return.recorded` fact a device writes, with the refund computed as the server will recompute it, validated
 * (throws field errors: a line without a reason code cannot be saved).
 */
export function draftReturn(input: ReturnDraftInput): ReturnRecorded {
  const { storeId, deviceId, associateId, priced, paidBy, returnedBefore, method, creditCode, newId, clock, ...rest } = input;
  const computed = computeRefund(method, refundAmount(priced, rest.lines, returnedBefore), paidBy);
  const refund = computed.tenders.some((t) => t.kind === 'store_credit') ? { ...computed, creditCode: creditCode ?? newCreditCode() } : computed;
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
