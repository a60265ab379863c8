import { map, type Observable } from 'rxjs';
import type { FactCollectionName, FieldError } from '../../domain/index.js';
import type { VitrineDatabase } from './database.js';
import { localDocument$ } from './local-document.js';

/**
 * Facts the server refused as malformed (400 on push) are set aside here, device-only (an RxDB local document),
 * by collection and id, with the server's field errors, so one bad row never blocks the facts queued behind it.
 * They count as rejected and are never sent again.
 */
export interface QuarantineEntry {
  code: string;
  message: string;
  fieldErrors: FieldError[];
  at: string;
}
export type QuarantineEntries = Record<string, QuarantineEntry>;
export type Quarantine = Partial<Record<FactCollectionName, QuarantineEntries>>;

const KEY = 'fact-quarantine';
/** Before every fact collection had one, the quarantine held sales only, by id. */
const LEGACY_SALES_KEY = 'quarantine';

/** The entry of one fact, if it was set aside. */
export const quarantined = (quarantine: Quarantine, collection: FactCollectionName, id: string): QuarantineEntry | undefined =>
  quarantine[collection]?.[id];

export async function readQuarantine(db: VitrineDatabase): Promise<Quarantine> {
  const doc = await db.getLocal<{ entries: Quarantine }>(KEY);
  return doc?.get('entries') ?? {};
}

export async function quarantineFacts(db: VitrineDatabase, collection: FactCollectionName, entries: QuarantineEntries): Promise<void> {
  const current = await readQuarantine(db);
  await db.upsertLocal(KEY, { entries: { ...current, [collection]: { ...current[collection], ...entries } } });
}

export function quarantine$(db: VitrineDatabase): Observable<Quarantine> {
  return localDocument$<{ entries: Quarantine }>(db, KEY).pipe(map((doc) => (doc?.get('entries') as Quarantine | undefined) ?? {}));
}

/** Moves a sales-only quarantine written by an older app under `sales`, once, when the database opens. */
export async function migrateLegacyQuarantine(db: VitrineDatabase): Promise<void> {
  const legacy = await db.getLocal<{ entries: QuarantineEntries }>(LEGACY_SALES_KEY);
  if (!legacy) return;
  await quarantineFacts(db, 'sales', legacy.get('entries') ?? {});
  await legacy.remove();
}
