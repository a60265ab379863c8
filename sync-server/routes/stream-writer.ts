import type { SSEStreamingApi } from 'hono/streaming';

/** The longest a written event waits for the other catch-ups of its stream (they may be slow pulls). */
export const MAX_HOLD_MS = 20;

/**
 * One socket write per round of catch-ups on a stream. A sale's commit changes its sales and its stock levels, and
 * both catch-ups of a device's multiplexed stream start from the same notification; written one by one, each event
 * was a write system call of its own, and at a chain's peak (thousands of streams, hundreds of sales a second) those
 * calls were the largest part of an instance's CPU (`writev` in a profile of the chain bench). Events wait while
 * another catch-up of the stream is running, at most MAX_HOLD_MS, and go out together, in the order they were given.
 *
 *   catch-up starts (`start`) ─► … ─► `finish(event)`: buffered; written with the others when none is running
 *   heartbeat, notice (`write`) ─► written at once, with whatever is buffered, unless a catch-up is running
 *
 * Each returned promise settles when its write has been accepted by the stream (backpressure from a slow client
 * holds its catch-ups back, as a direct write did).
 */
export class StreamWriter {
  private parts: string[] = [];
  private running = 0;
  private next: { promise: Promise<void>; resolve: () => void; reject: (error: unknown) => void } | null = null;
  private holding: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly stream: Pick<SSEStreamingApi, 'write'>) {}

  /** A catch-up begins: events given meanwhile wait for it (at most MAX_HOLD_MS). */
  start(): void {
    this.running++;
  }

  /** The catch-up begun by `start` ends, with the event it sends, if any. */
  finish(text: string | undefined): Promise<void> {
    this.running--;
    const written = text === undefined ? Promise.resolve() : this.buffer(text);
    this.flushOrHold();
    return written;
  }

  write(text: string): Promise<void> {
    const written = this.buffer(text);
    this.flushOrHold();
    return written;
  }

  private buffer(text: string): Promise<void> {
    this.parts.push(text);
    if (!this.next) {
      let resolve!: () => void;
      let reject!: (error: unknown) => void;
      const promise = new Promise<void>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      this.next = { promise, resolve, reject };
    }
    return this.next.promise;
  }

  /** Written now when no catch-up runs; otherwise held, from the first event that waits, at most MAX_HOLD_MS. */
  private flushOrHold(): void {
    if (this.running === 0) this.flush();
    else if (this.next && this.holding === undefined) this.holding = setTimeout(() => this.flush(), MAX_HOLD_MS);
  }

  private flush(): void {
    clearTimeout(this.holding);
    this.holding = undefined;
    const next = this.next;
    if (!next) return;
    const text = this.parts.join('');
    this.parts = [];
    this.next = null;
    this.stream.write(text).then(() => next.resolve(), next.reject);
  }
}

/** An SSE event as Hono's `writeSSE` writes it: the data's lines each prefixed, a blank line after. */
export function sseEvent(data: string, event?: string): string {
  const lines = data
    .split(/\r\n|\r|\n/)
    .map((line) => `data: ${line}`)
    .join('\n');
  return `${event === undefined ? '' : `event: ${event}\n`}${lines}\n\n`;
}
