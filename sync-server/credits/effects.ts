import { giftCardIssueEntries, issueEntry, redemptionEntries, type Decision, type ReturnRecorded, type Sale } from '../../src/domain/index.js';

/**
 * What an accepted fact posts on the credit ledger, added to its decision's effects (the engine writes them in the
 * fact's transaction). The decisions themselves never read a balance: a sale paid by credit is accepted whatever the
 * balance (the customer has left with the goods); the ledger reconciles it and flags an overdraw (ledger-store.ts).
 */

/** A sale's credit tenders redeem their credits, and the gift cards it sold are issued with their value. */
export function withSaleCredits(sale: Sale, decision: Decision, decidedAt: string): Decision {
  if (decision.status !== 'accepted') return decision;
  const credits = [...redemptionEntries(sale, decidedAt), ...giftCardIssueEntries(sale, decidedAt)];
  if (credits.length === 0) return decision;
  return { ...decision, effects: { ...decision.effects, credits: [...(decision.effects.credits ?? []), ...credits] } };
}

/**
 * A return refunded to store credit, or as an exchange, issues the credit under the code the device drew and printed
 * for the customer; so does the store-credit part of refunding a sale that was paid by credit.
 */
export function withCreditIssue(fact: ReturnRecorded, currency: string, decision: Decision, decidedAt: string): Decision {
  if (decision.status !== 'accepted') return decision;
  const { refund } = fact.payload;
  const amount = refund.tenders.filter((t) => t.kind === 'store_credit').reduce((sum, t) => sum + t.amount, 0);
  if (amount <= 0 || !refund.creditCode) return decision;
  const issue = issueEntry({ factId: fact.id, storeId: fact.storeId, code: refund.creditCode, amount, currency, origin: 'return', at: decidedAt });
  return { ...decision, effects: { ...decision.effects, credits: [...(decision.effects.credits ?? []), issue] } };
}
