import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { storeS1 } from '../../src/domain/testing/fixtures.js';
import { createApp } from '../app.js';
import { hashSecret } from '../auth/tokens.js';
import { silentLogger } from '../logger.js';
import { openSqliteStore } from '../store/sqlite.js';
import type { SyncStore } from '../store/store.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function setup(failPulls: () => boolean) {
  const dir = mkdtempSync(join(tmpdir(), 'vitrine-stream-'));
  const real = openSqliteStore(dir);
  cleanups.push(async () => {
    await real.close();
    rmSync(dir, { recursive: true, force: true });
  });
  await real.transaction(async (tx) => {
    await tx.upsertStore(storeS1);
    await tx.insertDevice({
      id: 'd1',
      storeId: 'S1',
      name: 'T',
      tokenHash: hashSecret('tok'),
      enrolledAt: '2026-01-01T00:00:00.000Z',
      revokedAt: null,
    });
  });
  // The real store, except that pulls fail when asked to.
  const store: SyncStore = Object.assign(Object.create(real) as SyncStore, {
    pull: (range: Parameters<SyncStore['pull']>[0]) => (failPulls() ? Promise.reject(new Error('disk on fire')) : real.pull(range)),
  });
  const app = createApp({ store, logger: silentLogger });
  const res = await app.request('/sync/stock/0/pull-stream', { headers: { Authorization: 'Bearer tok' } });
  const reader = res.body!.getReader();
  cleanups.unshift(() => reader.cancel());
  const decoder = new TextDecoder();
  let buffer = '';
  let pending: Promise<ReadableStreamReadResult<Uint8Array>> | undefined;
  /** The next `data:` payload, or 'nothing' when none arrives within `ms`. */
  const nextData = async (ms = 2_000): Promise<unknown> => {
    const deadline = Date.now() + ms;
    for (;;) {
      const match = /^data: (.*)$/m.exec(buffer);
      if (match) {
        buffer = buffer.slice(match.index + match[0].length);
        return JSON.parse(match[1]!);
      }
      pending ??= reader.read();
      const result = await Promise.race([pending, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), deadline - Date.now()))]);
      if (result === 'timeout') return 'nothing';
      pending = undefined;
      const { value, done } = result;
      if (done) throw new Error('stream ended');
      buffer += decoder.decode(value, { stream: true });
    }
  };
  // Each commit notifies the app's change feed itself (store.onCommitted), as in production.
  const write = (ids: string[], storeId = 'S1') =>
    real.transaction((tx) => tx.putDocuments(ids.map((id) => ({ collection: 'stock', id, storeId, body: { id } }))));
  return { nextData, write };
}

describe('pull-stream connection', () => {
  it('sends RESYNC when its pull fails, then resumes with later changes', async () => {
    let failing = true;
    const { nextData, write } = await setup(() => failing);
    await write(['S1:A']);
    expect(await nextData()).toBe('RESYNC');
    failing = false;
    await write(['S1:B']);
    // After RESYNC the stream restarts from "now": A is the client's checkpoint iteration's job, B comes here.
    expect(await nextData()).toMatchObject({ documents: [{ id: 'S1:B', _deleted: false }] });
  });

  it('coalesces a burst of notifications into few batches, with no document sent twice', async () => {
    const { nextData, write } = await setup(() => false);
    for (let i = 0; i < 20; i++) await write([`S1:${i}`]);
    const seen: string[] = [];
    let batches = 0;
    while (seen.length < 20) {
      const batch = (await nextData()) as { documents: { id: string }[] };
      batches++;
      seen.push(...batch.documents.map((d) => d.id));
    }
    expect(seen).toEqual(Array.from({ length: 20 }, (_, i) => `S1:${i}`));
    expect(batches).toBeLessThan(20);
  });

  it("ignores commits of another store, and hears its own store's commit without anyone notifying by hand", async () => {
    const { nextData, write } = await setup(() => false);
    await write(['S2:other'], 'S2');
    expect(await nextData(150)).toBe('nothing');
    await write(['S1:own']);
    expect(await nextData()).toMatchObject({ documents: [{ id: 'S1:own' }] });
  });
});
