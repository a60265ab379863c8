import { describe, expect, it } from 'vitest';
import { coalescePulls } from './coalesce-pulls.js';
import type { PullPage, PullRange } from './store.js';

const range = (afterSeq: number): PullRange => ({ collection: 'stock', storeId: 'S1', afterSeq, limit: 1_000 });

describe('coalescePulls', () => {
  it('runs identical pulls of one tick once, and gives each caller its own arrays', async () => {
    const calls: PullRange[] = [];
    const pull = coalescePulls(async (r) => {
      calls.push(r);
      return { documents: [{ collection: 'stock', id: 'a', storeId: 'S1', seq: r.afterSeq + 1, body: '{}', deleted: false }], remaining: 0 };
    });
    const pages = await Promise.all([...Array.from({ length: 500 }, () => pull(range(7))), pull(range(8))]);
    expect(calls.map((c) => c.afterSeq)).toEqual([7, 8]);
    expect(pages[0]).toEqual(pages[499]);
    expect(pages[0]!.documents).not.toBe(pages[1]!.documents);
  });

  it('runs the different ranges of one tick in one query when the store can, each caller getting its own page', async () => {
    const batches: number[][] = [];
    const pull = coalescePulls(
      async () => {
        throw new Error('one by one is for a lone range');
      },
      async (ranges) => {
        batches.push(ranges.map((r) => r.afterSeq));
        return ranges.map((r) => ({ documents: [], remaining: r.afterSeq * 10 }));
      },
    );
    const pages = await Promise.all([pull(range(1)), pull(range(2)), pull(range(1)), pull(range(3))]);
    expect(batches).toEqual([[1, 2, 3]]);
    expect(pages.map((p) => p.remaining)).toEqual([10, 20, 10, 30]);
  });

  it('never hands a caller a query that started before its call (a commit it was told of could be missing)', async () => {
    let committed = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const pull = coalescePulls(async (): Promise<PullPage> => {
      const seen = committed; // the snapshot is taken when the query starts
      await gate;
      return { documents: [], remaining: seen };
    });
    const early = pull(range(0));
    await Promise.resolve(); // the first query has started
    await Promise.resolve();
    committed = 1; // a commit, then its notification wakes a second caller
    const late = pull(range(0));
    release();
    expect((await early).remaining).toBe(0);
    expect((await late).remaining).toBe(1);
  });

  it('gives every caller the error of a store that throws before its query starts', async () => {
    const pull = coalescePulls(
      () => {
        throw new Error('pool closed');
      },
      () => {
        throw new Error('pool closed');
      },
    );
    const results = await Promise.allSettled([pull(range(1)), pull(range(2))]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    await expect(pull(range(3))).rejects.toThrow('pool closed');
  });

  it('gives every caller of a failed query the error; the next tick queries again', async () => {
    let n = 0;
    const pull = coalescePulls(async () => {
      if (n++ === 0) throw new Error('connection lost');
      return { documents: [], remaining: 0 };
    });
    const results = await Promise.allSettled([pull(range(1)), pull(range(1))]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    await expect(pull(range(1))).resolves.toEqual({ documents: [], remaining: 0 });
  });
});
