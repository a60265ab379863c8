import type { CreditCheck } from './schema.js';

/** What the server answered about a code (GET /api/credits/{code}), as the till uses it. */
export interface CreditBalance {
  code: string;
  currency: string;
  balance: number;
}

/** Why a till does not take a credit for the amount asked. */
export type RedemptionRefusal =
  /** The server does not know the code. */
  | { reason: 'unknown' }
  /** The credit is in another currency than the store's. */
  | { reason: 'currency' }
  /** Online: the balance is less than the amount (up to `available` can be taken). */
  | { reason: 'balance'; available: number }
  /** Offline: more than the store lets a till take without checking (up to `available`). */
  | { reason: 'offline_limit'; available: number };

export type RedemptionDecision = { ok: true; check: CreditCheck } | ({ ok: false } & RedemptionRefusal);

export interface RedemptionInput {
  amount: number;
  storeCurrency: string;
  /**
   * What the till knows of the credit: the server's answer just now (`online`), the credit a return at this till
   * issued for this exchange (`exchange`, its amount known exactly), or nothing because it is offline (`offline`).
   */
  known: { via: 'online'; credit: CreditBalance | null } | { via: 'exchange'; credit: CreditBalance } | { via: 'offline' };
  /** The store's `offlineCreditLimit` (minor units); absent: 0, no credit is taken without checking. */
  offlineLimit: number | undefined;
}

/**
 * Whether the till takes a credit for `amount`: online up to the balance the server gave, for an exchange up to the
 * credit just issued, offline up to the store's limit (the server reconciles the sale when it arrives and flags the
 * credit for a manager if it was overdrawn). A credit tender is non-cash, so it never gives change.
 */
export function decideRedemption(input: RedemptionInput): RedemptionDecision {
  const { amount, known } = input;
  if (known.via === 'offline') {
    const limit = input.offlineLimit ?? 0;
    return amount <= limit ? { ok: true, check: 'offline' } : { ok: false, reason: 'offline_limit', available: limit };
  }
  if (!known.credit) return { ok: false, reason: 'unknown' };
  if (known.credit.currency !== input.storeCurrency) return { ok: false, reason: 'currency' };
  const available = Math.max(0, known.credit.balance);
  return amount <= available ? { ok: true, check: known.via } : { ok: false, reason: 'balance', available };
}
