import { DomainError, ErrorCode, type CreditBalance } from '../../../domain/index.js';
import { getApi, isNetworkUnreachable, type FetchLike } from '../../db/http.js';

/** What the till knows of a credit after asking: the server's answer (null: no such code), or nothing (offline). */
export type CreditKnown = { via: 'online'; credit: CreditBalance | null } | { via: 'offline' };

/**
 * Asks the server for a credit's balance (GET /api/credits/{code}). No answer (offline, server down) is not an
 * error: the till may still take the credit within its store's offline limit, and the server reconciles the sale.
 */
export async function lookupCredit(code: string, options: { baseUrl: string; token: string; fetch?: FetchLike }): Promise<CreditKnown> {
  try {
    const credit = await getApi<CreditBalance>({ ...options, path: `/api/credits/${encodeURIComponent(code)}` });
    return { via: 'online', credit: { code: credit.code, currency: credit.currency, balance: credit.balance } };
  } catch (error) {
    if (isNetworkUnreachable(error)) return { via: 'offline' };
    if (error instanceof DomainError && error.code === ErrorCode.NOT_FOUND) return { via: 'online', credit: null };
    throw error;
  }
}
