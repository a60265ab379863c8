import { filter, startWith, switchMap, type Observable } from 'rxjs';
import type { RxLocalDocument } from 'rxdb';
import type { VitrineDatabase } from './database.js';

/**
 * Live value of a database-level local document (device-only state: enrollment, quarantine, sync meta).
 *
 * Use this instead of RxDB's `db.getLocal$`: that one runs two async `mergeMap`s over every change event of every
 * collection, and while the initial sync writes pages of 5,000 products the inner subscriptions pile up and each
 * one's removal scans the list: quadratic work per page on the main thread (profiled: half of a 40,000-product
 * sync). Watching only the event bulks of local documents costs nothing while the catalog streams in.
 */
export function localDocument$<T>(db: VitrineDatabase, id: string): Observable<RxLocalDocument<VitrineDatabase, T> | null> {
  return db.eventBulks$.pipe(
    filter((bulk) => bulk.isLocal && !bulk.collectionName && bulk.events.some((event) => event.documentId === id)),
    startWith(null),
    switchMap(() => db.getLocal<T>(id)),
  );
}
