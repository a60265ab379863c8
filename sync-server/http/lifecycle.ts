import type { MiddlewareHandler } from 'hono';
import { ErrorCode } from '../../src/domain/index.js';
import { errorBody } from './errors.js';

/**
 * What graceful shutdown needs to know about the app: requests in flight and open SSE streams.
 *
 *   serving ──drain()──► draining: `onDrain` listeners run (SSE streams end, devices reconnect elsewhere), new requests on
 *                        kept-alive connections answer 503, /ready answers 503; drain() resolves when every tracked
 *                        request and stream has settled, or false when `timeoutMs` passes first.
 */
export interface Lifecycle {
  readonly draining: boolean;
  /** Calls `listener` when draining starts (at once if it has); answers a function that removes it. */
  onDrain(listener: () => void): () => void;
  /** Counts `work` as in flight until it settles; answers `work`. */
  track<T>(work: Promise<T>): Promise<T>;
  inFlight(): number;
  drain(timeoutMs: number): Promise<boolean>;
}

export function createLifecycle(): Lifecycle {
  let draining = false;
  const listeners = new Set<() => void>();
  let inFlight = 0;
  let settled: (() => void) | undefined;
  return {
    get draining() {
      return draining;
    },
    onDrain(listener) {
      if (draining) {
        listener();
        return () => {};
      }
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    track(work) {
      inFlight++;
      const done = () => {
        if (--inFlight === 0) settled?.();
      };
      work.then(done, done);
      return work;
    },
    inFlight: () => inFlight,
    async drain(timeoutMs) {
      if (!draining) {
        draining = true;
        for (const listener of listeners) listener();
        listeners.clear();
      }
      if (inFlight === 0) return true;
      let timer: NodeJS.Timeout | undefined;
      const idle = new Promise<boolean>((resolve) => (settled = () => resolve(true)));
      const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
      try {
        return await Promise.race([idle, late]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** Tracks every request until its handler answered; once draining, refuses new ones with 503 and `Connection: close`. */
export function trackRequests(lifecycle: Lifecycle): MiddlewareHandler {
  return async (c, next) => {
    if (lifecycle.draining) {
      return c.json(errorBody(ErrorCode.UNAVAILABLE, 'this server is shutting down; retry'), 503, { Connection: 'close', 'Retry-After': '1' });
    }
    await lifecycle.track(next());
  };
}
