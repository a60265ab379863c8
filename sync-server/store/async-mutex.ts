/**
 * Runs async critical sections one at a time, in call order. better-sqlite3 has one connection and no notion of
 * concurrent transactions; without this, two requests awaiting inside their transactions would interleave
 * statements in the same BEGIN … COMMIT.
 */
export class AsyncMutex {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(critical: () => Promise<T>): Promise<T> {
    const result = this.tail.then(critical);
    // The next waiter starts after this one settles, whether it succeeded or failed.
    this.tail = result.catch(() => undefined);
    return result;
  }
}
