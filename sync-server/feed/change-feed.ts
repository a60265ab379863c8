/**
 * In-process notifier: after a transaction commits, the store says which collections changed, and for which stores
 * (store.ts `onCommitted`; other instances' commits arrive through `listenForChanges`), and every SSE subscriber
 * concerned pulls again. It carries no documents, only "look again", so a missed or
 * coalesced notification never loses data: the subscriber pulls from its own checkpoint.
 *
 * Listeners are indexed by collection and store: a change of one store's sales calls that store's subscribers only.
 * A chain's peak is thousands of open streams on an instance and hundreds of commits a second; calling every
 * subscriber of the collection to compare store ids was millions of calls a second on the event loop the writers'
 * round trips wait on.
 */
export interface Change {
  collection: string;
  /** The store whose documents changed, or null when every store is concerned (the shared catalog). */
  storeId: string | null;
}

export type ChangeListener = (change: Change) => void;

export interface ChangeFeed {
  /**
   * Hears the collection's changes: with `storeId`, those of that store and those for every store (storeId null);
   * without, all of them (a shared collection's stream, or a listener that filters for itself).
   */
  subscribe(collection: string, listener: ChangeListener, storeId?: string): () => void;
  /** Does not use `this`: pass it as is to `store.onCommitted` and `listenForChanges`. */
  readonly notify: (changes: readonly Change[]) => void;
  subscriberCount(collection?: string): number;
}

interface CollectionListeners {
  all: Set<ChangeListener>;
  byStore: Map<string, Set<ChangeListener>>;
}

export function createChangeFeed(): ChangeFeed {
  const listeners = new Map<string, CollectionListeners>();
  const call = (set: Iterable<ChangeListener> | undefined, change: Change) => {
    for (const listener of set ?? []) {
      // A failing subscriber must not stop the others nor the writer that notified.
      try {
        listener(change);
      } catch {
        /* the subscriber reports its own errors */
      }
    }
  };
  const size = (of: CollectionListeners | undefined) => {
    if (!of) return 0;
    let n = of.all.size;
    for (const set of of.byStore.values()) n += set.size;
    return n;
  };
  return {
    subscribe(collection, listener, storeId) {
      let of = listeners.get(collection);
      if (!of) {
        of = { all: new Set(), byStore: new Map() };
        listeners.set(collection, of);
      }
      if (storeId === undefined) {
        const all = of.all;
        all.add(listener);
        return () => void all.delete(listener);
      }
      let set = of.byStore.get(storeId);
      if (!set) {
        set = new Set();
        of.byStore.set(storeId, set);
      }
      set.add(listener);
      const byStore = of.byStore;
      const own = set;
      return () => {
        own.delete(listener);
        // A store whose last stream closed leaves no empty set behind.
        if (own.size === 0 && byStore.get(storeId) === own) byStore.delete(storeId);
      };
    },
    notify: (changes) => {
      for (const change of changes) {
        const of = listeners.get(change.collection);
        if (!of) continue;
        call(of.all, change);
        if (change.storeId === null) for (const set of of.byStore.values()) call(set, change);
        else call(of.byStore.get(change.storeId), change);
      }
    },
    subscriberCount(collection) {
      if (collection !== undefined) return size(listeners.get(collection));
      let n = 0;
      for (const of of listeners.values()) n += size(of);
      return n;
    },
  };
}
