import type { Logger } from '../logger.js';
import type { DeviceRecord, StoreReads } from '../store/store.js';

export interface RevocationWatch {
  /** Calls `onRevoked` once when the device is revoked (or deleted); answers an unwatch function. */
  watch(device: DeviceRecord, onRevoked: () => void): () => void;
}

/**
 * Ends long-lived connections (SSE) of a revoked device. Every request already checks the token in the database, so
 * only open streams need this. The revocation is written by another process (`npm run revoke-device`), possibly
 * for another instance, so this polls the database rather than listening in process: every `intervalMs`, one
 * indexed lookup per watched device (not per stream), and no timer at all while nothing is watched.
 */
export function createRevocationWatch({ store, intervalMs, logger }: { store: StoreReads; intervalMs: number; logger: Logger }): RevocationWatch {
  const watched = new Map<string, Set<() => void>>(); // tokenHash → callbacks
  let timer: NodeJS.Timeout | undefined;
  let checking = false;

  const check = async () => {
    if (checking) return;
    checking = true;
    try {
      for (const [tokenHash, callbacks] of [...watched]) {
        const device = await store.findDeviceByTokenHash(tokenHash).catch((error: unknown) => {
          logger.warn('revocation check failed', { error: String(error) });
          return null; // unknown: keep the stream, try again next round
        });
        if (device === null || (device && !device.revokedAt)) continue;
        watched.delete(tokenHash);
        for (const callback of callbacks) callback();
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
