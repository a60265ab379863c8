import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { storeS1 } from '../../src/domain/testing/fixtures.js';
import { hashSecret } from '../auth/tokens.js';
import { openSqliteStore } from '../store/sqlite.js';
import type { SyncStore } from '../store/store.js';

/**
 * A fresh SQLite store in a temp dir with store S1 and one device `d1` (token "tok"), for in-process route tests.
 * `dispose()` closes it (if still open) and deletes the dir.
 */
export async function tempStore(): Promise<{ store: SyncStore; dir: string; dispose(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'vitrine-ops-'));
  const store = openSqliteStore(dir);
  await store.transaction(async (tx) => {
    await tx.upsertStore(storeS1);
    await tx.insertDevice({
      id: 'd1',
      storeId: 'S1',
      name: 'Till 1',
      tokenHash: hashSecret('tok'),
      enrolledAt: '2026-01-01T00:00:00.000Z',
      revokedAt: null,
    });
  });
  let closed = false;
  const close = store.close.bind(store);
  store.close = async () => {
    if (closed) return;
    closed = true;
    await close();
  };
  return {
    store,
    dir,
    async dispose() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
