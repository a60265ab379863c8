import { decideReturn, returnSourceKey, type ReturnRecorded } from '../../src/domain/index.js';
import { withCreditIssue } from '../credits/effects.js';
import type { FactPolicy } from '../facts/policy.js';

/**
 * `return.recorded`: one read per collection for the whole push — the purchases (sales by id, orders by id), every
 * return already recorded for them (the facts' `returnSource` key, whatever store took them), the returned SKUs'
 * products (their categories choose the window) and the staff who returned and approved, and the proofs of purchase
 * they were found by, verified against the keys they name — then the domain decides.
 * Returns of the same purchase in one push see each other as they are decided.
 */
export const returnPolicy: FactPolicy<ReturnRecorded> = {
  load: (returns) => ({
    documents: {
      sales: returns.flatMap((r) => (r.payload.source.kind === 'sale' ? [r.payload.source.saleId] : [])),
      orders: returns.flatMap((r) => (r.payload.source.kind === 'order' ? [r.payload.source.orderId] : [])),
      products: returns.flatMap((r) => r.payload.lines.map((l) => l.sku)),
      staff: returns.flatMap((r) => [r.associateId, ...(r.payload.approvedBy ? [r.payload.approvedBy] : [])]),
    },
    keys: { facts: { returnSource: returns.map((r) => returnSourceKey(r.payload.source)) } },
    proofs: returns.flatMap((r) => (r.payload.proof ? [r.payload.proof] : [])),
  }),
  // A refund to store credit (or an exchange) issues its credit on the ledger (credits/effects.ts).
  decide: (fact, state, decidedAt) => withCreditIssue(fact, state.store.currency, decideReturn(fact, state, decidedAt), decidedAt),
};
