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
  words: string[];
  email: string;
  digits: string[];
}

export const customerSearchEntry = (p: CustomerProfile): CustomerSearchEntry => ({
  id: p.id,
  words: searchWords(p.name),
  email: p.email?.toLowerCase() ?? '',
  digits: [...(p.phone ? [phoneDigits(p.phone), nationalNumber(p.phone)] : []), ...(p.nationalId ? [p.nationalId.number] : [])],
});

export function matchesCustomerQuery(entry: CustomerSearchEntry, query: string): boolean {
  const q = query.trim();
  if (!q) return false;
  if (q.includes('@')) return entry.email.startsWith(q.toLowerCase());
  const digits = q.replace(/[\s().+-]/g, '');
  if (/^\d{3,}$/.test(digits)) return entry.digits.some((d) => d.includes(digits));
  const words = searchWords(q);
  if (words.length === 0) return false;
  return words.every((w) => entry.words.some((e) => e.startsWith(w)) || entry.email.startsWith(w));
}

/** The ids of the entries matching, in the entries' order, at most `limit`. */
export function searchCustomers(entries: readonly CustomerSearchEntry[], query: string, limit = 20): string[] {
  const found: string[] = [];
  for (const entry of entries) {
    if (matchesCustomerQuery(entry, query)) {
      found.push(entry.id);
      if (found.length >= limit) break;
    }
  }
  return found;
}
