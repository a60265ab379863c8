import type { VitrineDatabase } from '../../db/database.js';
import { useObservable } from '../../ui/hooks.js';
import { customerBookIndexOf } from './customer-book-index.js';
import { bookOf, type CustomerBook } from './customer-data.js';

const EMPTY = bookOf([], []);

/**
 * The store's book, live: replicated profiles with this device's pending customer facts folded in, kept in step
 * change by change by the database's one book index (customer-book-index.ts), shared by every screen that shows it.
 */
export const useCustomerBook = (db: VitrineDatabase): CustomerBook => useObservable(() => customerBookIndexOf(db).book$, EMPTY, [db]);
