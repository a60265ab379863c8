import type { PaymentTender } from '../tender/schema.js';
import type { CreditEntry, CreditOrigin } from './schema.js';

/** What of a sale its credit redemptions are derived from. */
export interface SaleCredits {
  id: string;
  storeId: string;
  currency: string;
  tenders: readonly PaymentTender[];
}

/**
 * The ledger entries a sale causes: one redemption per credit tender it kept (a reversed tender took nothing),
 * identified by the sale and the tender, so the same sale pushed again posts nothing twice.
 */
export function redemptionEntries(sale: SaleCredits, at: string): CreditEntry[] {
  return sale.tenders.flatMap((t) =>
    t.kind === 'credit' && !t.reversal
      ? [
          {
            id: `${sale.id}:${t.id}`,
            code: t.code,
            kind: 'redeem' as const,
            amount: -t.amount,
            currency: sale.currency,
            storeId: sale.storeId,
            factId: sale.id,
            offline: t.check === 'offline',
            at,
          },
        ]
      : [],
  );
}

/** The entry that issues a credit: a return refunded to credit (or an exchange), a gift card sold. */
export function issueEntry(input: {
  factId: string;
  storeId: string;
  code: string;
  amount: number;
  currency: string;
  origin: CreditOrigin;
  at: string;
}): CreditEntry {
  return {
    id: `${input.factId}:issue:${input.code}`,
    code: input.code,
    kind: 'issue',
    amount: input.amount,
    currency: input.currency,
    storeId: input.storeId,
    factId: input.factId,
    offline: false,
    at: input.at,
    origin: input.origin,
  };
}
