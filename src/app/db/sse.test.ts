import { describe, expect, it } from 'vitest';
import type { FetchLike, HttpError } from './http.js';
import { sseCollections } from './sse.js';

/** A stand-in for GET /sync/stream: each request opens a connection the test writes events to, or ends. */
function fakeStream() {
  const connections: { url: string; send(text: string): void; end(): void; aborted: () => boolean }[] = [];
  const fetch: FetchLike = async (url, init) => {
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    let aborted = false;
    const body = new ReadableStream<Uint8Array>({
      start: (c) => {
        controller = c;
      },
    });
    init?.signal?.addEventListener('abort', () => {
      aborted = true;
      controller.error(new Error('aborted'));
    });
    connections.push({
      url,
      send: (text) => controller.enqueue(new TextEncoder().encode(text)),
      end: () => controller.close(),
      aborted: () => aborted,
    });
    return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
  };
  return { fetch, connections };
}

const settle = () => new Promise((r) => setTimeout(r, 20));

describe('one SSE connection split into a stream per collection', () => {
  it("opens one connection for every collection, gives each 'RESYNC' when it opens, and each event to its collection only", async () => {
    const server = fakeStream();
    const streamOf = sseCollections({ url: '/sync/stream?collections=stock:0,sales:1', headers: {}, fetch: server.fetch, retryMs: 10 });
    const stock: unknown[] = [];
    const sales: unknown[] = [];
    const subs = [streamOf('stock').subscribe((e) => stock.push(e)), streamOf('sales').subscribe((e) => sales.push(e))];
    await settle();
    expect(server.connections).toHaveLength(1);

    server.connections[0]!.send(
      ': connected\n\nevent: sales\ndata: {"documents":[{"id":"s1"}],"checkpoint":{"seq":4}}\n\nevent: stock\ndata: not json\n\n',
    );
    await settle();
    expect(sales).toEqual(['RESYNC', { documents: [{ id: 's1' }], checkpoint: { seq: 4 } }]);
    // Data it cannot read: that collection re-pulls from its checkpoint instead.
    expect(stock).toEqual(['RESYNC', 'RESYNC']);
    for (const s of subs) s.unsubscribe();
  });

  it("reconnects after the server ends the stream, and every collection gets 'RESYNC' again", async () => {
    const server = fakeStream();
    const streamOf = sseCollections({ url: '/sync/stream', headers: {}, fetch: server.fetch, retryMs: 10 });
    const stock: unknown[] = [];
    const sales: unknown[] = [];
    const subs = [streamOf('stock').subscribe((e) => stock.push(e)), streamOf('sales').subscribe((e) => sales.push(e))];
    await settle();
    server.connections[0]!.end();
    await settle();
    expect(server.connections).toHaveLength(2);
    expect(stock).toEqual(['RESYNC', 'RESYNC']);
    expect(sales).toEqual(['RESYNC', 'RESYNC']);
    for (const s of subs) s.unsubscribe();
  });

  it("gives a collection that starts listening late 'RESYNC' at once, on the connection already open", async () => {
    const server = fakeStream();
    const streamOf = sseCollections({ url: '/sync/stream', headers: {}, fetch: server.fetch, retryMs: 10 });
    const first = streamOf('products').subscribe();
    await settle();
    const late: unknown[] = [];
    const sub = streamOf('stock').subscribe((e) => late.push(e));
    expect(late).toEqual(['RESYNC']);
    expect(server.connections).toHaveLength(1);
    first.unsubscribe();
    sub.unsubscribe();
  });

  it('reports a collection the server no longer serves as a 426, and closes the connection when nobody listens', async () => {
    const server = fakeStream();
    const fatal: HttpError[] = [];
    const streamOf = sseCollections({ url: '/sync/stream', headers: {}, fetch: server.fetch, retryMs: 10, onFatal: (e) => fatal.push(e) });
    const sales: unknown[] = [];
    const subs = [streamOf('sales').subscribe((e) => sales.push(e)), streamOf('stock').subscribe()];
    await settle();
    server.connections[0]!.send(
      'event: sales\ndata: {"error":{"code":"SCHEMA_VERSION_UNSUPPORTED","message":"sales schema version 0 is no longer served","fieldErrors":[]}}\n\n',
    );
    await settle();
    expect(fatal).toEqual([expect.objectContaining({ status: 426, code: 'SCHEMA_VERSION_UNSUPPORTED' })]);
    expect(sales).toEqual(['RESYNC']);
    subs[0]!.unsubscribe();
    expect(server.connections[0]!.aborted()).toBe(false);
    subs[1]!.unsubscribe();
    expect(server.connections[0]!.aborted()).toBe(true);
  });

  it('closes the connection at once when the replication is cancelled, whoever still listens, and never reconnects', async () => {
    const server = fakeStream();
    const closing = new AbortController();
    const streamOf = sseCollections({ url: '/sync/stream', headers: {}, fetch: server.fetch, retryMs: 10, closed: closing.signal });
    const sub = streamOf('sales').subscribe();
    await settle();
    closing.abort();
    expect(server.connections[0]!.aborted()).toBe(true);
    await settle();
    expect(server.connections).toHaveLength(1);
    // A collection that starts listening afterwards gets no connection either.
    streamOf('stock').subscribe().unsubscribe();
    await settle();
    expect(server.connections).toHaveLength(1);
    sub.unsubscribe();
  });

  it('drops a connection that lived through an outage when the network comes back and opens a new one at once, with RESYNC', async () => {
    // Node has no window: the browser's `online` event is stood in for by an EventTarget on globalThis.
    const network = new EventTarget();
    const global = globalThis as unknown as {
      addEventListener?: EventTarget['addEventListener'];
      removeEventListener?: EventTarget['removeEventListener'];
    };
    global.addEventListener = network.addEventListener.bind(network);
    global.removeEventListener = network.removeEventListener.bind(network);
    try {
      const server = fakeStream();
      // A retry delay far longer than the test: only the `online` event can explain a second connection.
      const streamOf = sseCollections({ url: '/sync/stream', headers: {}, fetch: server.fetch, retryMs: 60_000 });
      const stock: unknown[] = [];
      const sub = streamOf('stock').subscribe((e) => stock.push(e));
      await settle();
      expect(server.connections).toHaveLength(1);
      network.dispatchEvent(new Event('online'));
      await settle();
      expect(server.connections[0]!.aborted()).toBe(true);
      expect(server.connections).toHaveLength(2);
      expect(stock).toEqual(['RESYNC', 'RESYNC']);
      sub.unsubscribe();
    } finally {
      delete global.addEventListener;
      delete global.removeEventListener;
    }
  });

  it('keeps a connection that hears heartbeats, and replaces one that goes silent though no error came', async () => {
    const server = fakeStream();
    const streamOf = sseCollections({ url: '/sync/stream', headers: {}, fetch: server.fetch, retryMs: 10, silenceMs: 120 });
    const sub = streamOf('stock').subscribe();
    for (let i = 0; i < 5; i++) {
      await new Promise((r) => setTimeout(r, 60));
      server.connections[0]!.send(': hb\n\n');
    }
    expect(server.connections).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 250));
    expect(server.connections[0]!.aborted()).toBe(true);
    expect(server.connections.length).toBeGreaterThanOrEqual(2);
    sub.unsubscribe();
  });
});
