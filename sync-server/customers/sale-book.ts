import { addStore, type Decision, type FactState, type Sale } from '../../src/domain/index.js';

/**
 * What a batch of sales reads for their customers: the profiles their `customerId`s are (or were merged into), with
 * one query for the batch, and none for a batch of anonymous sales.
 */
export function saleCustomerKeys(sales: readonly Sale[]) {
  const identity = [...new Set(sales.flatMap((s) => (s.customerId ? [s.customerId] : [])))];
  return identity.length > 0 ? { customers: { identity } } : undefined;
}

/**
 * A customer who bought in a store is in that store's book: an accepted sale naming a profile not yet in its store's
 * book adds the store (its devices then receive the profile), in the sale's transaction. Nothing else changes.
 */
export function withCustomerBook(sale: Sale, state: FactState, decision: Decision): Decision {
  if (decision.status !== 'accepted' || !sale.customerId) return decision;
  const [profile] = state.documentsByKey('customers', 'identity', sale.customerId);
  if (!profile || profile.stores.includes(sale.storeId)) return decision;
  const documents = [...decision.effects.documents, { collection: 'customers' as const, body: addStore(profile, sale.storeId) }];
  return { ...decision, effects: { ...decision.effects, documents } };
}
