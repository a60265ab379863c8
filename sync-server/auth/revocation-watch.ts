import type { Logger } from '../logger.js';
import type { DeviceRecord, StoreReads } from '../store/store.js';

export interface RevocationWatch {
  /** Calls `onRevoked` once when the device is revoked (or deleted); answers an unwatch function. */
  watch(device: DeviceRecord, onRevoked: () => void): () => void;
}

/** Watched devices looked up per query: a round stays a handful of queries however many streams are open. */
export const REVOCATION_LOOKUP_BATCH = 1_000;

/**
 * Ends long-lived connections (SSE) of a revoked device. Every request already checks the token in the database, so
 * only open streams need this. The revocation is written by another process (`npm run revoke-device`), possibly
 * for another instance, so this polls the database rather than listening in process: every `intervalMs`, one query
 * per `REVOCATION_LOOKUP_BATCH` watched devices (not per device: 1,500 streams looked up one by one were 750 queries
 * a second, a round trip each, that queued in the pool beside the pulls and pushes), and no timer at all while
 * nothing is watched.
 */
export function createRevocationWatch({ store, intervalMs, logger }: { store: StoreReads; intervalMs: number; logger: Logger }): RevocationWatch {
  const watched = new Map<string, Set<() => void>>(); // tokenHash → callbacks
  let timer: NodeJS.Timeout | undefined;
  let checking = false;

  const check = async () => {
    if (checking) return;
    checking = true;
    try {
      const hashes = [...watched.keys()];
      for (let i = 0; i < hashes.length; i += REVOCATION_LOOKUP_BATCH) {
        const batch = hashes.slice(i, i + REVOCATION_LOOKUP_BATCH);
        const found = await store.findDevicesByTokenHashes(batch).catch((error: unknown) => {
          logger.warn('revocation check failed', { error: String(error) });
          return null; // unknown: keep the streams, try again next round
        });
        if (found === null) continue;
        const live = new Set(found.filter((d) => !d.revokedAt).map((d) => d.tokenHash));
        // Revoked, or deleted (absent from the answer).
        for (const tokenHash of batch) {
          if (live.has(tokenHash)) continue;
          const callbacks = watched.get(tokenHash);
          if (!callbacks) continue; // unwatched meanwhile
          watched.delete(tokenHash);
          for (const callback of callbacks) callback();
        }
      }
    } finally {
      checking = false;
      if (watched.size === 0) stop();
    }
  };
  const stop = () => {
    clearInterval(timer);
    timer = undefined;
  };

  return {
    watch(device, onRevoked) {
      let callbacks = watched.get(device.tokenHash);
      if (!callbacks) {
        callbacks = new Set();
        watched.set(device.tokenHash, callbacks);
      }
      let fired = false;
      const once = () => {
        if (fired) return;
        fired = true;
        onRevoked();
      };
      callbacks.add(once);
      if (!timer) {
        timer = setInterval(() => void check(), intervalMs);
        timer.unref();
      }
      return () => {
        callbacks.delete(once);
        if (callbacks.size === 0 && watched.get(device.tokenHash) === callbacks) watched.delete(device.tokenHash);
        if (watched.size === 0) stop();
      };
    },
  };
}
