import { createParser } from 'eventsource-parser';
import { expect } from 'vitest';

/**
 * Opens a pull-stream and collects its events (parsed `data:`) and comments. Resolves once the server said
 * ": connected" (its change-feed subscription is in place then), or after 2 s without it.
 */
export async function subscribeEvents(url: string, collection: string, token: string) {
  const stream = await listen(`${url}/sync/${collection}/0/pull-stream`, token);
  return {
    get events(): unknown[] {
      return stream.tagged.map((e) => e.data);
    },
    comments: stream.comments,
    close: stream.close,
  };
}

/**
 * Opens the multiplexed stream GET /sync/stream?collections=… (`products:0,sales:1`); `tagged` holds each event
 * with its name (the collection), `ended` resolves when the server ends the stream.
 */
export const subscribeStream = (url: string, collections: string, token: string) => listen(`${url}/sync/stream?collections=${collections}`, token);

async function listen(streamUrl: string, token: string) {
  const abort = new AbortController();
  const res = await fetch(streamUrl, { headers: { Authorization: `Bearer ${token}` }, signal: abort.signal });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
  const tagged: { event: string | undefined; data: unknown }[] = [];
  const comments: string[] = [];
  let connected!: () => void;
  const saidConnected = new Promise<void>((resolve) => (connected = resolve));
  const parser = createParser({
    onEvent: (e) => tagged.push({ event: e.event, data: JSON.parse(e.data) }),
    onComment: (c) => {
      comments.push(c);
      if (c.includes('connected')) connected();
    },
  });
  const ended = (async (): Promise<'end' | 'aborted'> => {
    const decoder = new TextDecoder();
    try {
      const reader = res.body!.getReader();
      for (let r = await reader.read(); !r.done; r = await reader.read()) parser.feed(decoder.decode(r.value, { stream: true }));
      return 'end';
    } catch {
      return 'aborted';
    }
  })();
  await Promise.race([saidConnected, new Promise((r) => setTimeout(r, 2_000))]);
  return {
    tagged,
    comments,
    ended,
    async close() {
      abort.abort();
      await ended;
    },
  };
}

/** Waits until `check()` holds or `ms` pass; answers whether it held. */
export const until = async (check: () => boolean, ms: number) => {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 5));
  return check();
};
