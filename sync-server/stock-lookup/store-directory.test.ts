import { afterEach, describe, expect, it } from 'vitest';
import { storeS1 } from '../../src/domain/testing/fixtures.js';
import { saveStore } from '../catalog/stores.js';
import { tempStore } from '../testing/temp-store.js';
import { createStoreDirectory } from './store-directory.js';

let dispose: (() => Promise<void>) | undefined;
afterEach(async () => {
  await dispose?.();
  dispose = undefined;
});

describe('the store directory of the stock lookup', () => {
  it('reads the stores table once for many lookups, and again as soon as this process changes a store', async () => {
    const temp = await tempStore();
    dispose = temp.dispose;
    const directory = createStoreDirectory(temp.store);
    for (let i = 0; i < 5; i++) expect((await directory.stores()).map((s) => s.id)).toEqual(['S1']);
    expect(directory.loads).toBe(1);

    await temp.store.transaction((tx) => saveStore(tx, { ...storeS1, id: 'S2', name: 'Second' }, { at: '2026-11-23T10:00:00.000Z' }));
    expect((await directory.stores()).map((s) => s.id).sort()).toEqual(['S1', 'S2']);
    expect(directory.loads).toBe(2);
    // A commit that writes no store keeps the copy.
    await temp.store.transaction((tx) => tx.putDocuments([{ collection: 'stock', id: 'S1:X', storeId: 'S1', body: { id: 'S1:X' } }]));
    await directory.stores();
    expect(directory.loads).toBe(2);
  });

  it("reads again once the copy is older than maxAgeMs (another instance's change)", async () => {
    const temp = await tempStore();
    dispose = temp.dispose;
    let now = 0;
    const directory = createStoreDirectory(temp.store, { maxAgeMs: 1_000, now: () => now });
    await directory.stores();
    now = 999;
    await directory.stores();
    expect(directory.loads).toBe(1);
    now = 1_000;
    await directory.stores();
    expect(directory.loads).toBe(2);
  });
});
