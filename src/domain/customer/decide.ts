import type { Store } from '../catalog/schema.js';
import { fail, ok, ErrorCode, type Result } from '../kernel/errors.js';
import type { Customer as OrderCustomer } from '../order/schema.js';
import type { StaffMember } from '../staff/schema.js';
import type { CustomerCreatedPayload, CustomerFact } from './facts.js';
import { matchValues, type CustomerMatchKey } from './lookup.js';
import { mergeAll } from './merge.js';
import { addStore, applyChange, blankProfile, type CustomerChange } from './profile.js';
import type { CustomerFields, CustomerProfile } from './schema.js';

/** What deciding a customer fact reads: the server's loaded state, as plain functions (tests build them by hand). */
export interface CustomerContext {
  /** Server time of the decision: the order every change and consent is compared in. */
  at: string;
  store: Store;
  staff(id: string): StaffMember | undefined;
  /** The live profile (never a pointer) that this id is, or was merged into. */
  byIdentity(id: string): CustomerProfile[];
  /** The live profiles a match key finds. */
  byKey(key: CustomerMatchKey, value: string): CustomerProfile[];
}

/**
 * The server's decision on a customer fact: the profile documents it writes (the changed profile, and on a merge the
 * survivor and the pointers), or the reason it is refused. A created customer (or an edit) whose email, phone or
 * CPF is already another live profile's is merged with it (merge.ts); a fact addressed to a merged-away id applies
 * to the survivor.
 */
export function decideCustomerFact(fact: CustomerFact, ctx: CustomerContext): Result<CustomerProfile[]> {
  const staff = ctx.staff(fact.associateId);
  if (!staff || staff.storeId !== fact.storeId || !staff.active) {
    return fail(ErrorCode.ASSOCIATE_NOT_ALLOWED, `associate ${fact.associateId} is not active staff of store ${fact.storeId}`);
  }
  const base = { id: fact.id, at: ctx.at, by: fact.associateId, storeId: fact.storeId };
  if (fact.kind === 'customer.created' || fact.kind === 'customer.updated') {
    const fields: Partial<CustomerFields> = fact.kind === 'customer.created' ? withoutConsents(fact.payload) : fact.payload.fields;
    if (fields.nationalId && countryOf(ctx.store) !== 'BR') {
      const message = `a CPF is only taken in Brazil; store ${ctx.store.id} is elsewhere`;
      return fail(ErrorCode.VALIDATION_FAILED, message, [{ path: 'payload.nationalId', message }]);
    }
  }

  const current = ctx.byIdentity(fact.subjectId)[0];
  if (fact.kind === 'customer.created') {
    if (current) {
      const message = `customer id ${fact.subjectId} is already taken`;
      return fail(ErrorCode.VALIDATION_FAILED, message, [{ path: 'subjectId', message }]);
    }
    let profile = applyChange(blankProfile(fact.subjectId, ctx.at), { ...base, kind: 'created', fields: withoutConsents(fact.payload) });
    for (const c of fact.payload.consents) {
      profile = applyChange(profile, { ...base, id: `${fact.id}:${c.channel}.${c.purpose}`, kind: 'consent_changed', ...c });
    }
    return ok(withMatches(addStore(profile, fact.storeId), ctx));
  }
  if (!current) return fail(ErrorCode.NOT_FOUND, `customer ${fact.subjectId} is not known to the server`);
  const change: CustomerChange =
    fact.kind === 'customer.updated'
      ? { ...base, kind: 'updated', fields: fact.payload.fields }
      : fact.kind === 'customer.note-added'
        ? { ...base, kind: 'note_added', text: fact.payload.text }
        : { ...base, kind: 'consent_changed', ...fact.payload };
  const changed = addStore(applyChange(current, change), fact.storeId);
  // Only the keys this edit sets are looked for (and loaded): the profile's others were matched when they were set.
  return ok(fact.kind === 'customer.updated' ? withMatches(changed, ctx, fact.payload.fields) : [changed]);
}

/**
 * An online order's customer at intake: matched to the live profiles its email, phone or CPF find (merged into one
 * when they are several), or a new profile with no consent at all (an order is no permission to market). The
 * order is in the profile's history; a pickup store gets the customer in its book. `newId` names a new profile.
 */
export function matchOrderCustomer(
  order: { id: string; storeId: string | null; customer: OrderCustomer },
  ctx: Pick<CustomerContext, 'at' | 'byKey'> & { newId: () => string },
): CustomerProfile[] {
  const contact = { name: order.customer.name, email: order.customer.email, phone: order.customer.phone, nationalId: order.customer.nationalId };
  const found = matchesOf(contact, ctx);
  const base = { id: `order:${order.id}`, at: ctx.at, by: 'online', storeId: order.storeId, ref: order.id, kind: 'order_matched' as const };
  const written = found.length > 0 ? mergeAll(found, ctx.at) : [];
  const profile = written[0]?.survivor ?? found[0] ?? blankProfile(ctx.newId(), ctx.at);
  // What the store already knows stays; the order fills in what the profile lacks.
  const fields = Object.fromEntries(Object.entries(contact).filter(([k, v]) => v !== null && profile[k as keyof typeof contact] === null));
  if (profile.name === '') fields.name = contact.name;
  let matched = applyChange(profile, { ...base, fields });
  if (order.storeId) matched = addStore(matched, order.storeId);
  return [matched, ...written.map((m) => m.pointer)];
}

/**
 * The profile, merged with every other live profile that `keys` (by default its own email, phone and CPF) find: the
 * survivor first, then the pointers.
 */
function withMatches(
  profile: CustomerProfile,
  ctx: Pick<CustomerContext, 'at' | 'byKey'>,
  keys: Partial<Pick<CustomerProfile, 'email' | 'phone' | 'nationalId'>> = profile,
): CustomerProfile[] {
  const wanted = { email: keys.email ?? null, phone: keys.phone ?? null, nationalId: keys.nationalId ?? null };
  const others = matchesOf(wanted, ctx).filter((p) => p.id !== profile.id);
  if (others.length === 0) return [profile];
  const merged = mergeAll([profile, ...others], ctx.at);
  return [merged[0]!.survivor, ...merged.map((m) => m.pointer)];
}

function matchesOf(p: Pick<CustomerProfile, 'email' | 'phone' | 'nationalId'>, ctx: Pick<CustomerContext, 'byKey'>): CustomerProfile[] {
  const byId = new Map<string, CustomerProfile>();
  for (const { key, value } of matchValues(p)) for (const found of ctx.byKey(key, value)) if (found.mergedInto === null) byId.set(found.id, found);
  return [...byId.values()];
}

const withoutConsents = ({ consents: _consents, ...fields }: CustomerCreatedPayload): Partial<CustomerFields> => fields;

/** The store's country: its address's, or Brazil for a store in reais with no address yet. */
export const countryOf = (store: Store): string | null => store.address?.country ?? (store.currency === 'BRL' ? 'BR' : null);
