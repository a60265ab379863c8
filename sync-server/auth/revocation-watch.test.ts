import { describe, expect, it } from 'vitest';
import { silentLogger } from '../logger.js';
import type { DeviceRecord, StoreReads } from '../store/store.js';
import { createRevocationWatch, REVOCATION_LOOKUP_BATCH } from './revocation-watch.js';

const device = (id: string): DeviceRecord => ({
  id,
  storeId: 'S1',
  name: id,
  tokenHash: `hash-${id}`,
  enrolledAt: '2026-01-01T00:00:00.000Z',
  revokedAt: null,
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function fakeStore() {
  const revoked = new Set<string>();
  const deleted = new Set<string>();
  /** One entry per query: the hashes it asked for. */
  const lookups: string[][] = [];
  let failing = false;
  const store = {
    async findDevicesByTokenHashes(hashes: readonly string[]) {
      lookups.push([...hashes]);
      if (failing) throw new Error('db down');
      return hashes
        .map((hash) => device(hash.slice('hash-'.length)))
        .filter((d) => !deleted.has(d.id))
        .map((d) => (revoked.has(d.id) ? { ...d, revokedAt: '2026-02-01T00:00:00.000Z' } : d));
    },
  } as unknown as StoreReads;
  return { store, revoked, deleted, lookups, fail: (on: boolean) => (failing = on) };
}

describe('createRevocationWatch', () => {
  it('calls every watcher of a revoked device once, looking each device up once per round, and idles when unwatched', async () => {
    const { store, revoked, lookups, fail } = fakeStore();
    const watch = createRevocationWatch({ store, intervalMs: 20, logger: silentLogger });
    const calls: string[] = [];
    watch.watch(device('a'), () => calls.push('a1'));
    watch.watch(device('a'), () => calls.push('a2'));
    const stopB = watch.watch(device('b'), () => calls.push('b'));
    await sleep(50);
    expect(calls).toEqual([]);
    expect(lookups.length).toBeGreaterThan(0);
    for (const asked of lookups) expect(asked.sort()).toEqual(['hash-a', 'hash-b']); // per device, not per stream

    fail(true); // a failing lookup keeps the streams open
    revoked.add('a');
    await sleep(50);
    expect(calls).toEqual([]);
    fail(false);
    await sleep(50);
    expect(calls).toEqual(['a1', 'a2']);

    stopB();
    const seen = lookups.length;
    await sleep(60);
    expect(lookups.length).toBe(seen); // nothing watched: no timer, no queries
    expect(calls).toEqual(['a1', 'a2']);
  });

  it('checks thousands of watched devices with a few queries a round, not one per device', async () => {
    const { store, deleted, lookups } = fakeStore();
    const watch = createRevocationWatch({ store, intervalMs: 20, logger: silentLogger });
    const count = REVOCATION_LOOKUP_BATCH * 2 + 500;
    const ended: string[] = [];
    for (let i = 0; i < count; i++) watch.watch(device(`d${i}`), () => ended.push(`d${i}`));
    deleted.add('d1234'); // a deleted device ends its streams like a revoked one
    await sleep(30);
    const round = lookups.slice(0, 3);
    expect(round.map((asked) => asked.length)).toEqual([REVOCATION_LOOKUP_BATCH, REVOCATION_LOOKUP_BATCH, 500]);
    expect(new Set(round.flat()).size).toBe(count);
    expect(ended).toEqual(['d1234']);
  });
});
