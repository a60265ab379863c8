import {
  collections,
  matchOrderCustomer,
  matchValues,
  storesOfDocument,
  type CustomerProfile,
  type IdGenerator,
  type Order,
} from '../../src/domain/index.js';
import type { StoreTx } from '../store/store.js';

/**
 * An accepted online order's customer, in the order's transaction: matched by email, phone or CPF to the live
 * profiles (several found are merged into one), or a new profile with no consent; the order goes into the
 * profile's history and a pickup store gets the customer in its book. One lookup query per key.
 */
export async function matchOrderCustomerAtIntake(
  tx: StoreTx,
  order: Order,
  { at, newId }: { at: string; newId: IdGenerator },
): Promise<CustomerProfile> {
  const found = new Map<string, CustomerProfile>();
  for (const { key, value } of matchValues(order.customer)) {
    for (const d of await tx.findByKey('customers', key, value)) if (!d.deleted) found.set(d.id, JSON.parse(d.body) as CustomerProfile);
  }
  const profiles = matchOrderCustomer(order, {
    at,
    newId,
    byKey: (key, value) => [...found.values()].filter((p) => matchValues(p).some((m) => m.key === key && m.value === value)),
  });
  await tx.putDocuments(
    profiles.map((body) => ({ collection: 'customers', id: body.id, storeId: storesOfDocument(collections.customers, body)[0] ?? '', body })),
  );
  return profiles[0]!;
}
