import type { Fact } from '../fact/schema.js';

/** Kinds of the `facts` collection that belong to a hold or transfer between stores (subject: the transfer's id). */
export const isTransferFactKind = (kind: string): boolean => kind.startsWith('transfer.') || kind === 'hold.expired';

/** The UTC day a hold ends, the value the expiry job finds due holds by. */
export const holdDueDay = (holdUntil: string): string => new Date(holdUntil).toISOString().slice(0, 10);

/**
 * Server-side keys (registry `facts.lookupKeys`): every fact of a transfer by the transfer's id, so a step is decided
 * on the whole history in one query per push; accepted holds by the day they end, so the expiry job reads only the
 * holds that may be due.
 */
export const transferLookupValues = {
  transfer: (fact: Pick<Fact, 'kind' | 'subjectId'>): string[] => (isTransferFactKind(fact.kind) ? [fact.subjectId] : []),
  holdDue: (fact: Pick<Fact, 'kind' | 'payload'>): string[] => {
    const until = fact.payload.holdUntil;
    return fact.kind === 'transfer.accepted' && typeof until === 'string' && !Number.isNaN(Date.parse(until)) ? [holdDueDay(until)] : [];
  },
};

/**
 * The stores that see a fact (registry `facts.storesOf`): its own store and, for a transfer's facts, the other store
 * of the transfer, which the request names as `fromStoreId` and every later step as `peerStoreId`. Nothing else of
 * a store's facts (sales, customers, counts) reaches another store.
 */
export function factAudience(fact: Pick<Fact, 'kind' | 'storeId' | 'payload'>): string[] {
  if (!isTransferFactKind(fact.kind)) return [fact.storeId];
  const peer = fact.kind === 'transfer.requested' ? fact.payload.fromStoreId : fact.payload.peerStoreId;
  return typeof peer === 'string' && peer !== fact.storeId ? [fact.storeId, peer] : [fact.storeId];
}
