import { combineLatest, map, of, type Observable } from 'rxjs';
import type { MangoQuery, RxCollection, RxDocument } from 'rxdb';
import { DomainError, ErrorCode, factCollectionNames, type FactCollectionName, type Outcome } from '../../domain/index.js';
import type { VitrineDatabase } from './database.js';
import { quarantined, readQuarantine, type Quarantine } from './quarantine.js';

/**
 * The device's pending work, across every fact collection of the registry (sales, facts, and whatever comes next):
 * a fact is *unsynced* until the server's outcome reaches it, and *pending* when it is unsynced and not set aside
 * in the quarantine (a quarantined fact will not be sent again: it counts as rejected).
 */
export interface FactRef {
  collection: FactCollectionName;
  id: string;
}

/** The fact collections this database opened (tests may open a few of the registry's). */
export const openFactCollections = (db: VitrineDatabase): FactCollectionName[] => factCollectionNames.filter((name) => name in db.collections);

/** What every fact document has in common, whatever its collection. */
interface FactFields {
  id: string;
  deviceId: string;
  outcome?: Outcome;
}
const factCollection = (db: VitrineDatabase, name: FactCollectionName) => db.collections[name] as unknown as RxCollection<FactFields>;
/** The facts with no server outcome yet. */
export const UNDECIDED: MangoQuery<FactFields> = { selector: { outcome: { $exists: false } } };

/**
 * One live query run on every open fact collection, each collection's documents read by `read`: the results in
 * registry order, `[]` at once when no fact collection is open.
 */
export function acrossFactCollections$<T>(
  db: VitrineDatabase,
  query: MangoQuery<FactFields>,
  read: (docs: RxDocument<FactFields>[], collection: FactCollectionName) => T,
): Observable<T[]> {
  const perCollection = openFactCollections(db).map((collection) =>
    factCollection(db, collection)
      .find(query)
      .$.pipe(map((docs) => read(docs, collection))),
  );
  return perCollection.length ? combineLatest(perCollection) : of([]);
}

/** Facts on this device with no server outcome yet, live. */
export function unsyncedFacts$(db: VitrineDatabase): Observable<FactRef[]> {
  return acrossFactCollections$(db, UNDECIDED, (docs, collection) => docs.map((d) => ({ collection, id: d.primary }))).pipe(
    map((lists) => lists.flat()),
  );
}

/** How many facts the server rejected, live; only this device's when `deviceId` is given (other tills' replicate too). */
export function rejectedFactCount$(db: VitrineDatabase, deviceId?: string): Observable<number> {
  const mine = deviceId ? { deviceId } : {};
  return acrossFactCollections$(db, { selector: { ...mine, 'outcome.status': 'rejected' } }, (docs) => docs.length).pipe(
    map((counts) => counts.reduce((a, b) => a + b, 0)),
  );
}

/** The unsynced facts a device still has to send (the quarantined ones excluded). */
export const withoutQuarantined = (unsynced: readonly FactRef[], quarantine: Quarantine): FactRef[] =>
  unsynced.filter((f) => !quarantined(quarantine, f.collection, f.id));

/** Facts that exist nowhere but on this device: what a reset would lose. */
export async function countPendingFacts(db: VitrineDatabase): Promise<number> {
  const quarantine = await readQuarantine(db);
  let count = 0;
  for (const collection of openFactCollections(db)) {
    const docs = await factCollection(db, collection).find(UNDECIDED).exec();
    count += docs.filter((d) => !quarantined(quarantine, collection, d.primary)).length;
  }
  return count;
}

/**
 * Refuses (PENDING_SALES_BLOCK_RESET, with the count) while any fact of any collection has not reached the server:
 * the check every action that would forget this device's data runs first.
 */
export async function assertNothingPending(db: VitrineDatabase): Promise<void> {
  const pending = await countPendingFacts(db);
  if (pending > 0) {
    throw new DomainError(ErrorCode.PENDING_SALES_BLOCK_RESET, `${pending} sale(s) or other record(s) have not reached the server yet`);
  }
}
