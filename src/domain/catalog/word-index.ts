import { categoryCounts, looksLikeSku, mergeSearchHits, SEARCH_FIELDS, type SearchDocument, searchWords, typoAllowance } from './search.js';

/** How a query word met a product word, best first: the whole word, its start, or within one typo. */
const EXACT = 0;
const PREFIX = 1;
const FUZZY = 2;
/** Rank weights: a fuzzy word outweighs any number of prefix words, which outweigh any sum of field ranks. */
const KIND_WEIGHT = [0, 1_000, 1_000_000] as const;
const NO_MATCH = 255;

/** The products one word appears in: their slots, each with a bit per field (SEARCH_FIELDS order). */
interface Postings {
  slots: Uint32Array;
  fieldBits: Uint8Array;
  length: number;
}

export interface WordSearchResult {
  /** The first `limit` matching product ids, ranked. */
  ids: string[];
  /** How many products match (in the category, when one is given). */
  total: number;
  /** Categories of every match, ignoring the category filter: the filter's choices with their counts. */
  categories: { category: string; count: number }[];
}

function withinOneEdit(a: string, b: string): boolean {
  const lengthGap = a.length - b.length;
  if (lengthGap > 1 || lengthGap < -1) return false;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  let i = 0;
  while (i < short.length && short[i] === long[i]) i++;
  if (short.length === long.length) return short.slice(i + 1) === long.slice(i + 1);
  return short.slice(i) === long.slice(i + 1);
}

/** Rank of the best field a word was found in: 0 for the name, 1 the brand… (the lowest bit set). */
function bestField(fieldBits: number): number {
  return 31 - Math.clz32(fieldBits & -fieldBits);
}

/**
 * An inverted index of product words built for a till's keystrokes: every word of the catalog maps to the products
 * (slots) it appears in, with the fields it appears in. A query word is looked up against the vocabulary (a few
 * thousand words even for 100,000 products), exactly, by its start and within its typo allowance; the postings of the
 * words it met are merged into per-product ranks in typed arrays, so a one-letter query over 100,000 products costs a
 * pass over its postings, not an object per match. Pure and synchronous: the device feeds it and asks it.
 *
 * Ranking, in order (every query word must match, in any order):
 *   1. fewer words matched only within a typo (exact and prefix before fuzzy);
 *   2. fewer words matched only by their start (exact before prefix: "azul" finds Azul before Azulado);
 *   3. words found in better fields, summed over the words (name, then brand, colour, size);
 *   4. the SKU (products added since the index was last compacted come after, in the order they arrived), so a
 *      style's variants sit together and the order never shifts between two keystrokes.
 */
export class WordIndex {
  private readonly postings = new Map<string, Postings>();
  private vocabulary: string[] | null = null;
  private ids: (string | null)[] = [];
  private categoryOfSlot: string[] = [];
  private readonly slotOf = new Map<string, number>();
  /** One string per category, so 100,000 slots share a dozen strings. */
  private readonly categoryNames = new Map<string, string>();
  private dead = 0;
  /** Every id in code-unit order, for SKU prefixes; rebuilt on the first SKU query after the set of ids changed. */
  private sortedIds: string[] | null = null;

  get size(): number {
    return this.slotOf.size;
  }

  has(id: string): boolean {
    return this.slotOf.has(id);
  }

  /** Adds a product, or replaces what the index knew of it. */
  upsert(document: SearchDocument): void {
    const known = this.slotOf.has(document.id);
    this.remove(document.id);
    if (!known) this.sortedIds = null;
    const slot = this.ids.length;
    const category = this.categoryNames.get(document.category) ?? document.category;
    this.categoryNames.set(category, category);
    this.ids.push(document.id);
    this.categoryOfSlot.push(category);
    this.slotOf.set(document.id, slot);
    const wordFields = new Map<string, number>();
    SEARCH_FIELDS.forEach((field, rank) => {
      for (const word of searchWords(document.fields[field])) wordFields.set(word, (wordFields.get(word) ?? 0) | (1 << rank));
    });
    for (const [word, fieldBits] of wordFields) this.append(word, slot, fieldBits);
  }

  remove(id: string): void {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return;
    this.slotOf.delete(id);
    this.ids[slot] = null;
    this.sortedIds = null;
    this.dead++;
    // Removed slots stay in the postings until they are many; then one pass renumbers every posting list.
    if (this.dead > 1_000 && this.dead > this.slotOf.size) this.compact();
  }

  /**
   * The products a query finds: the one whose SKU is the whole query first, then those matching all its words,
   * ranked, then those whose SKU starts with it. The category filter narrows all three.
   */
  search(query: string, { limit, category }: { limit: number; category?: string | null }): WordSearchResult {
    const words = this.searchByWords(query, { limit, category });
    if (!looksLikeSku(query)) return words;
    const code = query.trim().toUpperCase();
    const bySku = this.skusStartingWith(code).filter((id) => !words.isMatch(this.slotOf.get(id)!));
    const inCategory = bySku.filter((id) => !category || this.categoryOfSlot[this.slotOf.get(id)!] === category);
    const exactSlot = this.slotOf.get(code);
    const exactCode = exactSlot !== undefined && (!category || this.categoryOfSlot[exactSlot] === category) ? code : null;
    return {
      ids: mergeSearchHits({ exactCode, words: words.ids, skuPrefix: inCategory }).slice(0, limit),
      total: words.total + inCategory.length,
      categories: categoryCounts([...words.allCategories, ...bySku.map((id) => this.categoryOfSlot[this.slotOf.get(id)!]!)]),
    };
  }

  private skusStartingWith(prefix: string): string[] {
    this.sortedIds ??= [...this.slotOf.keys()].sort();
    const sorted = this.sortedIds;
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (sorted[middle]! < prefix) low = middle + 1;
      else high = middle;
    }
    const found: string[] = [];
    for (let i = low; i < sorted.length && sorted[i]!.startsWith(prefix); i++) found.push(sorted[i]!);
    return found;
  }

  private searchByWords(
    query: string,
    { limit, category }: { limit: number; category?: string | null },
  ): WordSearchResult & { isMatch: (slot: number) => boolean; allCategories: string[] } {
    const queryWords = searchWords(query);
    if (queryWords.length === 0) return { ids: [], total: 0, categories: [], isMatch: () => false, allCategories: [] };
    const slotCount = this.ids.length;
    const matchedWords = new Uint8Array(slotCount);
    const rank = new Float64Array(slotCount);
    const best = new Uint8Array(slotCount);
    for (const queryWord of queryWords) {
      best.fill(NO_MATCH);
      const touched: number[] = [];
      for (const [word, kind] of this.wordsMeeting(queryWord)) {
        const postings = this.postings.get(word)!;
        for (let i = 0; i < postings.length; i++) {
          const slot = postings.slots[i]!;
          const code = kind * 8 + bestField(postings.fieldBits[i]!);
          if (best[slot] === NO_MATCH) touched.push(slot);
          if (code < best[slot]!) best[slot] = code;
        }
      }
      for (const slot of touched) {
        const code = best[slot]!;
        matchedWords[slot]!++;
        rank[slot]! += KIND_WEIGHT[(code >> 3) as 0 | 1 | 2] + (code & 7);
      }
    }
    const wanted = queryWords.length;
    const byRank = new Map<number, number[]>();
    const categories: string[] = [];
    let total = 0;
    for (let slot = 0; slot < slotCount; slot++) {
      if (matchedWords[slot] !== wanted || this.ids[slot] === null) continue;
      const slotCategory = this.categoryOfSlot[slot]!;
      categories.push(slotCategory);
      if (category && slotCategory !== category) continue;
      total++;
      const bucket = byRank.get(rank[slot]!);
      if (bucket) bucket.push(slot);
      else byRank.set(rank[slot]!, [slot]);
    }
    const ids: string[] = [];
    for (const key of [...byRank.keys()].sort((a, b) => a - b)) {
      for (const slot of byRank.get(key)!) {
        if (ids.length >= limit) break;
        ids.push(this.ids[slot]!);
      }
      if (ids.length >= limit) break;
    }
    const isMatch = (slot: number) => matchedWords[slot] === wanted;
    return { ids, total, categories: categoryCounts(categories), isMatch, allCategories: categories };
  }

  /** The catalog's words a query word meets, each with how: exactly, as its start, or within its typo allowance. */
  private *wordsMeeting(queryWord: string): Generator<[string, number]> {
    const typos = typoAllowance(queryWord);
    this.vocabulary ??= [...this.postings.keys()];
    for (const word of this.vocabulary) {
      if (word === queryWord) yield [word, EXACT];
      else if (word.startsWith(queryWord)) yield [word, PREFIX];
      else if (typos > 0 && withinOneEdit(queryWord, word)) yield [word, FUZZY];
    }
  }

  private append(word: string, slot: number, fieldBits: number): void {
    let postings = this.postings.get(word);
    if (!postings) {
      postings = { slots: new Uint32Array(4), fieldBits: new Uint8Array(4), length: 0 };
      this.postings.set(word, postings);
      this.vocabulary = null;
    }
    if (postings.length === postings.slots.length) {
      const slots = new Uint32Array(postings.length * 2);
      slots.set(postings.slots);
      const bits = new Uint8Array(postings.length * 2);
      bits.set(postings.fieldBits);
      postings.slots = slots;
      postings.fieldBits = bits;
    }
    postings.slots[postings.length] = slot;
    postings.fieldBits[postings.length] = fieldBits;
    postings.length++;
  }

  /**
   * Drops removed products from the postings and renumbers the others in id order, the last ranking rule: done when
   * removed products are many, and by the device once its first build is done (it reads products in write order).
   */
  compact(): void {
    const newSlot = new Int32Array(this.ids.length).fill(-1);
    const ids = this.ids.filter((id): id is string => id !== null).sort();
    const categoryOfSlot = ids.map((id) => this.categoryOfSlot[this.slotOf.get(id)!]!);
    ids.forEach((id, slot) => {
      newSlot[this.slotOf.get(id)!] = slot;
      this.slotOf.set(id, slot);
    });
    for (const [word, postings] of this.postings) {
      let kept = 0;
      for (let i = 0; i < postings.length; i++) {
        const slot = newSlot[postings.slots[i]!]!;
        if (slot < 0) continue;
        postings.slots[kept] = slot;
        postings.fieldBits[kept] = postings.fieldBits[i]!;
        kept++;
      }
      postings.length = kept;
      if (kept === 0) {
        this.postings.delete(word);
        this.vocabulary = null;
      }
    }
    this.ids = ids;
    this.categoryOfSlot = categoryOfSlot;
    this.sortedIds = ids;
    this.dead = 0;
  }
}
