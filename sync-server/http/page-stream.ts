import { once } from 'node:events';
import { constants, createGzip } from 'node:zlib';

/**
 * A response body of pages, one read only when the reader has taken the one before; gzip-compressed when asked
 * (level 1: catalog JSON still shrinks over tenfold, at a fraction of the CPU of the default level), each page
 * flushed whole so the reader can use it before the next one arrives.
 *
 * Reading a page from SQLite blocks the event loop. A source that reads ahead (Node's `Readable.from` buffers 16
 * pages) read the pages of a snapshot back to back, and the compressed bytes of the first one, which need the event
 * loop to be sent, trickled out behind those reads: Chromium received the first 10,000 products 139–199 ms after
 * asking, against 72–115 ms now, and the server held the catalog's JSON (about 38 MB) meanwhile.
 */
export function pageStream(pages: AsyncIterable<string>, options: { gzip: boolean }): ReadableStream<Uint8Array> {
  const iterator = pages[Symbol.asyncIterator]();
  const cancel = async () => {
    await iterator.return?.();
  };
  if (!options.gzip) {
    return new ReadableStream<Uint8Array>(
      {
        async pull(controller) {
          const next = await iterator.next();
          if (next.done) controller.close();
          else controller.enqueue(Buffer.from(next.value));
        },
        cancel,
      },
      { highWaterMark: 0 },
    );
  }
  const gzip = createGzip({ level: 1 });
  const compressed: Buffer[] = [];
  gzip.on('data', (chunk: Buffer) => compressed.push(chunk));
  const take = () => Buffer.concat(compressed.splice(0));
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        while (compressed.length === 0) {
          const next = await iterator.next();
          if (next.done) {
            // The gzip trailer is pushed after the writable side finishes: wait for the readable side's end.
            const ended = once(gzip, 'end');
            gzip.end();
            await ended;
            if (compressed.length > 0) controller.enqueue(take());
            controller.close();
            return;
          }
          gzip.write(next.value);
          // Called once the whole page is out of zlib: its compressed bytes are in `compressed` by then.
          await new Promise<void>((resolve) => gzip.flush(constants.Z_SYNC_FLUSH, () => resolve()));
        }
        controller.enqueue(take());
      },
      async cancel() {
        gzip.destroy();
        await cancel();
      },
    },
    { highWaterMark: 0 },
  );
}
