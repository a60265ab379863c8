import { ErrorCode, fail, ok, type Result } from '../kernel/errors.js';
import { roundDiv } from '../kernel/money.js';
import { parseWith } from '../kernel/validation.js';
import { type CashRounding, type PaymentTender, TenderReversalSchema, PaymentTenderSchema } from './schema.js';

/**
 * Where a sale's payment stands, from its total and its tenders: the one derivation the pay screen, the sale's
 * completion and the server's check share. It depends only on the sums of cash and of other tenders, so the order
 * tenders were taken in never changes it.
 *
 * Cash rounding applies only when cash settles the balance: what is owed after card and Pix is rounded to the store's
 * step, and the difference is `cashRounding` (signed, at most half a step), so paid = total + cashRounding + change.
 */
export interface TenderState {
  total: number;
  /** Sum of the tenders not reversed. */
  paid: number;
  /** Rounding of the cash part; 0 when no cash was taken or the store does not round. */
  cashRounding: number;
  /** total + cashRounding: what the tenders must come to, less change. */
  due: number;
  /** Cash handed back: only ever from cash. */
  change: number;
  /** Exact balance a card or Pix may still take; 0 once complete. */
  remaining: number;
  /** Cash still to ask for, rounded to the store's step (the pay screen's suggested amount). */
  cashToSettle: number;
  /** Card and Pix over the total: impossible through addTender, reported for a sale received from elsewhere. */
  nonCashExcess: number;
  complete: boolean;
}

export function tenderState(total: number, tenders: readonly PaymentTender[], rounding: CashRounding = 1): TenderState {
  const active = tenders.filter((t) => !t.reversal);
  const cash = sum(active.filter((t) => t.kind === 'cash'));
  const nonCash = sum(active.filter((t) => t.kind !== 'cash'));
  const owedInCash = Math.max(0, total - nonCash);
  const cashDue = roundCash(owedInCash, rounding);
  const cashRounding = cash > 0 ? cashDue - owedInCash : 0;
  const nonCashExcess = Math.max(0, nonCash - total);
  const complete = nonCashExcess === 0 && (cash > 0 ? cash >= cashDue : nonCash === total);
  return {
    total,
    paid: cash + nonCash,
    cashRounding,
    due: total + cashRounding,
    change: complete && cash > 0 ? cash - cashDue : 0,
    remaining: complete ? 0 : Math.max(0, owedInCash - cash),
    cashToSettle: complete ? 0 : Math.max(0, cashDue - cash),
    nonCashExcess,
    complete,
  };
}

/** Rounds a cash amount to the store's step, halves up (Swedish rounding). */
export function roundCash(amount: number, rounding: CashRounding = 1): number {
  return rounding === 1 ? amount : roundDiv(amount, rounding) * rounding;
}

/**
 * Records one more tender. Refuses a tender that cannot stand (a Pix without its payment's reference, a card without
 * its approval code or with a card number: field errors), a card or Pix for more than the balance (change comes only
 * from cash), and any tender once the sale is paid. Retrying the same tender (same id, same content) changes nothing.
 */
export function addTender(total: number, tenders: readonly PaymentTender[], input: unknown, rounding: CashRounding = 1): Result<PaymentTender[]> {
  const parsed = parseWith(PaymentTenderSchema, input);
  if (!parsed.ok) return parsed;
  const tender = parsed.value;
  const same = tenders.find((t) => t.id === tender.id);
  if (same) {
    return JSON.stringify(same) === JSON.stringify(tender)
      ? ok([...tenders])
      : fail(ErrorCode.VALIDATION_FAILED, `tender ${tender.id} is already recorded with other details`, [{ path: 'id', message: 'already used' }]);
  }
  const state = tenderState(total, tenders, rounding);
  if (state.complete)
    return fail(ErrorCode.TENDER_EXCEEDS_BALANCE, 'the sale is already paid', [{ path: 'amount', message: 'nothing is left to pay' }]);
  if (tender.kind !== 'cash' && tender.amount > state.remaining) {
    return fail(
      ErrorCode.TENDER_EXCEEDS_BALANCE,
      `a ${tender.kind} payment cannot be more than the balance of ${state.remaining}: change is given only in cash`,
      [{ path: 'amount', message: `at most ${state.remaining}` }],
    );
  }
  return ok([...tenders, tender]);
}

/**
 * Undoes a tender before the sale completes. The tender stays in the list with its reversal (who, why): the shift's
 * record shows a card charged and voided, and a retried reversal with the same reason changes nothing.
 */
export function reverseTender(tenders: readonly PaymentTender[], tenderId: string, input: unknown): Result<PaymentTender[]> {
  const parsed = parseWith(TenderReversalSchema, input);
  if (!parsed.ok) return parsed;
  const reversal = parsed.value;
  const tender = tenders.find((t) => t.id === tenderId);
  if (!tender) return fail(ErrorCode.NOT_FOUND, `no tender ${tenderId} in this sale`, [{ path: 'tenderId', message: 'not in this sale' }]);
  if (tender.reversal) {
    if (JSON.stringify(tender.reversal) === JSON.stringify(reversal)) return ok([...tenders]);
    return fail(ErrorCode.TENDER_ALREADY_REVERSED, `tender ${tenderId} was already reversed`);
  }
  return ok(tenders.map((t) => (t.id === tenderId ? { ...t, reversal } : t)));
}

/** The check at "complete sale", on the device and on the server: the tenders cover the total, change only from cash. */
export function settleTenders(total: number, tenders: readonly PaymentTender[], rounding: CashRounding = 1): Result<TenderState> {
  const state = tenderState(total, tenders, rounding);
  if (state.nonCashExcess > 0) {
    return fail(ErrorCode.TENDER_EXCEEDS_BALANCE, 'card and Pix payments exceed the total: change is given only in cash', [
      { path: 'tenders', message: `over by ${state.nonCashExcess}` },
    ]);
  }
  if (!state.complete) {
    return fail(ErrorCode.SALE_UNDERPAID, `the tenders do not cover the total: ${state.cashToSettle || state.remaining} still to pay`, [
      { path: 'tenders', message: 'the tenders do not cover the total' },
    ]);
  }
  return ok(state);
}

const sum = (tenders: readonly PaymentTender[]) => tenders.reduce((total, t) => total + t.amount, 0);
