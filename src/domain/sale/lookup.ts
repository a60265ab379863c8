import type { Sale } from './schema.js';

/**
 * How a sale is found on the server (a return at the counter, the sales list's search): by its receipt number, as
 * printed or typed in any case and with stray spaces. The lookup index and a lookup request normalise the same way.
 */
export const saleLookupKey = {
  receiptNumber: (typed: string) => typed.trim().toUpperCase(),
  /** The customer a sale was attached to (their purchases in the chain's other stores, on their 360° profile). */
  customer: (customerId: string) => customerId,
} as const;
export type SaleLookupKeyName = keyof typeof saleLookupKey;

/** The values a sale is found by, per key (the registry's `sales.lookupKeys`). */
export const saleLookupValues = {
  receiptNumber: (sale: Pick<Sale, 'receiptNumber'>) => [saleLookupKey.receiptNumber(sale.receiptNumber)],
  customer: (sale: Pick<Sale, 'customerId'>) => (sale.customerId ? [saleLookupKey.customer(sale.customerId)] : []),
} satisfies Record<SaleLookupKeyName, (sale: Sale) => string[]>;
