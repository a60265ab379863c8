import { Observable, finalize, share, tap } from 'rxjs';
import { createParser } from 'eventsource-parser';
import type { ErrorBody } from '../../domain/index.js';
import { HttpError, toHttpError, type FetchLike } from './http.js';

export interface SseOptions {
  url: string;
  headers: Record<string, string>;
  fetch: FetchLike;
  /** Delay before reconnecting after the stream ends or fails; doubles up to maxRetryMs. */
  retryMs: number;
  maxRetryMs?: number;
  /**
   * Nothing heard for this long (no event, no heartbeat comment: the server sends one every 15 s) means the line is
   * dead though no error came, as after a Wi-Fi drop that left the TCP connection half open: reconnect.
   */
  silenceMs?: number;
  /** A non-retryable answer (426 outdated, 401 revoked): the stream stops and reports it; also a collection's 426 notice. */
  onFatal?: (error: HttpError) => void;
  onError?: (error: unknown) => void;
  /** Closes the connection for good, at once, whoever still subscribes (the replication is being cancelled). */
  closed?: AbortSignal;
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

const DEFAULT_SILENCE_MS = 45_000;

/** What one connection says: it (re)opened, or an event (its name, its `data` as sent). */
type SseMessage = { kind: 'open' } | { kind: 'event'; event: string; data: string };

/**
 * Server-Sent Events over fetch + ReadableStream + eventsource-parser (EventSource cannot send an Authorization
 * header): one connection, reconnected with backoff while subscribed. Works in browsers and in Node (injected fetch).
 */
function sseMessages(options: SseOptions): Observable<SseMessage> {
  return new Observable<SseMessage>((subscriber) => {
    const abort = new AbortController();
    let stopped = false;
    let delay = options.retryMs;
    const maxDelay = options.maxRetryMs ?? 30_000;
    const silenceMs = options.silenceMs ?? DEFAULT_SILENCE_MS;
    const close = () => {
      stopped = true;
      abort.abort();
      subscriber.complete();
    };
    if (options.closed?.aborted) {
      close();
      return;
    }
    options.closed?.addEventListener('abort', close, { once: true });

    const run = async () => {
      while (!stopped) {
        // One controller per connection: the subscription's end, the network coming back or a silent line ends it.
        const connection = new AbortController();
        const endConnection = () => connection.abort();
        abort.signal.addEventListener('abort', endConnection, { once: true });
        let networkBack = false;
        const onOnline = () => {
          networkBack = true;
          connection.abort();
        };
        let silence: ReturnType<typeof setTimeout> | undefined;
        const heard = () => {
          clearTimeout(silence);
          silence = setTimeout(endConnection, silenceMs);
        };
        globalThis.addEventListener?.('online', onOnline);
        try {
          heard();
          const res = await options.fetch(options.url, {
            headers: { ...options.headers, Accept: 'text/event-stream' },
            signal: connection.signal,
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
          subscriber.next({ kind: 'open' });
          const parser = createParser({
            onEvent: (event) => {
              if (event.data) subscriber.next({ kind: 'event', event: event.event ?? 'message', data: event.data });
            },
          });
          const reader = res.body.getReader();
          const decoder = new TextDecoder();
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            heard(); // events and the server's heartbeat comments alike
            parser.feed(decoder.decode(value, { stream: true }));
          }
        } catch (error) {
          if (stopped) return;
          if (!networkBack) options.onError?.(error);
        } finally {
          clearTimeout(silence);
          globalThis.removeEventListener?.('online', onOnline);
          abort.signal.removeEventListener('abort', endConnection);
        }
        if (stopped) return;
        // The network is back: whatever connection lived through the outage is not trusted, a new one opens at once
        // (and its RESYNC pulls what changed meanwhile).
        if (networkBack) {
          delay = options.retryMs;
          continue;
        }
        await retryAfter(delay);
        delay = Math.min(delay * 2, maxDelay);
      }
    };
    void run();
    return () => {
      options.closed?.removeEventListener('abort', close);
      stopped = true;
      abort.abort();
    };
  });
}

/**
 * The server's multiplexed stream (GET /sync/stream: events named after their collection) split back into one
 * observable per collection, the `stream$` RxDB's replication of that collection takes. A browser opens at most 6
 * HTTP/1.1 connections per origin, so one connection serves every collection and leaves room for pulls and pushes.
 *
 * The connection opens with the first subscriber and closes with the last (a tab that is not the leader never
 * opens it). Each collection gets `data` parsed as JSON, and 'RESYNC' every time the connection (re)opens and when
 * it subscribes to an open connection (its replication started late): the replication then re-pulls from its
 * checkpoint whatever the stream said while it was not listening. An event carrying an error body (its schema
 * version is no longer served) goes to `onFatal` as the 426 it stands for.
 */
export function sseCollections(options: SseOptions): (collection: string) => Observable<unknown> {
  let open = false;
  const connection$ = sseMessages(options).pipe(
    tap((message) => {
      if (message.kind === 'open') open = true;
    }),
    finalize(() => {
      open = false;
    }),
    share(),
  );
  return (collection) =>
    new Observable<unknown>((subscriber) => {
      if (open) subscriber.next('RESYNC');
      const subscription = connection$.subscribe((message) => {
        if (message.kind === 'open') return subscriber.next('RESYNC');
        if (message.event !== collection) return;
        const data = parseData(message.data);
        if (isErrorBody(data)) options.onFatal?.(new HttpError(426, data.error.code, data.error.message, data.error.fieldErrors));
        else subscriber.next(data);
      });
      return () => subscription.unsubscribe();
    });
}

/** Unreadable data cannot be applied: the replication re-pulls instead. */
function parseData(data: string): unknown {
  try {
    return JSON.parse(data);
  } catch {
    return 'RESYNC';
  }
}

const isErrorBody = (data: unknown): data is ErrorBody =>
  typeof data === 'object' && data !== null && typeof (data as Partial<ErrorBody>).error?.code === 'string';
