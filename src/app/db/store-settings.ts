import { map, type Observable } from 'rxjs';
import { StoreSchema, type Store } from '../../domain/index.js';
import type { VitrineDatabase } from './database.js';

/**
 * This device's store settings, live: the store's document in the `stores` collection once replicated (the chain's
 * systems change them with PUT /api/stores/{id}), else the copy the enrollment answer carried (a new device offline,
 * or a server from before the collection). Emits again whenever the settings change.
 */
export function storeSettings$(db: VitrineDatabase, enrollment: { storeId: string; store: Store }): Observable<Store> {
  return db.stores.findOne(enrollment.storeId).$.pipe(
    map((doc) => {
      // A document from a newer server may carry settings this app does not know yet: parsing keeps what it knows.
      const replicated = doc ? StoreSchema.safeParse(doc.toJSON()) : undefined;
      return replicated?.success ? replicated.data : enrollment.store;
    }),
  );
}

/** The chain's stores by id, for names (every device replicates every store's settings). */
export const storeNames$ = (db: VitrineDatabase): Observable<Map<string, string>> =>
  db.stores.find().$.pipe(map((docs) => new Map(docs.map((d) => [d.id, d.name]))));
