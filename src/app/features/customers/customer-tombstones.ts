import { cleanupRxCollection, DEFAULT_CLEANUP_POLICY } from 'rxdb/plugins/cleanup';
import type { VitrineDatabase } from '../../db/database.js';

/**
 * Drops the deletions of erased customers from this device's IndexedDB once they are stored here. RxDB keeps a
 * deleted document (what the server sent: the id and the stores, or a customer fact with nothing personal left) so
 * replication can tell it apart from one never seen; this device has seen it, so it goes, with the replication's
 * own record of it. Waits for the collections' replications to be in sync first (RxDB's cleanup does), so a deletion
 * still being written is never lost. The server keeps its own copy until every device of the stores has pulled past
 * it (sync-server/customers/tombstones.ts).
 */
export async function purgeCustomerTombstones(db: VitrineDatabase): Promise<void> {
  const policy = { ...DEFAULT_CLEANUP_POLICY, minimumDeletedTime: 0 };
  for (const collection of [db.customers, db.facts]) {
    if (collection.closed) return;
    // Only deleted documents go (facts: also other features' deletions, all already applied here).
    await cleanupRxCollection(collection, policy).catch(() => undefined);
  }
}
