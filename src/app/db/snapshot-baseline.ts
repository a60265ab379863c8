import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import type { CollectionName } from '../../domain/index.js';
import { createVitrineDatabase } from './database.js';

/**
 * The bench's raw baseline for the initial sync (issue 12): RxDB's own `bulkInsert` of the very documents a device
 * pulls, into a fresh database on the same storage (Dexie/IndexedDB), collection after collection. Loaded on demand
 * (`window.__vitrineBench`, test-hook.ts), never part of the app's initial JavaScript.
 *
 * `json` maps each collection to its wire documents as one JSON string, parsed before the clock starts: the figure
 * is RxDB writing, not the bench handing over data.
 */
export async function bulkInsertBaseline(json: Partial<Record<CollectionName, string>>): Promise<Record<string, number>> {
  const names = Object.keys(json) as CollectionName[];
  const docs = Object.fromEntries(
    names.map((name) => [name, (JSON.parse(json[name]!) as Record<string, unknown>[]).map(({ _deleted, ...doc }) => doc)]),
  );
  const db = await createVitrineDatabase({
    storage: getRxStorageDexie(),
    name: `bench-baseline-${Date.now()}`,
    multiInstance: false,
    collections: names,
  });
  const ms: Record<string, number> = {};
  try {
    for (const name of names) {
      const start = performance.now();
      const result = await db[name].bulkInsert(docs[name] as never[]);
      ms[name] = performance.now() - start;
      if (result.error.length > 0) throw new Error(`bulkInsert of ${name}: ${result.error.length} errors`);
    }
  } finally {
    await db.remove();
  }
  return ms;
}
