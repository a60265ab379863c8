import type { VitrineDatabase } from '../../db/database.js';
import { useObservable } from '../../ui/hooks.js';
import { bookOf, customerBook$, type CustomerBook } from './customer-data.js';

const EMPTY = bookOf([], []);

/** The store's book, live: replicated profiles with this device's pending customer facts folded in. */
export const useCustomerBook = (db: VitrineDatabase): CustomerBook => useObservable(() => customerBook$(db), EMPTY, [db]);
