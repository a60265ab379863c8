import { blankProfile, currentConsents, laterOf, serverOrder, unionById, withStores } from './profile.js';
import { STAMPED_FIELDS, type CustomerProfile, type FieldStamp } from './schema.js';

/**
 * Merging two records of one person (found by email, phone or CPF) into one profile, on the server. Pure, and the
 * same whichever record comes first (and `mergeAll` the same for any order of the records), so every replay agrees:
 * - the survivor is the senior record (created first, then the smaller id); the other becomes a pointer to it;
 * - nothing is lost: notes, consent decisions and history are united by id, in server order; lists (sizes,
 *   preferences, tags) are united; the stores of both books keep seeing the customer;
 * - each single-valued field takes the value set last (its stamp, server order), and each channel × purpose the
 *   consent decision made last: the server's order, never a device clock.
 */

const seniority = (a: CustomerProfile, b: CustomerProfile) => serverOrder({ at: a.createdAt, id: a.id }, { at: b.createdAt, id: b.id });

/** The senior of two records: the one that survives a merge. */
export const seniorOf = (a: CustomerProfile, b: CustomerProfile): CustomerProfile => (seniority(a, b) <= 0 ? a : b);

export interface Merged {
  survivor: CustomerProfile;
  /** The merged-away record as it is kept: only a pointer to the survivor, in the books it was in. */
  pointer: CustomerProfile;
}

/** Merges two live records of one person, at `at` (server time). */
export function mergeProfiles(a: CustomerProfile, b: CustomerProfile, at: string): Merged {
  const survivor = seniorOf(a, b);
  const loser = survivor === a ? b : a;
  return { survivor: mergeInto(survivor, loser, at), pointer: pointerTo(loser, survivor.id, at) };
}

/** Merges any number of records of one person into the senior one: the same profile whatever their order. */
export function mergeAll(profiles: readonly CustomerProfile[], at: string): Merged[] {
  const [first, ...rest] = [...profiles].sort(seniority);
  if (!first) return [];
  let survivor = first;
  const pointers: CustomerProfile[] = [];
  for (const p of rest) {
    survivor = mergeInto(survivor, p, at);
    pointers.push(pointerTo(p, first.id, at));
  }
  return pointers.map((pointer) => ({ survivor, pointer }));
}

function mergeInto(survivor: CustomerProfile, loser: CustomerProfile, at: string): CustomerProfile {
  const fields = {} as Record<string, unknown>;
  const fieldStamps: FieldStamp[] = [];
  for (const field of STAMPED_FIELDS) {
    const mine = survivor.fieldStamps.find((s) => s.field === field);
    const theirs = loser.fieldStamps.find((s) => s.field === field);
    const newest = !theirs || (mine && serverOrder(mine, theirs) >= 0) ? { from: survivor, stamp: mine } : { from: loser, stamp: theirs };
    if (newest.stamp) fieldStamps.push(newest.stamp);
    fields[field] = newest.from[field];
  }
  const consentHistory = unionById(survivor.consentHistory, loser.consentHistory, (x, y) =>
    serverOrder({ at: x.decidedAt, id: x.id }, { at: y.decidedAt, id: y.id }),
  );
  const mergeEvent = { id: `merge:${loser.id}`, kind: 'merged' as const, at, by: 'server', storeId: null, fields: [], ref: loser.id };
  return {
    ...survivor,
    ...(fields as Pick<CustomerProfile, (typeof STAMPED_FIELDS)[number]>),
    sizes: unionBy([...survivor.sizes, ...loser.sizes], (s) => `${s.category}\u0000${s.size}`),
    preferences: unionBy([...survivor.preferences, ...loser.preferences], (p) => `${p.category}\u0000${p.note}`),
    tags: unionBy([...survivor.tags, ...loser.tags], (t) => t),
    fieldStamps,
    consentHistory,
    consents: currentConsents(consentHistory),
    notes: unionById(survivor.notes, loser.notes, serverOrder),
    history: unionById([...survivor.history, mergeEvent], loser.history, serverOrder),
    mergedFrom: [...new Set([...survivor.mergedFrom, loser.id, ...loser.mergedFrom])].sort(),
    stores: withStores(survivor.stores[0] ?? loser.stores[0], [...survivor.stores, ...loser.stores]),
    createdAt: survivor.createdAt,
    updatedAt: [survivor.updatedAt, loser.updatedAt, at].sort().at(-1)!,
  };
}

/**
 * What stays of a merged-away record: its id, the survivor's id and the books it was in (so the devices that held it
 * replace it with the pointer and follow it), no personal data.
 */
function pointerTo(loser: CustomerProfile, survivorId: string, at: string): CustomerProfile {
  return {
    ...blankProfile(loser.id, loser.createdAt),
    name: '—',
    mergedInto: survivorId,
    stores: loser.stores,
    updatedAt: laterOf(at, loser.updatedAt),
  };
}

/** The items once each, in a canonical order (sorted by key), so a union is the same whichever side came first. */
function unionBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const byKey = new Map<string, T>();
  for (const item of items) if (!byKey.has(key(item))) byKey.set(key(item), item);
  return [...byKey.entries()].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)).map(([, item]) => item);
}

/**
 * The live profile an id now stands for, following pointers on a device (`find` answers a local document by id):
 * the survivor of any chain of merges, or undefined when the id is unknown here.
 */
export function resolveCustomer(id: string, find: (id: string) => CustomerProfile | undefined): CustomerProfile | undefined {
  let profile = find(id);
  for (let hops = 0; profile?.mergedInto && hops < 20; hops++) profile = find(profile.mergedInto);
  return profile?.mergedInto ? undefined : profile;
}
