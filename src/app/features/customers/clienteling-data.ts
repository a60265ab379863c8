import { firstValueFrom, map, type Observable } from 'rxjs';
import {
  assignmentsOf,
  clientelingFactKinds,
  consentRefusal,
  contactLogOf,
  outreachLink,
  tasksOf,
  wishlistsOf,
  type ConsentPurpose,
  type ContactLogEntry,
  type CustomerTask,
  type Fact,
  type OutreachChannel,
  type WishlistItem,
} from '../../../domain/index.js';
import type { VitrineDatabase } from '../../db/database.js';
import { customerBook$, draftCustomerFact, findCustomer, type CustomerBook, type CustomerRecorder } from './customer-data.js';

/**
 * Clienteling on the device: the store's tasks, assignments, wishlists and contacts, folded from the clienteling
 * facts this device holds (every device of the store replicates the store's facts, so a task added on one tablet
 * shows on the others after sync), with this device's pending ones on top. Writing is inserting a fact.
 */
export interface ClientelingState {
  tasks: readonly CustomerTask[];
  assigned: ReadonlyMap<string, string>;
  wishlists: ReadonlyMap<string, readonly WishlistItem[]>;
  contacts: readonly ContactLogEntry[];
}

const kinds = Object.keys(clientelingFactKinds);

export const clientelingFacts$ = (db: VitrineDatabase): Observable<Fact[]> =>
  db.facts.find({ selector: { kind: { $in: kinds } } }).$.pipe(map((docs) => docs.map((d) => d.toMutableJSON() as Fact)));

/** The folds, with every id resolved to the live profile of the book (a merged-away id reaches its survivor). */
export function clientelingOf(facts: readonly Fact[], book: CustomerBook): ClientelingState {
  const resolve = (id: string) => findCustomer(book, id)?.id ?? id;
  return {
    tasks: tasksOf(facts, resolve),
    assigned: assignmentsOf(facts, resolve),
    wishlists: wishlistsOf(facts, resolve),
    contacts: contactLogOf(facts, resolve),
  };
}

export async function addTask(
  by: CustomerRecorder,
  customerId: string,
  task: { text: string; dueOn: string; assignee: string; suggestion?: string | null },
): Promise<string> {
  const fact = draftCustomerFact(by, 'customer.task-added', customerId, { suggestion: null, ...task });
  await by.db.facts.insert(fact);
  return fact.id;
}

export const markTaskDone = (by: CustomerRecorder, task: Pick<CustomerTask, 'id' | 'customerId'>) =>
  by.db.facts.insert(draftCustomerFact(by, 'customer.task-done', task.customerId, { taskId: task.id }));

export const assignCustomer = (by: CustomerRecorder, customerId: string, staffId: string | null) =>
  by.db.facts.insert(draftCustomerFact(by, 'customer.assigned', customerId, { staffId }));

export async function changeWishlist(by: CustomerRecorder, customerId: string, sku: string, wanted: boolean): Promise<void> {
  const level = await by.db.stock.findOne(`${by.storeId}:${sku}`).exec();
  const availableThen = (level?.toJSON() as { available?: number } | undefined)?.available ?? 0;
  await by.db.facts.insert(draftCustomerFact(by, 'customer.wishlist-changed', customerId, { sku, wanted, availableThen }));
}

export type OutreachResult = { ok: true; url: string } | { ok: false; reason: string };

/**
 * Sends outreach: checks the consent again against the book as it is now (a withdrawal recorded since the screen
 * opened, here or replicated from another device, stops it), logs `customer.contacted` (channel, purpose, who, when;
 * no message), and answers the link that opens the message in the device's app.
 */
export async function sendOutreach(
  by: CustomerRecorder,
  customerId: string,
  channel: OutreachChannel,
  purpose: ConsentPurpose,
  message: { subject: string; body: string },
): Promise<OutreachResult> {
  const book = await firstValueFrom(customerBook$(by.db));
  const profile = findCustomer(book, customerId);
  if (!profile) return { ok: false, reason: 'the customer is no longer on this device' };
  const refusal = consentRefusal(profile, channel, purpose);
  if (refusal) return { ok: false, reason: refusal };
  await by.db.facts.insert(draftCustomerFact(by, 'customer.contacted', profile.id, { channel, purpose }));
  const to = channel === 'email' ? profile.email! : profile.phone!;
  return { ok: true, url: outreachLink(channel, to, message) };
}

/** The store's calendar date ("2026-11-26") in its time zone. */
export const storeToday = (timeZone: string | undefined, now = new Date()): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);

/** A calendar date `days` after `date`. */
export const addDays = (date: string, days: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
