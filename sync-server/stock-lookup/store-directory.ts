import type { Store } from '../../src/domain/index.js';
import type { Change } from '../feed/change-feed.js';
import type { SyncStore } from '../store/store.js';

/** How long another instance's change to a store may go unseen here (this instance's own changes are seen at once). */
export const STORE_DIRECTORY_MAX_AGE_MS = 30_000;

/**
 * The chain's stores, kept in memory for the stock lookup: every answer lists every store, and reading 300 store
 * rows per request would cost more than the stock query itself. A commit of this process that writes a `stores`
 * document (PUT /api/stores/{id}, `saveStore`) drops the copy at once; a change made through another instance on the
 * same PostgreSQL is picked up within `maxAgeMs`.
 */
export interface StoreDirectory {
  stores(): Promise<readonly Store[]>;
  /** Drops the copy; the next `stores()` reads the table again. */
  invalidate(): void;
  /** How many times the table was read (tests check that answers come from memory). */
  readonly loads: number;
}

export function createStoreDirectory(
  store: SyncStore,
  { maxAgeMs = STORE_DIRECTORY_MAX_AGE_MS, now = () => performance.now() } = {},
): StoreDirectory {
  let cached: { stores: Promise<readonly Store[]>; at: number } | undefined;
  let loads = 0;
  // A load that began before an invalidation must not be kept: it may have read the store as it was.
  let generation = 0;
  const invalidate = () => {
    cached = undefined;
    generation++;
  };
  store.onCommitted((changes: readonly Change[]) => {
    if (changes.some((c) => c.collection === 'stores')) invalidate();
  });
  return {
    stores() {
      if (cached && now() - cached.at < maxAgeMs) return cached.stores;
      const started = generation;
      loads++;
      const loading = store.listStores();
      const entry = { stores: loading as Promise<readonly Store[]>, at: now() };
      cached = entry;
      loading.then(
        () => {
          if (generation !== started && cached === entry) cached = undefined;
        },
        () => {
          if (cached === entry) cached = undefined;
        },
      );
      return loading;
    },
    invalidate,
    get loads() {
      return loads;
    },
  };
}
