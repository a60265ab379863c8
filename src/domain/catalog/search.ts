import type { Product } from './schema.js';

/**
 * Lower case, accents stripped, single spaces: "Tênis  Corrida" → "tenis corrida".
 * Product names are indexed in this form so a prefix typed on a tablet finds them with an index range scan.
 */
export function normalizeSearchText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The words of a text as search sees them, for products and queries alike: folded like normalizeSearchText and split
 * on anything that is not a letter or a digit, so "Azul-Marinho" and "azul marinho" are the same two words.
 */
export function searchWords(text: string): string[] {
  return normalizeSearchText(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0);
}

/** The product fields searched by words, in ranking order: a word found in the name outranks one found in the brand… */
export const SEARCH_FIELDS = ['name', 'brand', 'colour', 'size'] as const;
export type SearchField = (typeof SEARCH_FIELDS)[number];

/** Results shown at once, and added by each "show more". */
export const SEARCH_PAGE_SIZE = 20;

/** What a product contributes to the word index: its SKU, its category (to filter by) and its searched fields. */
export interface SearchDocument {
  id: string;
  category: string;
  fields: Readonly<Record<SearchField, string>>;
}

export function searchDocumentOf(product: Product): SearchDocument {
  return {
    id: product.sku,
    category: product.category,
    fields: { name: product.name, brand: product.brand, colour: product.colour ?? '', size: product.size ?? '' },
  };
}

/**
 * Typos forgiven in a query word: one edit (a letter wrong, missing or extra) from words of four letters on. Shorter
 * words get none: with one edit "38" would find size 39 and "azl" every three-letter word, drowning what was meant.
 */
export function typoAllowance(word: string): number {
  return word.length >= 4 ? 1 : 0;
}

/** Text that could be an SKU being typed: SKU characters with a digit or a hyphen (a plain word is a name). */
export function looksLikeSku(text: string): boolean {
  const candidate = text.trim().toUpperCase();
  return /^[A-Z0-9-]+$/.test(candidate) && /[0-9-]/.test(candidate);
}

/** Text that could be a whole barcode (GTIN-8 to GTIN-14). */
export function looksLikeBarcode(text: string): boolean {
  return /^\d{8,14}$/.test(text.trim());
}

/**
 * One ranked list of product ids from the three ways a query finds products: the product whose barcode or SKU is the
 * whole query first (an associate who typed a code means that product), then the word matches in their ranked order,
 * then SKUs that start with the query. Each product once, at its best place.
 */
export function mergeSearchHits(hits: { exactCode: string | null; words: readonly string[]; skuPrefix: readonly string[] }): string[] {
  const ids = new Set<string>();
  if (hits.exactCode) ids.add(hits.exactCode);
  for (const id of hits.words) ids.add(id);
  for (const id of hits.skuPrefix) ids.add(id);
  return [...ids];
}

/** Categories among the results, most results first, then by name, with their counts: the filter's choices. */
export function categoryCounts(categories: Iterable<string>): { category: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const category of categories) counts.set(category, (counts.get(category) ?? 0) + 1);
  return [...counts].map(([category, count]) => ({ category, count })).sort((a, b) => b.count - a.count || a.category.localeCompare(b.category));
}
