import { hashPin, type Role, type StaffMember } from '../../src/domain/index.js';
import type { StoreReads, SyncStore } from '../store/store.js';
import { DEMO_STORES } from './seed.js';

/**
 * Demo staff, the same numbers and PINs in every demo store (printed by `npm start`, listed in the README):
 *   1001 associate PIN 1234 · 2001 pickup PIN 2345 · 9001 manager PIN 9999 · 1009 associate, deactivated, PIN 1234
 * Ids are `${storeId}-${staffNumber}`: unique across the chain, as a sale's `associateId` must be.
 */
export const DEMO_STAFF: readonly { staffNumber: string; pin: string; role: Role; name: string; active: boolean }[] = [
  { staffNumber: '1001', pin: '1234', role: 'associate', name: 'Ana Souza', active: true },
  { staffNumber: '2001', pin: '2345', role: 'pickup', name: 'Bruno Lima', active: true },
  { staffNumber: '9001', pin: '9999', role: 'manager', name: 'Carla Mendes', active: true },
  { staffNumber: '1009', pin: '1234', role: 'associate', name: 'Davi Rocha', active: false },
];

export const demoStaffId = (storeId: string, staffNumber: string) => `${storeId}-${staffNumber}`;
/** The demo associate who may ring sales in a demo store. */
export const demoAssociateId = (storeId: string) => demoStaffId(storeId, '1001');

// Hashing is deliberately slow (PBKDF2, 100,000 rounds); demo verifiers use a salt derived from the id and are
// computed once per process, so test servers start fast. Real staff get random salts (hashPin's default).
const cache = new Map<string, Promise<StaffMember['pinVerifier']>>();
async function demoVerifier(id: string, pin: string) {
  let v = cache.get(`${id}:${pin}`);
  if (!v) {
    const salt = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`vitrine-demo:${id}`))).slice(0, 16);
    v = hashPin(pin, { salt });
    cache.set(`${id}:${pin}`, v);
  }
  return v;
}

export async function demoStaffOf(storeId: string): Promise<StaffMember[]> {
  return Promise.all(
    DEMO_STAFF.map(async ({ staffNumber, pin, role, name, active }) => {
      const id = demoStaffId(storeId, staffNumber);
      return { id, storeId, staffNumber, name, role, active, pinVerifier: await demoVerifier(id, pin) };
    }),
  );
}

/**
 * Puts the demo staff into each demo store (same id and name as DEMO_STORES) that has no staff yet, so databases
 * seeded before staff existed get them too. Any other store is left alone: demo PINs must never reach a real store.
 */
export async function seedDemoStaff(store: SyncStore): Promise<number> {
  const demoStores = (await store.listStores()).filter((s) => DEMO_STORES.some((d) => d.id === s.id && d.name === s.name));
  const hasStaff = (reads: StoreReads, storeId: string) =>
    reads.pull({ collection: 'staff', storeId, afterSeq: 0, limit: 1 }).then((page) => page.documents.length > 0);
  // The PINs are hashed outside the transaction, and only for stores still without staff (none after the first start).
  const unstaffed: string[] = [];
  for (const s of demoStores) if (!(await hasStaff(store, s.id))) unstaffed.push(s.id);
  if (unstaffed.length === 0) return 0;
  const staffByStore = new Map(await Promise.all(unstaffed.map(async (id) => [id, await demoStaffOf(id)] as const)));
  return store.transaction(async (tx) => {
    let added = 0;
    for (const storeId of unstaffed) {
      if (await hasStaff(tx, storeId)) continue;
      const staff = staffByStore.get(storeId)!;
      await tx.putDocuments(staff.map((m) => ({ collection: 'staff', id: m.id, storeId, body: m })));
      added += staff.length;
    }
    return added;
  });
}
