import { Observable } from 'rxjs';
import { createParser } from 'eventsource-parser';
import type { FetchLike } from './http.js';
import { toHttpError, type HttpError } from './http.js';

export interface SseOptions {
  url: string;
  headers: Record<string, string>;
  fetch: FetchLike;
  /** Delay before reconnecting after the stream ends or fails; doubles up to maxRetryMs. */
  retryMs: number;
  maxRetryMs?: number;
  /** A non-retryable answer (426 outdated, 401 revoked): the stream stops and reports it. */
  onFatal?: (error: HttpError) => void;
  onError?: (error: unknown) => void;
}

/**
 * Waits `ms` before the next connection attempt, or less: the browser's `online` event (the network is back)
 * reconnects at once, so a device that was offline long enough to back off to 30 s catches up within seconds.
 */
function retryAfter(ms: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      globalThis.removeEventListener?.('online', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    globalThis.addEventListener?.('online', done);
  });
}

/**
 * Server-Sent Events over fetch + ReadableStream + eventsource-parser (EventSource cannot send an Authorization
 * header). Emits each `data:` payload parsed as JSON, and 'RESYNC' every time the connection (re)opens, so the
 * replication re-pulls whatever it missed while disconnected. Works in browsers and in Node (injected fetch).
 */
export function sseJson<T>(options: SseOptions): Observable<T | 'RESYNC'> {
  return new Observable<T | 'RESYNC'>((subscriber) => {
    const abort = new AbortController();
    let stopped = false;
    let delay = options.retryMs;
    const maxDelay = options.maxRetryMs ?? 30_000;

    const run = async () => {
      while (!stopped) {
        try {
          const res = await options.fetch(options.url, {
            headers: { ...options.headers, Accept: 'text/event-stream' },
            signal: abort.signal,
            cache: 'no-store',
          });
          if (!res.ok || !res.body) {
            const error = await toHttpError(res);
            if (res.status === 426 || res.status === 401) {
              options.onFatal?.(error);
              return;
            }
            throw error;
          }
          delay = options.retryMs;
          subscriber.next('RESYNC');
          const parser = createParser({
            onEvent: (event) => {
              if (!event.data) return;
              try {
                subscriber.next(JSON.parse(event.data) as T | 'RESYNC');
              } catch {
                subscriber.next('RESYNC');
              }
            },
          });
          const reader = res.body.getReader();
          const decoder = new TextDecoder();
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            parser.feed(decoder.decode(value, { stream: true }));
          }
        } catch (error) {
          if (stopped) return;
          options.onError?.(error);
        }
        if (stopped) return;
        await retryAfter(delay);
        delay = Math.min(delay * 2, maxDelay);
      }
    };
    void run();
    return () => {
      stopped = true;
      abort.abort();
    };
  });
}
