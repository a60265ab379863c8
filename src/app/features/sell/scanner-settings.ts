import { map } from 'rxjs';
import { z } from 'zod';
import type { VitrineDatabase } from '../../db/database.js';
import { localDocument$ } from '../../db/local-document.js';
import { useObservable } from '../../ui/hooks.js';
import { DEFAULT_SCAN_GAP_MS, MAX_SCAN_GAP_MS, MIN_SCAN_GAP_MS } from './scan-buffer.js';

/**
 * How this device's scanner types, kept in a local document: a setting of the device (its scanner), not of the store
 * or the associate, so it survives sign-outs and app updates and never replicates.
 */
export const ScannerSettingsSchema = z.object({
  /** The largest gap between two keys of one scan (scan-buffer.ts). */
  maxGapMs: z.int().min(MIN_SCAN_GAP_MS).max(MAX_SCAN_GAP_MS),
});
export type ScannerSettings = z.infer<typeof ScannerSettingsSchema>;

const SCANNER = 'scanner-settings';
export const DEFAULT_SCANNER_SETTINGS: ScannerSettings = { maxGapMs: DEFAULT_SCAN_GAP_MS };

/** A stored value that no longer fits (written by another version) falls back to the default rather than breaking scans. */
const parse = (data: unknown): ScannerSettings => {
  const parsed = ScannerSettingsSchema.safeParse(data);
  return parsed.success ? parsed.data : DEFAULT_SCANNER_SETTINGS;
};

export async function readScannerSettings(db: VitrineDatabase): Promise<ScannerSettings> {
  const doc = await db.getLocal(SCANNER);
  return doc ? parse(doc.toJSON().data) : DEFAULT_SCANNER_SETTINGS;
}

export async function saveScannerSettings(db: VitrineDatabase, settings: ScannerSettings): Promise<void> {
  await db.upsertLocal(SCANNER, ScannerSettingsSchema.parse(settings));
}

/** The device's scanner settings, live: a change on the device screen reaches every screen that scans. */
export function useScannerSettings(db: VitrineDatabase): ScannerSettings {
  return useObservable(
    () => localDocument$<ScannerSettings>(db, SCANNER).pipe(map((doc) => (doc ? parse(doc.toJSON().data) : DEFAULT_SCANNER_SETTINGS))),
    DEFAULT_SCANNER_SETTINGS,
    [db],
  );
}
