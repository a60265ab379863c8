import type { Fact } from '../fact/schema.js';
import { isCustomerFactKind, type CustomerFact } from './facts.js';
import { resolveCustomer } from './merge.js';
import { addStore, applyChange, blankProfile, type CustomerChange } from './profile.js';
import type { CustomerProfile } from './schema.js';

/**
 * The store's book as the device shows it: the profiles the server sent, with this device's customer facts the
 * server has not applied yet folded in (a customer created offline is in the book at once, a note shows before it
 * syncs), by the same applyChange the server uses, at the device's time (shown only; the server's order decides).
 * A fact the server rejected is not shown; one it accepted is shown until its profile arrives (its id is then in the
 * profile's history). Pointers stay in the map, so an id merged away still finds its survivor.
 */
export function optimisticBook(profiles: readonly CustomerProfile[], facts: readonly Fact[]): Map<string, CustomerProfile> {
  const book = new Map(profiles.map((p) => [p.id, p]));
  const applied = new Set<string>();
  for (const p of profiles) for (const e of p.history) applied.add(e.id);
  const waiting = facts
    .filter((f): f is Fact & CustomerFact => isCustomerFactKind(f.kind) && f.outcome?.status !== 'rejected' && !applied.has(f.id))
    .sort((a, b) => (a.createdAtDevice < b.createdAtDevice ? -1 : a.createdAtDevice > b.createdAtDevice ? 1 : a.id < b.id ? -1 : 1));
  for (const fact of waiting) {
    const at = new Date(fact.createdAtDevice).toISOString();
    const base = { id: fact.id, at, by: fact.associateId, storeId: fact.storeId };
    const current = resolveCustomer(fact.subjectId, (id) => book.get(id));
    if (fact.kind === 'customer.created') {
      if (current) continue;
      const { consents, ...fields } = fact.payload;
      let profile = applyChange(blankProfile(fact.subjectId, at), { ...base, kind: 'created', fields });
      for (const c of consents)
        profile = applyChange(profile, { ...base, id: `${fact.id}:${c.channel}.${c.purpose}`, kind: 'consent_changed', ...c });
      book.set(profile.id, addStore(profile, fact.storeId));
      continue;
    }
    if (!current) continue;
    const change: CustomerChange =
      fact.kind === 'customer.updated'
        ? { ...base, kind: 'updated', fields: fact.payload.fields }
        : fact.kind === 'customer.note-added'
          ? { ...base, kind: 'note_added', text: fact.payload.text }
          : { ...base, kind: 'consent_changed', ...fact.payload };
    book.set(current.id, applyChange(current, change));
  }
  return book;
}

/** The ids of the facts of this book still waiting for the server (shown as "pending sync"). */
export const pendingCustomerFactIds = (facts: readonly Fact[]): Set<string> =>
  new Set(facts.filter((f) => isCustomerFactKind(f.kind) && !f.outcome).map((f) => f.id));
