import { normalisePhone } from '../customer/input.js';
import type { CustomerProfile } from '../customer/schema.js';
import type { Transfer } from './fold.js';
import { isOpenTransfer } from './transitions.js';

/**
 * The holds and shipments a store asked of other stores for a customer, for their profile. A request carries the
 * customer's name and phone, never their id (the id never leaves the store), so the requesting store's device finds
 * them by the phone, read as the store's country writes it. Open ones only: what is still held or on its way.
 */
export function openTransfersForCustomer(
  transfers: readonly Transfer[],
  profile: Pick<CustomerProfile, 'phone'>,
  storeId: string,
  country: string | null,
): Transfer[] {
  if (!profile.phone) return [];
  return transfers.filter(
    (t) =>
      t.requestingStoreId === storeId &&
      t.mode !== 'to_store' &&
      isOpenTransfer(t.state) &&
      t.customer !== null &&
      normalisePhone(t.customer.phone, country) === profile.phone,
  );
}
