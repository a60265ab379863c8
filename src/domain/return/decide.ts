import { acceptFact, rejectFact, type Decision, type EffectEvent } from '../fact/decision.js';
import type { Fact } from '../fact/schema.js';
import type { FactState } from '../fact/state.js';
import { DomainError, ErrorCode } from '../kernel/errors.js';
import type { Order } from '../order/schema.js';
import type { Sale } from '../sale/schema.js';
import { checkAssociate } from '../staff/permissions.js';
import { eligibility, returnProblems, type ReturnProblem } from './eligibility.js';
import { RETURN_LOOKED_UP, RETURN_RECORDED, returnSourceKey } from './lookup.js';
import { purchaseOfOrder, purchaseOfSale } from './purchase.js';
import { computeRefund, refundAmount } from './refund.js';
import { returnMovements, type ReturnRecorded } from './schema.js';

/** The accepted returns recorded for the same purchase before this one, oldest first (any store, any device). */
export function earlierReturns(fact: Pick<ReturnRecorded, 'id' | 'payload'>, state: Pick<FactState, 'documentsByKey'>): ReturnRecorded[] {
  return (state.documentsByKey('facts', 'returnSource', returnSourceKey(fact.payload.source)) as Fact[])
    .filter((f) => f.kind === RETURN_RECORDED && f.id !== fact.id && f.outcome?.status === 'accepted')
    .sort((a, b) => (a.outcome!.decidedAt < b.outcome!.decidedAt ? -1 : 1)) as unknown as ReturnRecorded[];
}

/** Whether a device of this store looked the purchase up through the server (the audit fact of the sale lookup). */
export function lookedUpBy(storeId: string, source: ReturnRecorded['payload']['source'], state: Pick<FactState, 'documentsByKey'>): boolean {
  return (state.documentsByKey('facts', 'returnSource', returnSourceKey(source)) as Fact[]).some(
    (f) => f.kind === RETURN_LOOKED_UP && f.storeId === storeId,
  );
}

/** Whether the return carries a proof of purchase that verifies and is of this very sale. */
function provenBy(fact: ReturnRecorded, sale: Sale, state: Pick<FactState, 'verifiedProof'>): boolean {
  if (!fact.payload.proof) return false;
  const summary = state.verifiedProof(fact.payload.proof);
  return summary?.kind === 'sale' && summary.id === sale.id && summary.storeId === sale.storeId;
}

/** Units of each purchase line taken back by these returns. */
export function returnedUnits(returns: readonly Pick<ReturnRecorded, 'payload'>[]): Map<number, number> {
  const units = new Map<number, number>();
  for (const r of returns) for (const l of r.payload.lines) units.set(l.lineNo, (units.get(l.lineNo) ?? 0) + l.quantity);
  return units;
}

/**
 * The server's decision on `return.recorded`, in the fact's transaction, on the purchase (a sale of any store, an
 * online order), every return already accepted for it, the products' categories and the staff involved:
 * - refused: an unknown purchase; another store's sale this store never looked up; a line never bought; more units than remain (the message names the earlier
 *   return — who, when, on which device, in which store — and this return's refund, so a manager can follow it up);
 *   outside policy without an active manager of the store approving; a refund that is not what the lines give;
 * - accepted: resellable units back into the returning store's stock ('return' movements; damaged units move no
 *   sellable stock), the order's `returned` counts updated, and an online order refunded to its original payment tells
 *   its platform (`order.refund_requested`).
 */
export function decideReturn(fact: ReturnRecorded, state: FactState, decidedAt: string): Decision {
  const who = checkAssociate(state.document('staff', fact.associateId), fact, 'return.create');
  if (!who.ok) return rejectFact(who.error);
  const { source } = fact.payload;
  // Only the returned lines' products are loaded: the other lines' windows decide nothing here.
  const returning = new Set(fact.payload.lines.map((l) => l.sku));
  const catalogOf = (sku: string) => (returning.has(sku) ? state.document('products', sku) : undefined);
  let purchase: ReturnType<typeof purchaseOfSale>;
  let order: Order | undefined;
  let sale: Sale | undefined;
  if (source.kind === 'sale') {
    sale = state.document('sales', source.saleId);
    if (sale?.outcome?.status !== 'accepted')
      return refuse(ErrorCode.RETURN_SOURCE_NOT_FOUND, `sale ${source.saleId} is not a sale the server accepted`);
    // Another store's sale is only what the lookup showed this store, or what a signed proof of it says (the till
    // that took it back offline verified the QR; so does the server): never a sale id a device guessed or kept.
    if (sale.storeId !== fact.storeId && !lookedUpBy(fact.storeId, source, state) && !provenBy(fact, sale, state))
      return refuse(
        ErrorCode.RETURN_SOURCE_NOT_FOUND,
        `sale ${sale.receiptNumber} is of store ${sale.storeId}: look it up by its receipt number from store ${fact.storeId} before taking it back`,
      );
    purchase = purchaseOfSale(sale, catalogOf);
  } else {
    order = state.document('orders', source.orderId);
    if (!order) return refuse(ErrorCode.RETURN_SOURCE_NOT_FOUND, `order ${source.orderId} is not on the server`);
    purchase = purchaseOfOrder(order, catalogOf);
  }

  const earlier = earlierReturns(fact, state);
  const returned = returnedUnits(earlier);
  const approved = fact.payload.approvedBy !== null && isActiveManager(state, fact.payload.approvedBy, fact.storeId);
  const lines = eligibility({ purchase, windows: state.store.returnWindows, returned, at: decidedAt });
  const problems = returnProblems(lines, fact.payload.lines, approved);
  if (problems.length > 0) return rejectFact(refusalOf(problems, fact, earlier));

  const refundSource = sale ? ({ kind: 'sale', sale } as const) : ({ kind: 'order', order: order! } as const);
  const due = refundAmount(purchase.priced, fact.payload.lines, returned);
  const recorded = fact.payload.refund.tenders.reduce((a, t) => a + t.amount, 0);
  // A device offline did not know of another device's return of the same line, so its share of the line's rounding
  // may differ by a cent per line: the money is already handed over, so that amount stands (split the same way).
  const amount = Math.abs(recorded - due) <= new Set(fact.payload.lines.map((l) => l.lineNo)).size ? recorded : due;
  const expected = computeRefund(fact.payload.refund.method, amount, refundSource);
  if (!sameRefund(expected, fact.payload.refund)) {
    return refuse(
      ErrorCode.RETURN_REFUND_MISMATCH,
      `the refund should be ${describeRefund(computeRefund(fact.payload.refund.method, due, refundSource))} for these lines, not ${describeRefund(fact.payload.refund)}`,
    );
  }
  const events: EffectEvent[] =
    order && expected.method === 'original_tender' && amount > 0
      ? [
          {
            integrationId: order.integrationId ?? null,
            aggregateType: 'order',
            aggregateId: order.id,
            type: 'order.refund_requested',
            payload: {
              orderId: order.id,
              number: order.number,
              returnId: fact.subjectId,
              storeId: fact.storeId,
              currency: order.currency,
              amount,
              lines: fact.payload.lines.map(({ lineNo, sku, quantity, reason, condition }) => ({ lineNo, sku, quantity, reason, condition })),
              requestedAt: decidedAt,
            },
          },
        ]
      : [];
  // The order's own `returned` counts follow, so a lookup from any store shows what already came back.
  const documents = order ? [{ collection: 'orders' as const, body: withReturned(order, fact, decidedAt) }] : [];
  return acceptFact({ movements: returnMovements(fact, decidedAt), documents, events });
}

/** The order with this return's units added to its lines' `returned`. */
function withReturned(order: Order, fact: ReturnRecorded, at: string): Order {
  const units = returnedUnits([fact]);
  return { ...order, lines: order.lines.map((l) => ({ ...l, returned: l.returned + (units.get(l.lineNo) ?? 0) })), updatedAt: at };
}

const refuse = (code: ErrorCode, message: string) => rejectFact(new DomainError(code, message));

function isActiveManager(state: FactState, staffId: string, storeId: string): boolean {
  const manager = state.document('staff', staffId);
  return manager !== undefined && manager.storeId === storeId && manager.active && manager.role === 'manager';
}

const sameRefund = (a: ReturnRecorded['payload']['refund'], b: ReturnRecorded['payload']['refund']) =>
  a.method === b.method &&
  a.tenders.length === b.tenders.length &&
  a.tenders.every((t, i) => t.kind === b.tenders[i]!.kind && t.amount === b.tenders[i]!.amount);

const describeRefund = (r: ReturnRecorded['payload']['refund']) =>
  r.tenders.length === 0 ? 'nothing' : r.tenders.map((t) => `${t.amount} by ${t.kind}`).join(' + ');

/** The first problem, in words a manager acts on; an over-return names the earlier return that took the units. */
function refusalOf(problems: readonly ReturnProblem[], fact: ReturnRecorded, earlier: readonly ReturnRecorded[]): DomainError {
  const over = problems.find((p) => p.kind === 'over_return');
  if (over?.kind === 'over_return') {
    const first = [...earlier].reverse().find((r) => r.payload.lines.some((l) => l.lineNo === over.lineNo));
    const by = first
      ? ` already returned by ${first.associateId} at store ${first.storeId} on device ${first.deviceId}, ${first.createdAtDevice} (return ${first.subjectId})`
      : '';
    return new DomainError(
      ErrorCode.RETURN_EXCEEDS_BOUGHT,
      `line ${over.lineNo} (${over.sku}): ${over.requested} to return but only ${over.remaining} of ${over.bought} bought remain,${by}; ` +
        `this return's refund of ${describeRefund(fact.payload.refund)} was not recorded: follow it up with the customer`,
    );
  }
  const p = problems[0]!;
  if (p.kind === 'not_bought')
    return new DomainError(ErrorCode.RETURN_LINE_NOT_BOUGHT, `line ${p.lineNo} (${p.sku}) was not bought on this purchase`);
  if (p.kind === 'not_received') return new DomainError(ErrorCode.RETURN_LINE_NOT_BOUGHT, `line ${p.lineNo} was not collected or delivered yet`);
  const why =
    p.kind === 'outside_policy' && p.finalSale ? 'is a final sale' : `was returnable until ${p.kind === 'outside_policy' ? p.deadline : ''}`;
  const approver = fact.payload.approvedBy;
  return new DomainError(
    ErrorCode.RETURN_OUTSIDE_POLICY,
    `line ${p.lineNo} (${'sku' in p ? p.sku : ''}) ${why}: a manager of store ${fact.storeId} must approve it with a reason` +
      (approver ? ` (${approver} is not an active manager of the store)` : ''),
  );
}
