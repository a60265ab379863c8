import { useEffect, useMemo, useState } from 'preact/hooks';
import { type Product, SEARCH_PAGE_SIZE } from '../../../domain/index.js';
import type { VitrineDatabase } from '../../db/database.js';
import { type ProductSearchAnswer, searchCatalog } from '../../db/product-search.js';
import { productSearchIndexOf, type SearchIndexState } from '../../db/product-search-index.js';
import { exposeTestHook } from '../../test-hook.js';

/** Waits this long after a keystroke before searching, so a fast typist's burst costs one search, not one per letter. */
const TYPING_PAUSE_MS = 60;

export interface ProductSearch {
  products: Product[];
  /** Every match; null while the word index builds. */
  total: number | null;
  categories: { category: string; count: number }[];
  category: string | null;
  setCategory(category: string | null): void;
  showMore(): void;
  /** The answer on screen is for an earlier query than the one typed. */
  pending: boolean;
  index: SearchIndexState;
}

const NOTHING: ProductSearchAnswer = { products: [], total: 0, categories: [] };

/** The selling screen's search state: the query's ranked answer a page at a time, the category filter, the index's progress. */
export function useProductSearch(db: VitrineDatabase, query: string): ProductSearch {
  const index = useMemo(() => productSearchIndexOf(db), [db]);
  useEffect(
    () => exposeTestHook({ searchProducts: (text, options) => searchCatalog(db, index, text, options), searchIndex: () => index.state }),
    [db, index],
  );
  const [indexState, setIndexState] = useState(index.state);
  const [category, setCategory] = useState<string | null>(null);
  const [pages, setPages] = useState(1);
  const [answer, setAnswer] = useState<{ for: string; value: ProductSearchAnswer }>({ for: '', value: NOTHING });
  const text = query.trim();

  useEffect(() => {
    setIndexState(index.state);
    return index.onChange(setIndexState);
  }, [index]);

  // A new query starts again from its first page; clearing it also clears the filter.
  useEffect(() => {
    setPages(1);
    if (!text) setCategory(null);
  }, [text]);

  useEffect(() => {
    if (!text) return;
    let cancelled = false;
    const key = `${text}\u0000${category ?? ''}\u0000${pages}\u0000${indexState.ready}`;
    const timer = setTimeout(() => {
      void searchCatalog(db, index, text, { limit: pages * SEARCH_PAGE_SIZE, category }).then((value) => {
        if (!cancelled) setAnswer({ for: key, value });
      });
    }, TYPING_PAUSE_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [db, index, text, category, pages, indexState.ready]);

  const current = text ? answer.value : NOTHING;
  return {
    ...current,
    category,
    setCategory: (next) => {
      setCategory(next);
      setPages(1);
    },
    showMore: () => setPages((p) => p + 1),
    pending: !!text && !answer.for.startsWith(`${text}\u0000`),
    index: indexState,
  };
}
