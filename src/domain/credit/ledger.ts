import type { Credit, CreditEntry, PostedEntry } from './schema.js';

/**
 * Posts one entry on a credit (undefined: the server never saw the code), the one reconciliation rule of the ledger:
 * - every entry is recorded; a redemption is never refused after the fact (the customer has left with the goods);
 * - a redemption that takes the balance below zero is applied, and the credit is flagged `overdrawn` for a manager:
 *   never silently negative. A later issue or adjustment that brings it back to zero or above clears the flag (a
 *   return's credit whose exchange sale reached the server first);
 * - a redemption of a code the server does not know opens the credit at zero, so it shows overdrawn, not lost;
 * - an entry in another currency than the credit's is recorded, flagged and not added (amounts in two currencies do
 *   not add up).
 */
export function postEntry(credit: Credit | undefined, entry: CreditEntry): { credit: Credit; posted: PostedEntry } {
  const opened: Credit = credit ?? {
    code: entry.code,
    currency: entry.currency,
    balance: 0,
    origin: 'unknown',
    issuedStoreId: null,
    issuedAt: null,
    flag: null,
    updatedAt: entry.at,
  };
  const issued =
    entry.kind === 'issue' && opened.issuedAt === null
      ? { origin: entry.origin ?? ('return' as const), issuedStoreId: entry.storeId, issuedAt: entry.at }
      : {};
  if (entry.currency !== opened.currency) {
    const flag = { reason: 'currency_mismatch' as const, entryId: entry.id, storeId: entry.storeId, at: entry.at };
    return {
      credit: { ...opened, ...issued, flag, updatedAt: entry.at },
      posted: { ...entry, applied: false, balanceAfter: opened.balance, overdraw: 0 },
    };
  }
  const balance = opened.balance + entry.amount;
  const overdraw = entry.amount < 0 && balance < 0 ? Math.min(-balance, -entry.amount) : 0;
  const flag =
    balance < 0
      ? opened.flag?.reason === 'overdrawn'
        ? opened.flag
        : { reason: 'overdrawn' as const, entryId: entry.id, storeId: entry.storeId, at: entry.at }
      : opened.flag?.reason === 'overdrawn'
        ? null
        : opened.flag;
  return {
    credit: { ...opened, ...issued, balance, flag, updatedAt: entry.at },
    posted: { ...entry, applied: true, balanceAfter: balance, overdraw },
  };
}

/** Posts entries in order on the credits they name; entries already posted (by id) are skipped. */
export function postEntries(
  credits: ReadonlyMap<string, Credit>,
  entries: readonly CreditEntry[],
  alreadyPosted: ReadonlySet<string> = new Set(),
): { credits: Map<string, Credit>; posted: PostedEntry[] } {
  const next = new Map(credits);
  const seen = new Set(alreadyPosted);
  const posted: PostedEntry[] = [];
  for (const entry of entries) {
    if (seen.has(entry.id)) continue;
    seen.add(entry.id);
    const result = postEntry(next.get(entry.code), entry);
    next.set(entry.code, result.credit);
    posted.push(result.posted);
  }
  return { credits: next, posted };
}
