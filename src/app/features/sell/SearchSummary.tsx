import './search.css';
import { useI18n } from '../../i18n/index.js';
import { Button } from '../../ui/Button.js';
import type { ProductSearch } from './use-product-search.js';

/**
 * Above the results: how many are shown of how many ("20 of 143"), the categories among them as a filter, and, while
 * the word index builds, why only the start of names is matched yet.
 */
export function SearchSummary({ search }: { search: ProductSearch }) {
  const { t } = useI18n();
  if (search.total === null) {
    return (
      <p class="field-hint" role="status" data-testid="search-warming">
        {t('search.warming', { count: search.index.indexed })}
      </p>
    );
  }
  const choices = [...search.categories];
  if (search.category && !choices.some((c) => c.category === search.category)) choices.push({ category: search.category, count: 0 });
  const allCount = search.categories.reduce((sum, c) => sum + c.count, 0);
  return (
    <div class="search-summary">
      <p class="search-count" role="status" data-testid="search-count" data-shown={search.products.length} data-total={search.total}>
        {t('search.count', { shown: search.products.length, total: search.total })}
      </p>
      {choices.length > 1 || search.category ? (
        <fieldset class="chips search-categories" aria-label={t('search.categories')}>
          <button
            type="button"
            class={`chip ${search.category === null ? 'chip-active' : ''}`}
            aria-pressed={search.category === null}
            onClick={() => search.setCategory(null)}
            data-testid="search-category-all"
          >
            {t('search.allCategories', { count: allCount })}
          </button>
          {choices.map(({ category, count }) => (
            <button
              key={category}
              type="button"
              class={`chip ${search.category === category ? 'chip-active' : ''}`}
              aria-pressed={search.category === category}
              onClick={() => search.setCategory(search.category === category ? null : category)}
              data-testid="search-category"
              data-category={category}
            >
              {t('search.category', { category, count })}
            </button>
          ))}
        </fieldset>
      ) : null}
    </div>
  );
}

/** Below the results: the next page, while there is one. */
export function ShowMoreResults({ search }: { search: ProductSearch }) {
  const { t } = useI18n();
  if (search.total === null || search.products.length >= search.total) return null;
  return (
    <Button variant="ghost" onClick={search.showMore} data-testid="search-more">
      {t('search.more', { count: Math.min(20, search.total - search.products.length) })}
    </Button>
  );
}
