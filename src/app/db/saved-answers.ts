import type { VitrineDatabase } from './database.js';

/** A server's answer kept on the device, with when it came (device time, only compared with the same device's clock). */
export interface SavedAnswer<A> {
  answer: A;
  fetchedAt: number;
}

/**
 * Server answers kept in one RxDB local document (no collection: the device's collection budget is for replicated
 * data), by key, for `keepMs` and at most `keepMax` of them (the oldest go first), so a screen can show the last answer
 * with its age when the network is down.
 */
export function savedAnswers<A>(db: VitrineDatabase, documentId: string, { keepMs, keepMax }: { keepMs: number; keepMax: number }) {
  /** A clock set backwards makes an entry look older, never younger: it expires rather than lingers. */
  const fresh = (answers: Record<string, SavedAnswer<A>>, now: number) =>
    Object.fromEntries(Object.entries(answers).filter(([, a]) => now - a.fetchedAt >= 0 && now - a.fetchedAt < keepMs));
  const read = async (): Promise<Record<string, SavedAnswer<A>>> => {
    const doc = await db.getLocal<{ answers: Record<string, SavedAnswer<A>> }>(documentId);
    return doc ? ((doc.toJSON().data as { answers: Record<string, SavedAnswer<A>> }).answers ?? {}) : {};
  };
  return {
    /** The answers still fresh at `now`. */
    read: async (now: number) => fresh(await read(), now),
    save: async (key: string, entry: SavedAnswer<A>, now: number) => {
      const kept = Object.entries(fresh(await read(), now))
        .filter(([k]) => k !== key)
        .sort(([, a], [, b]) => b.fetchedAt - a.fetchedAt)
        .slice(0, keepMax - 1);
      await db.upsertLocal(documentId, { answers: { ...Object.fromEntries(kept), [key]: entry } });
    },
  };
}
