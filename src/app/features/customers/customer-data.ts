import { combineLatest, map, type Observable } from 'rxjs';
import {
  countryOf,
  customerFactKinds,
  factKinds,
  customerSearchEntry,
  newId,
  optimisticBook,
  pendingCustomerFactIds,
  resolveCustomer,
  searchCustomers,
  type ConsentInput,
  type ClientelingFactKindName,
  type CustomerFactKindName,
  type CustomerFormFields,
  type CustomerProfile,
  type CustomerSearchEntry,
  type Fact,
  type Sale,
  type Store,
} from '../../../domain/index.js';
import type { VitrineDatabase } from '../../db/database.js';
import { lookedUpCustomers$ } from './customer-lookup.js';

/**
 * The store's book on the device: the `customers` the server replicated here, with this device's customer facts
 * not yet applied folded in (optimisticBook), so a customer created offline can be found and attached at once.
 * Every change is a fact in `facts` (customer.created, .updated, .note-added, .consent-changed), written locally
 * and pushed; the server applies it (and merges duplicates), and the profile comes back.
 */
export interface CustomerBook {
  /** Every profile by id, pointers included (an id merged away still finds its survivor). */
  byId: ReadonlyMap<string, CustomerProfile>;
  /** The live profiles, by name. */
  live: readonly CustomerProfile[];
  entries: readonly CustomerSearchEntry[];
  /** Customer facts of this device not yet decided by the server. */
  pending: ReadonlySet<string>;
  /** Customer facts the server refused, newest first, with its reason (the change is not on any profile). */
  refused: readonly Fact[];
}

const customerKinds = Object.keys(customerFactKinds);

export function customerBook$(db: VitrineDatabase): Observable<CustomerBook> {
  const profiles$ = db.customers.find().$.pipe(map((docs) => docs.map((d) => d.toMutableJSON() as CustomerProfile)));
  const facts$ = db.facts.find({ selector: { kind: { $in: customerKinds } } }).$.pipe(map((docs) => docs.map((d) => d.toMutableJSON() as Fact)));
  return combineLatest([profiles$, facts$, lookedUpCustomers$(db)]).pipe(map(([profiles, facts, lookedUp]) => bookOf(profiles, facts, lookedUp)));
}

/** One collator for every sort (localeCompare builds one per call: seconds on a large book). */
const byName = new Intl.Collator(undefined, { sensitivity: 'base' });

/** The book from the replicated profiles, this device's customer facts and the customers it looked up (24 h). */
export function bookOf(profiles: readonly CustomerProfile[], facts: readonly Fact[], lookedUp: readonly CustomerProfile[] = []): CustomerBook {
  // A looked-up customer the server has since merged into a profile this device holds is that profile now.
  const replicated = new Set(profiles.flatMap((p) => [p.id, ...p.mergedFrom]));
  const byId = optimisticBook([...profiles, ...lookedUp.filter((p) => !replicated.has(p.id))], facts);
  const live = [...byId.values()].filter((p) => p.mergedInto === null).sort((a, b) => byName.compare(a.name, b.name));
  const refused = facts.filter((f) => f.outcome?.status === 'rejected').sort((a, b) => (a.createdAtDevice < b.createdAtDevice ? 1 : -1));
  return { byId, live, entries: live.map(customerSearchEntry), pending: pendingCustomerFactIds(facts), refused };
}

/** The live profile an id stands for: itself, or the survivor it was merged into (by pointer, or by `mergedFrom`). */
export const findCustomer = (book: CustomerBook, id: string) =>
  resolveCustomer(id, (x) => book.byId.get(x)) ?? book.live.find((p) => p.mergedFrom.includes(id));

export function searchBook(book: CustomerBook, query: string, limit = 20): CustomerProfile[] {
  return searchCustomers(book.entries, query, limit).map((id) => book.byId.get(id)!);
}

/** Whether a change of this profile (any fact about it, or it itself) is still waiting for the server. */
export const hasPendingChange = (book: CustomerBook, profile: CustomerProfile) => profile.history.some((e) => book.pending.has(e.id));

/** Who records a customer change, on which device and store. */
export interface CustomerRecorder {
  db: VitrineDatabase;
  storeId: string;
  deviceId: string;
  staffId: string;
}

/** A customer fact recorded by this device, for any customer or clienteling kind. */
export function draftCustomerFact(
  by: CustomerRecorder,
  kind: CustomerFactKindName | ClientelingFactKindName,
  subjectId: string,
  payload: unknown,
): Fact {
  return {
    id: newId(),
    kind,
    storeId: by.storeId,
    deviceId: by.deviceId,
    associateId: by.staffId,
    createdAtDevice: new Date().toISOString(),
    subjectId,
    // Validated here, so a fact the server would refuse as malformed is never written.
    payload: factKinds[kind].payload.parse(payload) as Record<string, unknown>,
  };
}

/** A new customer, offline or not: the id is chosen here, so the till can attach them at once. */
export async function createCustomer(by: CustomerRecorder, fields: CustomerFormFields, consents: readonly ConsentInput[] = []): Promise<string> {
  const id = newId();
  await by.db.facts.insert(draftCustomerFact(by, 'customer.created', id, { ...fields, consents }));
  return id;
}

/** The fields staff changed on the profile, only those (an edit of nothing writes nothing). */
export async function updateCustomer(by: CustomerRecorder, profile: CustomerProfile, fields: CustomerFormFields): Promise<boolean> {
  const changed = Object.fromEntries(
    Object.entries(fields).filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(profile[key as keyof CustomerFormFields])),
  );
  if (Object.keys(changed).length === 0) return false;
  await by.db.facts.insert(draftCustomerFact(by, 'customer.updated', profile.id, { fields: changed }));
  return true;
}

export async function addCustomerNote(by: CustomerRecorder, customerId: string, text: string): Promise<void> {
  await by.db.facts.insert(draftCustomerFact(by, 'customer.note-added', customerId, { text }));
}

export async function changeConsent(by: CustomerRecorder, customerId: string, consent: ConsentInput): Promise<void> {
  await by.db.facts.insert(draftCustomerFact(by, 'customer.consent-changed', customerId, consent));
}

/** The customer's sales this device holds (its store's), of their id and every id merged into it, newest first. */
export function customerSales$(db: VitrineDatabase, profile: CustomerProfile | undefined): Observable<Sale[]> {
  const ids = profile ? [profile.id, ...profile.mergedFrom] : [];
  return db.sales
    .find({ selector: { customerId: { $in: ids } } })
    .$.pipe(map((docs) => docs.map((d) => d.toMutableJSON() as Sale).sort((a, b) => (a.createdAtDevice < b.createdAtDevice ? 1 : -1))));
}

export const storeCountry = (store: Store) => countryOf(store);

export interface PurchaseSummary {
  count: number;
  /** Lifetime value in this store, in minor units. */
  total: number;
  /** Average basket, in minor units (rounded). */
  average: number;
  lastAt: string | null;
}

/** What the customer bought in this store, from the sales the device holds; sales the server refused do not count. */
export function purchaseSummary(sales: readonly Sale[]): PurchaseSummary {
  const counted = sales.filter((s) => s.outcome?.status !== 'rejected');
  const total = counted.reduce((sum, s) => sum + s.totals.total, 0);
  const lastAt = counted.reduce<string | null>((last, s) => (last === null || s.createdAtDevice > last ? s.createdAtDevice : last), null);
  return { count: counted.length, total, average: counted.length === 0 ? 0 : Math.round(total / counted.length), lastAt };
}
