import type { Context } from 'hono';
import { streamSSE, type SSEStreamingApi } from 'hono/streaming';
import type { CollectionSpec } from '../../src/domain/index.js';
import type { ResolvedDeps } from '../app.js';
import type { DeviceEnv } from '../auth/device-auth.js';
import type { Change } from '../feed/change-feed.js';
import { wireArrayFor } from '../http/wire.js';
import { pullPartition } from '../policies/access.js';
import type { DeviceRecord, StoredDocument } from '../store/store.js';

/** A subscriber further behind than this gets RESYNC and catches up by checkpoint iteration (paged pulls). */
export const STREAM_BATCH_MAX = 1_000;

/**
 * GET /sync/{collection}/{version}/pull-stream: Server-Sent Events for RxDB's `stream$`.
 *
 *   connect ──► ": connected" ─► idle ──(change feed: this collection, this store)──► catch up ─► idle
 *                                  │                                  ▲  (a change while catching up marks the
 *                                  └── every heartbeatMs: ": hb" ─────┘   connection dirty: one more round after)
 *   catch up = pull (partition, seq > last sent) → `data: {documents, checkpoint}`
 *              too far behind or the pull failed → `data: "RESYNC"` (the client re-runs its checkpoint iteration)
 *   client disconnects, the server drains (shutdown) or the device is revoked → unsubscribe, stop heartbeat, end
 *   the stream (the client reconnects: to another instance, or gets 401 when revoked).
 *
 * Each connection holds only a seq, two flags and a timer; a notification for another store costs a comparison,
 * so a process serves hundreds of subscribers.
 */
export async function pullStream(c: Context<DeviceEnv>, spec: CollectionSpec, version: number, device: DeviceRecord, deps: ResolvedDeps) {
  const partition = pullPartition(spec, device);
  // Start at "now": earlier changes are the client's checkpoint iteration's business, not the stream's.
  const startSeq = await deps.store.latestSeq();

  return streamSSE(c, async (stream) => {
    const connection = new StreamConnection(stream, spec.name, partition, startSeq, deps, wireArrayFor(spec, version));
    let stopWaiting = () => {};
    const closed = new Promise<void>((resolve) => {
      stream.onAbort(resolve);
      c.req.raw.signal.addEventListener('abort', () => resolve(), { once: true });
      const offDrain = deps.lifecycle.onDrain(resolve);
      const unwatch = deps.revocations.watch(device, resolve);
      stopWaiting = () => (offDrain(), unwatch());
    });
    // Open streams count as in flight, so a graceful shutdown waits until each has ended cleanly.
    void deps.lifecycle.track(closed);
    const unsubscribe = deps.changeFeed.subscribe(spec.name, (change) => {
      if (concerns(change, spec, device)) connection.changed();
    });
    const heartbeat = setInterval(() => void stream.write(': hb\n\n'), deps.heartbeatMs);
    try {
      await stream.write(': connected\n\n');
      await closed;
    } finally {
      connection.closed = true;
      clearInterval(heartbeat);
      unsubscribe();
      stopWaiting();
    }
  });
}

const concerns = (change: Change, spec: CollectionSpec, device: DeviceRecord) =>
  spec.scope === 'shared' || change.storeId === null || change.storeId === device.storeId;

class StreamConnection {
  closed = false;
  private running = false;
  private dirty = false;

  constructor(
    private readonly stream: SSEStreamingApi,
    private readonly collection: string,
    private readonly partition: string,
    private lastSeq: number,
    private readonly deps: ResolvedDeps,
    private readonly toWire: (docs: readonly StoredDocument[]) => string,
  ) {}

  /** Coalesces notifications: at most one catch-up runs per connection, and one more runs if changes came meanwhile. */
  changed(): void {
    this.dirty = true;
    if (this.running) return;
    this.running = true;
    void this.drain();
  }

  private async drain(): Promise<void> {
    try {
      while (this.dirty && !this.closed) {
        this.dirty = false;
        await this.catchUp();
      }
    } finally {
      // Same tick as the last `dirty` check: a notification cannot slip in between and be lost.
      this.running = false;
    }
  }

  private async catchUp(): Promise<void> {
    try {
      const page = await this.deps.store.pull({
        collection: this.collection,
        storeId: this.partition,
        afterSeq: this.lastSeq,
        limit: STREAM_BATCH_MAX,
      });
      if (page.documents.length === 0) return;
      if (page.remaining > 0) return await this.resync();
      this.lastSeq = page.documents.at(-1)!.seq;
      await this.stream.writeSSE({
        data: `{"documents":${this.toWire(page.documents)},"checkpoint":{"seq":${this.lastSeq}}}`,
      });
    } catch (error) {
      this.deps.logger.warn('pull-stream catch-up failed; sending RESYNC', { collection: this.collection, error: String(error) });
      await this.resync().catch(() => undefined);
    }
  }

  private async resync(): Promise<void> {
    this.lastSeq = await this.deps.store.latestSeq();
    await this.stream.writeSSE({ data: '"RESYNC"' });
  }
}
