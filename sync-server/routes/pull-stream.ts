import type { Context } from 'hono';
import { streamSSE, type SSEMessage } from 'hono/streaming';
import { z } from 'zod';
import { DomainError, ErrorCode, type CollectionSpec } from '../../src/domain/index.js';
import type { ResolvedDeps } from '../app.js';
import type { DeviceEnv } from '../auth/device-auth.js';
import { errorBody } from '../http/errors.js';
import { wireArrayFor } from '../http/wire.js';
import { pullPartition, resolveCollection } from '../policies/access.js';
import type { DeviceRecord, StoredDocument } from '../store/store.js';
import { sseEvent, StreamWriter } from './stream-writer.js';

/** A subscriber further behind than this gets RESYNC and catches up by checkpoint iteration (paged pulls). */
export const STREAM_BATCH_MAX = 1_000;

/** One collection carried by a stream: its spec and the schema version the app speaks. */
export interface StreamedCollection {
  spec: CollectionSpec;
  version: number;
}

/**
 * GET /sync/{collection}/{version}/pull-stream: Server-Sent Events for RxDB's `stream$`, one collection.
 * GET /sync/stream?collections=products:0,sales:1,…: the same for all of a device's collections on ONE connection
 * (a browser opens at most 6 HTTP/1.1 connections per origin: one stream per collection would starve its pulls and
 * pushes), each event named after its collection (`event: sales`). A collection whose version is no longer served
 * gets one `event: <collection>` with the error body a 426 would carry (`notices`), and the others stream on.
 *
 *   connect ──► ": connected" ─► idle ──(change feed: this collection, this store)──► catch up ─► idle
 *                                  │                                  ▲  (a change while catching up marks the
 *                                  └── every heartbeatMs: ": hb" ─────┘   connection dirty: one more round after)
 *   catch up = pull (partition, seq > last sent) → `data: {documents, checkpoint}`
 *              too far behind or the pull failed → `data: "RESYNC"` (the client re-runs its checkpoint iteration)
 *   client disconnects, the server drains (shutdown) or the device is revoked → unsubscribe, stop heartbeat, end
 *   the stream (the client reconnects: to another instance, or gets 401 when revoked).
 * Each collection of a multiplexed stream catches up on its own (its partition, its seq, its wire version).
 *
 * Each connection holds a timer, and a seq and two flags per collection; a notification for another store costs it
 * nothing (the change feed calls a store's subscribers only), so a process serves thousands of subscribers.
 */
export function pullStream(c: Context<DeviceEnv>, spec: CollectionSpec, version: number, device: DeviceRecord, deps: ResolvedDeps) {
  return serveStream(c, [{ spec, version }], device, deps, { tagged: false });
}

export function multiplexedStream(
  c: Context<DeviceEnv>,
  streamed: readonly StreamedCollection[],
  notices: readonly SSEMessage[],
  device: DeviceRecord,
  deps: ResolvedDeps,
) {
  return serveStream(c, streamed, device, deps, { tagged: true, notices });
}

async function serveStream(
  c: Context<DeviceEnv>,
  streamed: readonly StreamedCollection[],
  device: DeviceRecord,
  deps: ResolvedDeps,
  options: { tagged: boolean; notices?: readonly SSEMessage[] },
) {
  // Start at "now": earlier changes are the client's checkpoint iteration's business, not the stream's.
  const startSeq = await deps.store.latestSeq();

  return streamSSE(c, async (stream) => {
    // One write for the events of catch-ups that run together (stream-writer.ts).
    const writer = new StreamWriter(stream);
    const connections = streamed.map(({ spec, version }) => ({
      spec,
      connection: new StreamConnection(writer, {
        collection: spec.name,
        event: options.tagged ? spec.name : undefined,
        partition: pullPartition(spec, device),
        lastSeq: startSeq,
        deps,
        toWire: wireArrayFor(spec, version),
      }),
    }));
    let stopWaiting = () => {};
    const closed = new Promise<void>((resolve) => {
      stream.onAbort(resolve);
      c.req.raw.signal.addEventListener('abort', () => resolve(), { once: true });
      const offDrain = deps.lifecycle.onDrain(resolve);
      const unwatch = deps.revocations.watch(device, resolve);
      stopWaiting = () => {
        offDrain();
        unwatch();
      };
    });
    // Open streams count as in flight, so a graceful shutdown waits until each has ended cleanly.
    void deps.lifecycle.track(closed);
    // A store-scoped collection hears its own store's changes only (and those for every store): the feed indexes
    // subscribers by store, so a sale elsewhere in the chain costs this connection nothing.
    const unsubscribes = connections.map(({ spec, connection }) =>
      deps.changeFeed.subscribe(spec.name, () => connection.changed(), spec.scope === 'shared' ? undefined : device.storeId),
    );
    const heartbeat = setInterval(() => void writer.write(': hb\n\n'), deps.heartbeatMs);
    try {
      await writer.write(': connected\n\n');
      for (const notice of options.notices ?? []) await writer.write(sseEvent(String(notice.data), notice.event));
      await closed;
    } finally {
      for (const { connection } of connections) connection.closed = true;
      clearInterval(heartbeat);
      for (const unsubscribe of unsubscribes) unsubscribe();
      stopWaiting();
    }
  });
}

/** `collections` of GET /sync/stream: the device's collections with the schema version it speaks of each. */
export const StreamQuerySchema = z.object({
  collections: z
    .string()
    .regex(/^[a-z][a-z0-9_-]*:\d+(,[a-z][a-z0-9_-]*:\d+)*$/, 'name:version pairs separated by commas, e.g. products:0,sales:1')
    .describe('The collections to stream, each with the schema version the app speaks: `products:0,stock:0,sales:1`'),
});

/**
 * The collections a multiplexed stream serves, checked as the per-collection route checks its path: an unknown
 * collection answers 404 (the app asked for nonsense). A version no longer served answers 426 only when no asked
 * collection is left to stream; otherwise that collection gets a notice (the 426 body, as its event) and the others
 * carry on, so the app learns it must update while the rest of its data stays live.
 */
export function resolveStreamedCollections(asked: string): { streamed: StreamedCollection[]; notices: SSEMessage[] } {
  const pairs = asked.split(',').map((pair) => pair.split(':') as [string, string]);
  const names = pairs.map(([name]) => name);
  const twice = names.find((name, i) => names.indexOf(name) !== i);
  if (twice !== undefined) {
    throw new DomainError(ErrorCode.VALIDATION_FAILED, `${twice} is asked for twice`, [
      { path: 'collections', message: `${twice} is asked for twice` },
    ]);
  }
  const streamed: StreamedCollection[] = [];
  const notices: SSEMessage[] = [];
  const refusals: string[] = [];
  for (const [name, version] of pairs) {
    try {
      const spec = resolveCollection(name, version);
      streamed.push({ spec, version: spec.requestedVersion });
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== ErrorCode.SCHEMA_VERSION_UNSUPPORTED) throw error;
      notices.push({ event: name, data: JSON.stringify(errorBody(error.code, error.message)) });
      refusals.push(error.message);
    }
  }
  if (streamed.length === 0) throw new DomainError(ErrorCode.SCHEMA_VERSION_UNSUPPORTED, refusals.join('; '));
  return { streamed, notices };
}

class StreamConnection {
  closed = false;
  private running = false;
  private dirty = false;

  private lastSeq: number;

  constructor(
    private readonly writer: StreamWriter,
    private readonly source: {
      collection: string;
      /** The SSE event name of a multiplexed stream (the collection); none on a per-collection stream. */
      event: string | undefined;
      partition: string;
      lastSeq: number;
      deps: ResolvedDeps;
      toWire: (docs: readonly StoredDocument[]) => string;
    },
  ) {
    this.lastSeq = source.lastSeq;
  }

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
        this.writer.start();
        // catchUp never throws, so every start has its finish: the stream's other events never wait for nothing.
        const data = await this.catchUp();
        await this.writer.finish(data === undefined ? undefined : sseEvent(data, this.source.event));
      }
    } finally {
      // Same tick as the last `dirty` check: a notification cannot slip in between and be lost.
      this.running = false;
    }
  }

  /** The event's data to send: the documents after `lastSeq`, RESYNC, or nothing new. */
  private async catchUp(): Promise<string | undefined> {
    try {
      const { deps, collection, partition, toWire } = this.source;
      const page = await deps.store.pull({
        collection,
        storeId: partition,
        afterSeq: this.lastSeq,
        limit: STREAM_BATCH_MAX,
      });
      if (page.documents.length === 0) return undefined;
      if (page.remaining > 0) return await this.resync();
      this.lastSeq = page.documents.at(-1)!.seq;
      return `{"documents":${toWire(page.documents)},"checkpoint":{"seq":${this.lastSeq}}}`;
    } catch (error) {
      this.source.deps.logger.warn('pull-stream catch-up failed; sending RESYNC', { collection: this.source.collection, error: String(error) });
      return this.resync().catch(() => undefined);
    }
  }

  private async resync(): Promise<string> {
    this.lastSeq = await this.source.deps.store.latestSeq();
    return '"RESYNC"';
  }
}
