import { map, type Observable } from 'rxjs';
import type { FieldError } from '../../domain/index.js';
import type { VitrineDatabase } from './database.js';
import { localDocument$ } from './local-document.js';

/**
 * Sales the server refused as malformed (400 on push) are set aside here, device-only (an RxDB local document),
 * with the server's field errors, so one bad row never blocks the sales queued behind it. They count as rejected.
 */
export interface QuarantineEntry {
  code: string;
  message: string;
  fieldErrors: FieldError[];
  at: string;
}
export type Quarantine = Record<string, QuarantineEntry>;

const KEY = 'quarantine';

export async function readQuarantine(db: VitrineDatabase): Promise<Quarantine> {
  const doc = await db.getLocal<{ entries: Quarantine }>(KEY);
  return doc?.get('entries') ?? {};
}

export async function quarantineSales(db: VitrineDatabase, entries: Quarantine): Promise<void> {
  const current = await readQuarantine(db);
  await db.upsertLocal(KEY, { entries: { ...current, ...entries } });
}

export function quarantine$(db: VitrineDatabase): Observable<Quarantine> {
  return localDocument$<{ entries: Quarantine }>(db, KEY).pipe(map((doc) => (doc?.get('entries') as Quarantine | undefined) ?? {}));
}
