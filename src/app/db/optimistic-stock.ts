import { combineLatest, map, of, type Observable } from 'rxjs';
import { optimisticLevels, stockLevelId, type FactCollectionName, type PendingFact, type StockLevel } from '../../domain/index.js';
import type { VitrineDatabase } from './database.js';
import { acrossFactCollections$, openFactCollections, UNDECIDED } from './pending.js';
import { quarantine$, quarantined } from './quarantine.js';

/**
 * This device's facts still waiting for the server's outcome, in the order they are pushed (UUIDv7 ids from one
 * device sort in creation order: display only, the server orders by its own seqs). Quarantined facts are excluded:
 * they will never reach the server.
 */
export function pendingFacts$(db: VitrineDatabase): Observable<PendingFact[]> {
  if (openFactCollections(db).length === 0) return of([]);
  const perCollection$ = acrossFactCollections$(db, UNDECIDED, (docs, collection) => docs.map((d) => asPendingFact(collection, d)));
  return combineLatest([perCollection$, quarantine$(db)]).pipe(
    map(([lists, quarantine]) =>
      lists
        .flat()
        .filter((p) => !quarantined(quarantine, p.collection, p.fact.id))
        .sort(byId),
    ),
  );
}

/**
 * The most recently created facts that already have an outcome (by id: UUIDv7, creation order), read through the
 * primary index. The server's outcome can reach the device a moment before the level that includes its effect; these
 * keep showing their effect until that level arrives (`optimisticLevels`), so a level never jumps back for a moment.
 */
const RECENT_DECIDED = 20;
function recentlyDecided$(db: VitrineDatabase): Observable<PendingFact[]> {
  return acrossFactCollections$(db, { sort: [{ id: 'desc' }], limit: RECENT_DECIDED }, (docs, collection) =>
    docs.filter((d) => d.outcome !== undefined).map((d) => asPendingFact(collection, d)),
  ).pipe(map((lists) => lists.flat().sort(byId)));
}

const asPendingFact = (collection: FactCollectionName, doc: { toMutableJSON(): unknown }) =>
  ({ collection, fact: doc.toMutableJSON() }) as PendingFact;

const byId = (a: PendingFact, b: PendingFact) => (a.fact.id < b.fact.id ? -1 : a.fact.id > b.fact.id ? 1 : 0);

/**
 * The store's stock levels of these SKUs as this device should show them (by SKU): the replicated server levels plus
 * the effect of the device's own pending facts (an offline sale lowers "5 in stock" at once), and of decided facts
 * whose new level has not arrived yet. Once the server's level includes a fact, it is shown as it is.
 */
export function optimisticStockLevels$(db: VitrineDatabase, storeId: string, skus: readonly string[]): Observable<Map<string, StockLevel>> {
  const ids = skus.map((sku) => stockLevelId(storeId, sku));
  const levels$ = db.stock.findByIds(ids).$.pipe(map((docs) => new Map([...docs.values()].map((d) => [d.id, d.toJSON() as StockLevel]))));
  return combineLatest([levels$, recentlyDecided$(db), pendingFacts$(db)]).pipe(
    map(([levels, decided, pending]) => {
      const facts = [...decided, ...pending];
      const shown = facts.length ? optimisticLevels(levels, facts, new Date().toISOString()) : levels;
      const bySku = new Map<string, StockLevel>();
      for (const id of ids) {
        const level = shown.get(id);
        if (level) bySku.set(level.sku, level);
      }
      return bySku;
    }),
  );
}
