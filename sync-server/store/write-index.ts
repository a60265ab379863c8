import { collections, type CollectionSpec } from '../../src/domain/index.js';
import type { Change } from '../feed/change-feed.js';
import type { DocumentWrite } from './store.js';

/** The collection registry a store derives audiences and lookup keys from (tests give a registry of their own). */
export type CollectionRegistry = Readonly<Record<string, CollectionSpec>>;

export const defaultRegistry: CollectionRegistry = collections;

/** What one document write adds beside its row in `documents`, derived from the registry entry of its collection. */
export interface WriteIndex {
  /** Every store whose devices see the document (home first), null when every store does (shared collection). */
  stores: readonly (string | null)[];
  /**
   * Stores other than the home store that see the document (rows of `document_audience`); undefined for collections
   * without `storesOf`, whose audience rows are never touched.
   */
  extraStores: readonly string[] | undefined;
  /** `[keyName, value]` rows of `document_keys` (none for a deleted document); undefined without `lookupKeys`. */
  keys: readonly (readonly [string, string])[] | undefined;
}

/**
 * Derives a write's audience and lookup keys once, for both backends. A delete carries the last body (as RxDB
 * tombstones do), so its tombstone reaches every store that saw the document, and it can no longer be found by key.
 */
export function indexWrite(registry: CollectionRegistry, write: DocumentWrite): WriteIndex {
  const spec = Object.hasOwn(registry, write.collection) ? registry[write.collection] : undefined;
  if (spec?.scope === 'shared' || (!spec && write.storeId === '')) return { stores: [null], extraStores: undefined, keys: keysOf(spec, write) };
  const body = write.body as Record<string, unknown>;
  const extraStores = spec?.storesOf ? [...new Set(spec.storesOf(body as never))].filter((s) => s !== write.storeId) : undefined;
  return { stores: [write.storeId, ...(extraStores ?? [])], extraStores, keys: keysOf(spec, write) };
}

function keysOf(spec: CollectionSpec | undefined, write: DocumentWrite): WriteIndex['keys'] {
  const names = spec ? Object.keys(spec.lookupKeys) : [];
  if (names.length === 0) return undefined;
  if (write.deleted) return [];
  const body = write.body as never;
  return names.flatMap((name) => [...new Set(spec!.lookupKeys[name]!(body))].map((value) => [name, value] as const));
}

/** The (collection, store) pairs a transaction changed, each once, for the change feed and NOTIFY. */
export class ChangeSet {
  private readonly pairs = new Map<string, Change>();

  add(collection: string, stores: WriteIndex['stores']): void {
    for (const storeId of stores) {
      const key = `${collection}\u0000${storeId ?? ''}`;
      if (!this.pairs.has(key)) this.pairs.set(key, { collection, storeId });
    }
  }

  get size(): number {
    return this.pairs.size;
  }

  /** The changes recorded so far, emptying the set (the next transaction starts clean). */
  take(): Change[] {
    const changes = [...this.pairs.values()];
    this.pairs.clear();
    return changes;
  }
}

/**
 * Who hears about commits. Listeners are called after COMMIT only, never for a rollback, and a throwing listener
 * cannot undo a commit or silence the others. The same listener added twice is held once (several apps built on one
 * store and one change feed).
 */
export class CommitListeners {
  private readonly listeners = new Set<(changes: readonly Change[]) => void>();

  add(listener: (changes: readonly Change[]) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  tell(changes: readonly Change[]): void {
    if (changes.length === 0) return;
    for (const listener of this.listeners) {
      try {
        listener(changes);
      } catch {
        /* the listener reports its own errors; the transaction has committed */
      }
    }
  }
}
