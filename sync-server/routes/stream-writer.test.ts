import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_HOLD_MS, sseEvent, StreamWriter } from './stream-writer.js';

function recorder() {
  const writes: string[] = [];
  return { writes, writer: new StreamWriter({ write: async (text: string | Uint8Array) => void writes.push(String(text)) } as never) };
}

afterEach(() => vi.useRealTimers());

describe('a stream writer', () => {
  it('writes the events of catch-ups that ran together once, in the order they were given', async () => {
    const { writes, writer } = recorder();
    writer.start();
    writer.start();
    const sales = writer.finish(sseEvent('{"documents":[1]}', 'sales'));
    expect(writes).toEqual([]);
    const stock = writer.finish(sseEvent('{"documents":[2]}', 'stock'));
    await Promise.all([sales, stock]);
    expect(writes).toEqual(['event: sales\ndata: {"documents":[1]}\n\nevent: stock\ndata: {"documents":[2]}\n\n']);
  });

  it('writes a heartbeat at once when no catch-up runs, and a catch-up with nothing to send writes nothing', async () => {
    const { writes, writer } = recorder();
    await writer.write(': hb\n\n');
    writer.start();
    await writer.finish(undefined);
    expect(writes).toEqual([': hb\n\n']);
  });

  it('does not hold an event longer than MAX_HOLD_MS behind a slow catch-up', async () => {
    vi.useFakeTimers();
    const { writes, writer } = recorder();
    writer.start();
    writer.start();
    const first = writer.finish(sseEvent('"RESYNC"'));
    await vi.advanceTimersByTimeAsync(MAX_HOLD_MS - 1);
    expect(writes).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    await first;
    expect(writes).toEqual(['data: "RESYNC"\n\n']);
    // The slow one, when it ends, goes out on its own.
    await writer.finish(sseEvent('{"documents":[]}'));
    expect(writes).toHaveLength(2);
  });
});
