import { describe, expect, it } from 'vitest';
import { silentLogger } from '../logger.js';
import type { DeviceRecord, StoreReads } from '../store/store.js';
import { createRevocationWatch } from './revocation-watch.js';

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
  const lookups: string[] = [];
  let failing = false;
  const store = {
    async findDeviceByTokenHash(hash: string) {
      lookups.push(hash);
      if (failing) throw new Error('db down');
      const d = device(hash.slice('hash-'.length));
      return revoked.has(d.id) ? { ...d, revokedAt: '2026-02-01T00:00:00.000Z' } : d;
    },
  } as unknown as StoreReads;
  return { store, revoked, lookups, fail: (on: boolean) => (failing = on) };
}

describe('createRevocationWatch', () => {
  it('calls every watcher of a revoked device once, with one lookup per device per round, and idles when unwatched', async () => {
    const { store, revoked, lookups, fail } = fakeStore();
    const watch = createRevocationWatch({ store, intervalMs: 20, logger: silentLogger });
    const calls: string[] = [];
    watch.watch(device('a'), () => calls.push('a1'));
    watch.watch(device('a'), () => calls.push('a2'));
    const stopB = watch.watch(device('b'), () => calls.push('b'));
    await sleep(50);
    expect(calls).toEqual([]);
    expect(lookups.filter((h) => h === 'hash-a').length).toBe(lookups.filter((h) => h === 'hash-b').length); // not per stream

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
});
