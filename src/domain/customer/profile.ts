import type {
  ConsentChannel,
  ConsentDecision,
  ConsentMethod,
  ConsentPurpose,
  CustomerEvent,
  CustomerFields,
  CustomerProfile,
  FieldStamp,
  StampedField,
} from './schema.js';
import { STAMPED_FIELDS } from './schema.js';

/**
 * A change to a profile as the server decided it: what a fact (or an order's intake) does, stamped with the server's
 * time (`at`) and its own id. Applying changes is order-independent and idempotent: a single-valued field takes the
 * value of the change stamped last, notes, consent decisions and history are sets kept in server order, so however
 * the changes reach a profile (or two merged ones) the result is the same.
 */
interface ChangeBase {
  id: string;
  at: string;
  by: string;
  storeId: string | null;
}
export type CustomerChange =
  | (ChangeBase & { kind: 'created' | 'updated' | 'order_matched'; fields: Partial<CustomerFields>; ref?: string | null })
  | (ChangeBase & { kind: 'note_added'; text: string })
  | (ChangeBase & { kind: 'consent_changed'; channel: ConsentChannel; purpose: ConsentPurpose; given: boolean; method: ConsentMethod });

/** The later of two server instants (ISO strings of one format compare as text). */
export const laterOf = (a: string, b: string): string => [a, b].sort()[1]!;

/** Server order: time first, then id, so two decisions of the same millisecond still have one order everywhere. */
export const serverOrder = (a: { at: string; id: string }, b: { at: string; id: string }): number =>
  a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
const decisionOrder = (a: ConsentDecision, b: ConsentDecision) => serverOrder({ at: a.decidedAt, id: a.id }, { at: b.decidedAt, id: b.id });

/** The latest decision per channel × purpose, in a fixed order (channel, then purpose). */
export function currentConsents(history: readonly ConsentDecision[]): ConsentDecision[] {
  const latest = new Map<string, ConsentDecision>();
  for (const d of history) {
    const key = `${d.channel}:${d.purpose}`;
    const seen = latest.get(key);
    if (!seen || decisionOrder(seen, d) < 0) latest.set(key, d);
  }
  return [...latest.values()].sort((a, b) => (a.channel + a.purpose < b.channel + b.purpose ? -1 : 1));
}

/** Whether the customer agreed to be reached on this channel for this purpose (never asked: no). */
export const hasConsent = (p: Pick<CustomerProfile, 'consents'>, channel: ConsentChannel, purpose: ConsentPurpose): boolean =>
  p.consents.some((c) => c.channel === channel && c.purpose === purpose && c.given);

/** A set of records by id, in server order. */
export function unionById<T extends { id: string }>(a: readonly T[], b: readonly T[], order: (x: T, y: T) => number): T[] {
  const byId = new Map<string, T>();
  for (const item of [...a, ...b]) if (!byId.has(item.id)) byId.set(item.id, item);
  return [...byId.values()].sort(order);
}

const eventOrder = (a: CustomerEvent, b: CustomerEvent) => serverOrder(a, b);
const noteOrder = serverOrder;

/** A profile with nothing in it yet: what a created change or an intake starts from. */
export function blankProfile(id: string, at: string): CustomerProfile {
  return {
    id,
    name: '',
    email: null,
    phone: null,
    nationalId: null,
    birthday: null,
    preferredStoreId: null,
    sizes: [],
    preferences: [],
    tags: [],
    consents: [],
    consentHistory: [],
    notes: [],
    history: [],
    fieldStamps: [],
    mergedInto: null,
    mergedFrom: [],
    stores: [],
    createdAt: at,
    updatedAt: at,
  };
}

/** The stores of a book, home store first, the others sorted (one canonical order, whatever order they joined in). */
export function withStores(home: string | undefined, stores: readonly string[]): string[] {
  const rest = [...new Set(stores)].filter((s) => s !== home).sort();
  return home === undefined ? rest : [home, ...rest];
}

/** Adds a store to the profile's book (a purchase, a pickup, an associate there); the first store is the home. */
export const addStore = (p: CustomerProfile, storeId: string): CustomerProfile =>
  p.stores.includes(storeId) ? p : { ...p, stores: withStores(p.stores[0] ?? storeId, [...p.stores, storeId]) };

function stampFields(stamps: readonly FieldStamp[], fields: readonly StampedField[], change: ChangeBase): FieldStamp[] {
  const next = new Map(stamps.map((s) => [s.field, s]));
  for (const field of fields) {
    const seen = next.get(field);
    const stamp = { field, at: change.at, id: change.id };
    if (!seen || serverOrder(seen, stamp) < 0) next.set(field, stamp);
  }
  return STAMPED_FIELDS.flatMap((f) => (next.has(f) ? [next.get(f)!] : []));
}

/** Applies one decided change; a change already applied (its id is in the history) changes nothing. */
export function applyChange(profile: CustomerProfile, change: CustomerChange): CustomerProfile {
  if (profile.history.some((e) => e.id === change.id)) return profile;
  const event = (fields: string[], ref: string | null = null): CustomerEvent => ({
    id: change.id,
    kind: change.kind,
    at: change.at,
    by: change.by,
    storeId: change.storeId,
    fields,
    ref,
  });
  const touched = { ...profile, updatedAt: laterOf(change.at, profile.updatedAt) };
  const withEvent = (p: CustomerProfile, e: CustomerEvent) => ({ ...p, history: unionById(p.history, [e], eventOrder) });
  switch (change.kind) {
    case 'created':
    case 'updated':
    case 'order_matched': {
      const given = Object.keys(change.fields) as (keyof CustomerFields)[];
      const next: CustomerProfile = { ...touched };
      const stamps = new Map(profile.fieldStamps.map((s) => [s.field, s]));
      const won: StampedField[] = [];
      for (const field of given) {
        const value = change.fields[field];
        if (value === undefined) continue;
        // A field another change set later keeps that change's value: the same result in any order.
        const seen = stamps.get(field);
        if (seen && serverOrder(seen, change) > 0) continue;
        // Only an edit clears a field; a creation or an order that leaves it empty says nothing about it.
        if (value === null && change.kind !== 'updated') continue;
        (next as Record<string, unknown>)[field] = value;
        won.push(field);
      }
      next.fieldStamps = stampFields(profile.fieldStamps, won, change);
      return withEvent(
        next,
        event(given.filter((f) => change.fields[f] !== undefined).sort(), change.kind === 'order_matched' ? (change.ref ?? null) : null),
      );
    }
    case 'note_added': {
      const note = { id: change.id, text: change.text, by: change.by, storeId: change.storeId ?? '', at: change.at };
      return withEvent({ ...touched, notes: unionById(profile.notes, [note], noteOrder) }, event([]));
    }
    case 'consent_changed': {
      const decision: ConsentDecision = {
        id: change.id,
        channel: change.channel,
        purpose: change.purpose,
        given: change.given,
        method: change.method,
        by: change.by,
        storeId: change.storeId,
        decidedAt: change.at,
      };
      const consentHistory = unionById(profile.consentHistory, [decision], decisionOrder);
      return withEvent({ ...touched, consentHistory, consents: currentConsents(consentHistory) }, event([`${change.channel}.${change.purpose}`]));
    }
  }
}
