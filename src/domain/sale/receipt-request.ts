import { z } from 'zod';
import { acceptFact, rejectFact, type Decision, type EffectEvent } from '../fact/decision.js';
import { defineFactKind, type FactOf } from '../fact/kind.js';
import type { FactState } from '../fact/state.js';
import { ID_MAX_LENGTH } from '../kernel/ids.js';
import { DomainError, ErrorCode } from '../kernel/errors.js';
import { checkAssociate } from '../staff/permissions.js';
import type { Store } from '../catalog/schema.js';
import type { Sale } from './schema.js';

/**
 * `sale.receipt-requested`: the customer asked for their receipt by email at the till. The subject is the sale's id;
 * the payload only the address. The server sends the receipt through its mail outbox once it has the fact, so a
 * request made offline goes when the till is back online, and a fact pushed twice is one mail (the engine decides an
 * id once). The till writes it once the sale itself is accepted (features/receipt/email-requests.ts), so the server
 * always receipts the sale as it recorded it.
 */
export const ReceiptRequestPayloadSchema = z.object({
  email: z.email('enter the customer’s email address, e.g. ana@example.com').max(254),
});

export const ReceiptRequestSubjectSchema = z.string().min(1).max(ID_MAX_LENGTH);

export type ReceiptRequest = FactOf<typeof ReceiptRequestSubjectSchema, typeof ReceiptRequestPayloadSchema>;

export const saleReceiptRequested = defineFactKind({
  kind: 'sale.receipt-requested',
  subject: ReceiptRequestSubjectSchema,
  payload: ReceiptRequestPayloadSchema,
});

/** Composes the receipt mail (the server's: its links and language); pure, so the decision stays pure. */
export type ReceiptMail = (sale: Sale, store: Store, email: string) => EffectEvent;

/**
 * Accepted with the receipt mail when the sale is this store's and the server accepted it, and the associate may
 * sell; otherwise refused with a reason the associate can act on (the sale is not on the server yet, or it was
 * rejected: a receipt would show what was never recorded).
 */
export function decideReceiptRequest(request: ReceiptRequest, state: FactState, mail: ReceiptMail): Decision {
  const associate = checkAssociate(state.document('staff', request.associateId), request, 'sale.create');
  if (!associate.ok) return rejectFact(associate.error);
  const sale = state.document('sales', request.subjectId);
  if (!sale || sale.storeId !== request.storeId)
    return rejectFact(new DomainError(ErrorCode.NOT_FOUND, `sale ${request.subjectId} is not on the server yet; ask again once it has synced`));
  if (sale.outcome?.status !== 'accepted')
    return rejectFact(
      new DomainError(ErrorCode.NOT_FOUND, `sale ${sale.receiptNumber} was not accepted by the server, so no receipt is sent for it`),
    );
  return acceptFact({ events: [mail(sale, state.store, request.payload.email)] });
}
