import type { StaffMember } from '../../src/domain/index.js';
import type { StoreReads } from '../store/store.js';

/** Finds a staff member of a store by the number they type (a store has tens of staff: one partition read). */
export async function findStaffByNumber(store: Pick<StoreReads, 'pull'>, storeId: string, staffNumber: string): Promise<StaffMember | undefined> {
  for (let afterSeq = 0; ; ) {
    const page = await store.pull({ collection: 'staff', storeId, afterSeq, limit: 500 });
    for (const d of page.documents) {
      const m = JSON.parse(d.body) as StaffMember;
      if (!d.deleted && m.staffNumber === staffNumber) return m;
    }
    if (page.remaining === 0 || page.documents.length === 0) return undefined;
    afterSeq = page.documents.at(-1)!.seq;
  }
}
