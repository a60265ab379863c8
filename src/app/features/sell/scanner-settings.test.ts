import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { afterEach, describe, expect, it } from 'vitest';
import { createVitrineDatabase, type VitrineDatabase } from '../../db/database.js';
import { suggestedGap } from '../device/ScannerSettings.js';
import { DEFAULT_SCAN_GAP_MS, MAX_SCAN_GAP_MS, MIN_SCAN_GAP_MS } from './scan-buffer.js';
import { readScannerSettings, saveScannerSettings } from './scanner-settings.js';

let db: VitrineDatabase | undefined;
afterEach(async () => {
  await db?.remove();
  db = undefined;
});
const open = async () =>
  (db = await createVitrineDatabase({ storage: getRxStorageMemory(), name: `scanner${Date.now()}`, collections: ['products'] }));

describe('scanner settings of the device', () => {
  it('start at the default gap, keep what the device screen saves, and refuse a gap outside the range', async () => {
    const db = await open();
    expect(await readScannerSettings(db)).toEqual({ maxGapMs: DEFAULT_SCAN_GAP_MS });
    await saveScannerSettings(db, { maxGapMs: 150 });
    expect(await readScannerSettings(db)).toEqual({ maxGapMs: 150 });
    await expect(saveScannerSettings(db, { maxGapMs: MAX_SCAN_GAP_MS + 1 })).rejects.toThrow();
    expect(await readScannerSettings(db)).toEqual({ maxGapMs: 150 });
  });

  it('fall back to the default when the stored value no longer fits, so scanning never breaks', async () => {
    const db = await open();
    await db.upsertLocal('scanner-settings', { maxGapMs: 'fast' });
    expect(await readScannerSettings(db)).toEqual({ maxGapMs: DEFAULT_SCAN_GAP_MS });
  });

  it('suggest half as much again as the longest gap a test scan measured, in tens, within the range', () => {
    expect(suggestedGap(63)).toBe(100);
    expect(suggestedGap(100)).toBe(150);
    expect(suggestedGap(2)).toBe(MIN_SCAN_GAP_MS);
    expect(suggestedGap(1_000)).toBe(MAX_SCAN_GAP_MS);
  });
});
