import { map, of, switchMap } from 'rxjs';
import type { CustomerProfile } from '../../../domain/index.js';
import { useApp } from '../../context.js';
import { useObservable } from '../../ui/hooks.js';

/**
 * The name of the customer a sale names, from the store's book on this device (following a merge to the survivor);
 * null for an anonymous sale, or a customer this device does not hold (erased, or never in this store's book).
 */
export function useCustomerName(customerId: string | null): string | null {
  const { db } = useApp();
  return useObservable<string | null>(
    () =>
      customerId
        ? db.customers.findOne(customerId).$.pipe(
            switchMap((doc) => {
              const p = doc?.toJSON() as CustomerProfile | undefined;
              if (!p?.mergedInto) return of(p?.name || null);
              return db.customers.findOne(p.mergedInto).$.pipe(map((s) => (s?.toJSON() as CustomerProfile | undefined)?.name || null));
            }),
          )
        : of(null),
    null,
    [db, customerId],
  );
}
