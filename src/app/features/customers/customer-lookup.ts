import { concat, EMPTY, of, switchMap, timer, type Observable } from 'rxjs';
import { isValidCpf, normalisePhone, type CustomerLookupQuery, type CustomerProfile } from '../../../domain/index.js';
import type { VitrineDatabase } from '../../db/database.js';
import { getApi, type FetchLike } from '../../db/http.js';
import { localDocument$ } from '../../db/local-document.js';

/** How long a device keeps a customer it looked up outside its store's book (the 24 hours). */
export const CUSTOMER_LOOKUP_KEEP_MS = 24 * 60 * 60 * 1000;

/** One RxDB local document (not a collection: the device's collection budget is for replicated data). */
const KEY = 'customer-lookups';

interface SavedLookup {
  profile: CustomerProfile;
  /** Device time of the answer; only compared with the same device's clock, to expire the entry. */
  fetchedAt: number;
}

/**
 * What staff typed, as the lookups it can be (a customer outside the book is found only by a whole key, never by
 * name): an email; a CPF (in Brazil, when its check digits hold) and the same digits as a phone; a phone.
 */
export function lookupQueriesOf(typed: string, country: string | null): CustomerLookupQuery[] {
  const text = typed.trim();
  if (text.includes('@')) return text.length >= 3 ? [{ email: text }] : [];
  const digits = text.replace(/\D/g, '');
  const queries: CustomerLookupQuery[] = [];
  if (country === 'BR' && digits.length === 11 && isValidCpf(digits)) queries.push({ cpf: digits });
  // Written as a CPF ("529.982.247-25") it is nothing else.
  if (/^\d{3}\.\d{3}\.\d{3}-\d{2}$/.test(text)) return queries;
  const phone = normalisePhone(text, country);
  if (phone) queries.push({ phone });
  return queries;
}

export interface CustomerLookupOptions {
  baseUrl: string;
  token: string;
  fetch?: FetchLike;
  now?: () => number;
}

/**
 * Asks the server for the customers these queries find in the whole chain, and keeps them on the device for 24
 * hours (they join the book on this device, so they can be attached at the till offline meanwhile). Network and
 * server errors are thrown as they are, for the screen to say.
 */
export async function lookupCustomers(
  db: VitrineDatabase,
  queries: readonly CustomerLookupQuery[],
  options: CustomerLookupOptions,
): Promise<CustomerProfile[]> {
  const now = (options.now ?? Date.now)();
  const found = new Map<string, CustomerProfile>();
  for (const query of queries) {
    const { customers } = await getApi<{ customers: CustomerProfile[] }>({
      baseUrl: options.baseUrl,
      token: options.token,
      path: `/api/lookup/customers?${new URLSearchParams(query as Record<string, string>)}`,
      fetch: options.fetch,
    });
    for (const p of customers) found.set(p.id, p);
    if (found.size > 0) break;
  }
  const saved = fresh(await readSaved(db), now).filter((s) => !found.has(s.profile.id));
  await db.upsertLocal(KEY, { lookups: [...saved, ...[...found.values()].map((profile) => ({ profile, fetchedAt: now }))] });
  return [...found.values()];
}

/**
 * The customers this device looked up within the last 24 hours, live. An entry leaves at its 24th hour even if
 * nothing else changes (a timer), and leaves the device's storage then too, not only the screen: the local document
 * is rewritten without it (on every emission that finds one expired, so a device switched off past the hour purges
 * it as soon as the book opens again).
 */
export function lookedUpCustomers$(db: VitrineDatabase, now: () => number = Date.now): Observable<CustomerProfile[]> {
  return localDocument$<{ lookups: SavedLookup[] }>(db, KEY).pipe(
    switchMap((doc) => {
      const saved = (doc?.toJSON().data as { lookups?: SavedLookup[] } | undefined)?.lookups ?? [];
      const at = now();
      const kept = fresh(saved, at);
      if (kept.length < saved.length) void forgetExpiredLookups(db, now);
      const shown = of(kept.map((s) => s.profile));
      if (kept.length === 0) return shown;
      const nextExpiry = Math.min(...kept.map((s) => s.fetchedAt + CUSTOMER_LOOKUP_KEEP_MS)) - at;
      // The rewrite emits the document again, and this list is replaced by the one without the expired entry.
      const expire = timer(Math.max(0, nextExpiry)).pipe(
        switchMap(() => {
          void forgetExpiredLookups(db, now);
          return EMPTY;
        }),
      );
      return concat(shown, expire);
    }),
  );
}

/** Rewrites the device's lookups without those older than 24 hours; answers how many were dropped. */
export async function forgetExpiredLookups(db: VitrineDatabase, now: () => number = Date.now): Promise<number> {
  if (db.closed) return 0;
  const saved = await readSaved(db);
  const kept = fresh(saved, now());
  if (kept.length < saved.length) await db.upsertLocal(KEY, { lookups: kept });
  return saved.length - kept.length;
}

async function readSaved(db: VitrineDatabase): Promise<SavedLookup[]> {
  const doc = await db.getLocal<{ lookups: SavedLookup[] }>(KEY);
  return (doc?.toJSON().data as { lookups?: SavedLookup[] } | undefined)?.lookups ?? [];
}

/** A clock set backwards makes an entry look older than a day, never younger: it expires rather than lingers. */
const fresh = (lookups: readonly SavedLookup[], now: number) =>
  lookups.filter((l) => now - l.fetchedAt >= 0 && now - l.fetchedAt < CUSTOMER_LOOKUP_KEEP_MS);
