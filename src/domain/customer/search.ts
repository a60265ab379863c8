import { searchWords } from '../catalog/search.js';
import { nationalNumber, phoneDigits } from '../order/phone.js';
import type { CustomerProfile } from './schema.js';

/**
 * Finding a customer in the store's book on the device, as staff type: any words of the name in any order (accents
 * and case folded, each word by its start), an email by its start, or digits (3 or more) found anywhere in the
 * phone (national or international) or the CPF. One pass over precomputed entries: a 50,000-customer book is a
 * few milliseconds. Pointers (merged-away profiles) are never listed.
 */
export interface CustomerSearchEntry {
  id: string;
  /** The folded words of the name, each preceded by a space (" ana luiza souza"): a word's start is one `includes`. */
  names: string;
  email: string;
  /** Phone (international and national) and CPF digits, "|"-separated: digits typed anywhere in them are one `includes`. */
  digits: string;
}

export const customerSearchEntry = (p: CustomerProfile): CustomerSearchEntry => ({
  id: p.id,
  names: ` ${searchWords(p.name).join(' ')}`,
  email: p.email?.toLowerCase() ?? '',
  digits: [...(p.phone ? [phoneDigits(p.phone), nationalNumber(p.phone)] : []), ...(p.nationalId ? [p.nationalId.number] : [])].join('|'),
});

/** A query as the search reads it, parsed once for a whole pass over the book. */
type Query = { kind: 'email'; text: string } | { kind: 'digits'; text: string } | { kind: 'words'; words: string[] } | null;

function parseQuery(query: string): Query {
  const q = query.trim();
  if (!q) return null;
  if (q.includes('@')) return { kind: 'email', text: q.toLowerCase() };
  const digits = q.replace(/[\s().+-]/g, '');
  if (/^\d{3,}$/.test(digits)) return { kind: 'digits', text: digits };
  const words = searchWords(q);
  return words.length === 0 ? null : { kind: 'words', words };
}

function matches(entry: CustomerSearchEntry, q: Exclude<Query, null>): boolean {
  if (q.kind === 'email') return entry.email.startsWith(q.text);
  if (q.kind === 'digits') return entry.digits.includes(q.text);
  return q.words.every((w) => entry.names.includes(` ${w}`) || entry.email.startsWith(w));
}

export function matchesCustomerQuery(entry: CustomerSearchEntry, query: string): boolean {
  const q = parseQuery(query);
  return q !== null && matches(entry, q);
}

/** The ids of the entries matching, in the entries' order, at most `limit`. */
export function searchCustomers(entries: readonly CustomerSearchEntry[], query: string, limit = 20): string[] {
  const q = parseQuery(query);
  const found: string[] = [];
  if (!q) return found;
  for (const entry of entries) {
    if (matches(entry, q)) {
      found.push(entry.id);
      if (found.length >= limit) break;
    }
  }
  return found;
}
