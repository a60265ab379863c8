import { describe, expect, it } from 'vitest';
import { pendingMessage } from './SyncBar.js';

describe("the sync bar's pending message", () => {
  it('counts what waits to sync', () => {
    expect(pendingMessage({ pending: 3, lastSyncedAt: null })).toBe('sync.pending');
    expect(pendingMessage({ pending: 3, lastSyncedAt: 1_000 })).toBe('sync.pending');
  });

  it('says everything is synced only once the device has synced, not on a device that never reached the server', () => {
    expect(pendingMessage({ pending: 0, lastSyncedAt: 1_000 })).toBe('sync.allSynced');
    expect(pendingMessage({ pending: 0, lastSyncedAt: null })).toBe('sync.nothingPending');
  });
});
