import { searchWords, type CustomerProfile, type Fact } from '../../../domain/index.js';
import type { VitrineDatabase } from '../../db/database.js';
import { exposeTestHook } from '../../test-hook.js';
import type { CustomerBookIndex } from './customer-book-index.js';
import { bookOf, searchBook } from './customer-data.js';

/**
 * `window.__vitrine.customerBook()`, for the customer bench (tests/bench/customers.bench.ts) and browser tests: the
 * book's search as the screens call it, the same query as a raw pass over the profiles with nothing precomputed, and
 * what one change of the book cost before the index (the whole book rebuilt).
 */
export interface CustomerBookProbe {
  ready: boolean;
  size: number;
  search(query: string, limit: number): string[];
  rawSearch(query: string, limit: number): string[];
  /** Milliseconds to read every profile and fact and build the whole book again (each change, before the index). */
  rebuildMs(): Promise<number>;
  /** Milliseconds from now until the book shows `name` on the profile `id` (write the change right after calling). */
  nextBookWith(id: string, name: string): Promise<number>;
}

declare module '../../test-hook.js' {
  interface VitrineTestHook {
    customerBook?(): CustomerBookProbe;
  }
}

export function exposeCustomerBookProbe(db: VitrineDatabase, index: CustomerBookIndex): void {
  exposeTestHook({
    customerBook: () => ({
      ready: index.ready,
      size: index.book.live.length,
      search: (query, limit) => searchBook(index.book, query, limit).map((p) => p.id),
      rawSearch: (query, limit) => rawSearch(index.book.live, query, limit),
      rebuildMs: async () => {
        const start = performance.now();
        const profiles = (await db.customers.find().exec()).map((d) => d.toMutableJSON() as CustomerProfile);
        const facts = (await db.facts.find({ selector: { kind: { $regex: '^customer\\.' } } }).exec()).map((d) => d.toMutableJSON() as Fact);
        bookOf(profiles, facts);
        return performance.now() - start;
      },
      nextBookWith: (id, name) =>
        new Promise((resolve) => {
          const start = performance.now();
          const sub = index.book$.subscribe((book) => {
            if (book.byId.get(id)?.name !== name) return;
            resolve(performance.now() - start);
            queueMicrotask(() => sub.unsubscribe());
          });
        }),
    }),
  });
}

/** Every profile's name folded again for each query, phone and email read as typed: no entries, no index. */
function rawSearch(profiles: readonly CustomerProfile[], query: string, limit: number): string[] {
  const words = searchWords(query);
  const digits = query.replace(/\D/g, '');
  const text = query.trim().toLowerCase();
  const found: string[] = [];
  for (const p of profiles) {
    const name = ` ${searchWords(p.name).join(' ')}`;
    const hit =
      (words.length > 0 && words.every((w) => name.includes(` ${w}`))) ||
      (digits.length >= 3 && (p.phone ?? '').includes(digits)) ||
      (text.includes('@') && (p.email ?? '').startsWith(text));
    if (hit && found.push(p.id) >= limit) break;
  }
  return found;
}
