import type { CustomerProfile } from '../../src/domain/index.js';
import type { StoreReads } from '../store/store.js';

/**
 * The first name of the customer a sale names, for the public digital receipt: the live profile the id is (or was
 * merged into); null for an anonymous sale or an erased customer (the sale keeps an id that names nobody).
 */
export async function customerFirstName(store: Pick<StoreReads, 'findByKey'>, customerId: string | null): Promise<string | null> {
  if (!customerId) return null;
  const [doc] = await store.findByKey('customers', 'identity', customerId);
  if (!doc || doc.deleted) return null;
  const name = (JSON.parse(doc.body) as Pick<CustomerProfile, 'name'>).name.trim();
  return name.split(/\s+/)[0] || null;
}
