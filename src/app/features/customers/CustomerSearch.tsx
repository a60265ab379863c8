import type { ComponentChildren } from 'preact';
import type { CustomerProfile } from '../../../domain/index.js';
import { displayPhone } from '../../../domain/index.js';
import { useI18n } from '../../i18n/index.js';
import type { CustomerBook } from './customer-data.js';
import { searchBook } from './customer-data.js';

/** One line of a customer in a list: name, then phone and email, as staff recognise them. */
export const customerMeta = (p: CustomerProfile) => [displayPhone(p.phone), p.email].filter(Boolean).join(' · ');

/**
 * The search box over the store's book and its results: `action` renders what a tap on a result does (open the
 * profile, attach at the till). The search runs over the device's memory on every keystroke.
 */
export function CustomerSearch({
  book,
  query,
  onQuery,
  idPrefix,
  action,
  autoFocus = false,
}: {
  book: CustomerBook;
  query: string;
  onQuery: (q: string) => void;
  idPrefix: string;
  action: (p: CustomerProfile) => ComponentChildren;
  autoFocus?: boolean;
}) {
  const { t } = useI18n();
  const results = query.trim() ? searchBook(book, query) : [];
  return (
    <div class="customer-search">
      <div class="field">
        <label for={`${idPrefix}-search`}>{t('customers.search')}</label>
        <input
          id={`${idPrefix}-search`}
          data-testid="customer-search"
          type="search"
          autoComplete="off"
          autoCorrect="off"
          spellcheck={false}
          // biome-ignore lint/a11y/noAutofocus: the search is what the panel was opened for
          autoFocus={autoFocus}
          placeholder={t('customers.searchPlaceholder')}
          value={query}
          aria-describedby={`${idPrefix}-search-hint`}
          onInput={(e) => onQuery((e.target as HTMLInputElement).value)}
        />
        <p id={`${idPrefix}-search-hint`} class="field-hint">
          {t('customers.searchHint')}
        </p>
      </div>
      {query.trim() && (
        <ul class="results" aria-label={t('customers.results')} data-testid="customer-results">
          {results.length === 0 && <li class="empty">{t('customers.noResults', { query: query.trim() })}</li>}
          {results.map((p) => (
            <li key={p.id} class="result" data-testid="customer-result" data-customer-id={p.id}>
              <div class="result-text">
                <span class="result-name">{p.name}</span>
                <span class="result-meta">{customerMeta(p)}</span>
              </div>
              {action(p)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
