/**
 * In-process notifier: after a transaction commits, the store says which collections changed, and for which stores
 * (store.ts `onCommitted`; other instances' commits arrive through `listenForChanges`), and every SSE subscriber
 * concerned pulls again. It carries no documents, only "look again", so a missed or
 * coalesced notification never loses data: the subscriber pulls from its own checkpoint.
 */
export interface Change {
  collection: string;
  /** The store whose documents changed, or null when every store is concerned (the shared catalog). */
  storeId: string | null;
}

export type ChangeListener = (change: Change) => void;

export interface ChangeFeed {
  subscribe(collection: string, listener: ChangeListener): () => void;
  /** Does not use `this`: pass it as is to `store.onCommitted` and `listenForChanges`. */
  readonly notify: (changes: readonly Change[]) => void;
  subscriberCount(collection?: string): number;
}

export function createChangeFeed(): ChangeFeed {
  const listeners = new Map<string, Set<ChangeListener>>();
  return {
    subscribe(collection, listener) {
      let set = listeners.get(collection);
      if (!set) {
        set = new Set();
        listeners.set(collection, set);
      }
      set.add(listener);
      return () => set.delete(listener);
    },
    notify: (changes) => {
      for (const change of changes) {
        for (const listener of listeners.get(change.collection) ?? []) {
          // A failing subscriber must not stop the others nor the writer that notified.
          try {
            listener(change);
          } catch {
            /* the subscriber reports its own errors */
          }
        }
      }
    },
    subscriberCount(collection) {
      if (collection !== undefined) return listeners.get(collection)?.size ?? 0;
      let n = 0;
      for (const set of listeners.values()) n += set.size;
      return n;
    },
  };
}
