import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from './open-store.js';

describe('openStore', () => {
  it('opens SQLite in dataDir when no DATABASE_URL is given, with no change listener', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vitrine-open-'));
    try {
      for (const databaseUrl of [undefined, '']) {
        const store = await openStore({ databaseUrl, dataDir: dir });
        expect(store.listenForChanges).toBeUndefined();
        expect(await store.latestSeq()).toBe(0);
        await store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a DATABASE_URL that is not PostgreSQL', async () => {
    await expect(openStore({ databaseUrl: 'mysql://x@y/z', dataDir: '.' })).rejects.toThrow(/postgres:\/\//);
  });
});
