import { createGunzip } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { pageStream } from './page-stream.js';

/** Pages of about 200 kB of JSON-like text, as a snapshot's are megabytes; counts the pages read. */
function source(count: number) {
  const read: number[] = [];
  let finished = false;
  async function* pages() {
    try {
      for (let i = 0; i < count; i++) {
        read.push(i);
        yield `${JSON.stringify({ page: i, documents: Array.from({ length: 2_000 }, (_, j) => ({ sku: `SKU-${i}-${j}`, name: `Produto ${j}` })) })}\n`;
      }
    } finally {
      finished = true;
    }
  }
  return { pages: pages(), read, finished: () => finished };
}

/** Gunzips the chunks as they come, as a browser does: the lines complete after each chunk. */
function gunzipLines() {
  const gunzip = createGunzip();
  let text = '';
  gunzip.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  return {
    async add(chunk: Uint8Array): Promise<string[]> {
      await new Promise<void>((resolve) => gunzip.write(chunk, () => resolve()));
      await new Promise<void>((resolve) => gunzip.flush(() => resolve()));
      return text.split('\n').slice(0, -1);
    },
  };
}

describe('pageStream', () => {
  it('sends each gzip page whole as soon as it is read, and reads the next only when the reader asks for more', async () => {
    const { pages, read } = source(10);
    const reader = pageStream(pages, { gzip: true }).getReader();
    const lines = gunzipLines();
    const first = await reader.read();
    // The first chunk is the whole first page, usable before any other page is read from the database.
    expect((await lines.add(first.value!)).map((line) => JSON.parse(line).page)).toEqual([0]);
    await new Promise((r) => setTimeout(r, 50));
    expect(read).toEqual([0]);
    const second = await reader.read();
    expect((await lines.add(second.value!)).map((line) => JSON.parse(line).page)).toEqual([0, 1]);
    expect(read).toEqual([0, 1]);
    await reader.cancel();
  });

  it('carries every page in order, gzip or not', async () => {
    for (const gzip of [true, false]) {
      const { pages } = source(5);
      const body = await new Response(pageStream(pages, { gzip })).arrayBuffer();
      const text = gzip
        ? await new Response(new Blob([body]).stream().pipeThrough(new DecompressionStream('gzip'))).text()
        : new TextDecoder().decode(body);
      expect(
        text
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line).page),
      ).toEqual([0, 1, 2, 3, 4]);
    }
  });

  it('stops reading pages when the device goes away', async () => {
    const { pages, read, finished } = source(10);
    const reader = pageStream(pages, { gzip: true }).getReader();
    await reader.read();
    await reader.cancel();
    expect(finished()).toBe(true);
    expect(read).toEqual([0]);
  });
});
