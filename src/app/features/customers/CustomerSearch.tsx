import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { DomainError, ErrorCode, type CustomerProfile } from '../../../domain/index.js';
import { useApp } from '../../context.js';
import { isNetworkUnreachable } from '../../db/http.js';
import { useI18n, type MessageKey } from '../../i18n/index.js';
import { Button } from '../../ui/Button.js';
import type { CustomerBook } from './customer-data.js';
import { searchBook, storeCountry } from './customer-data.js';
import { customerMeta } from './customer-meta.js';
import { lookupCustomers, lookupQueriesOf } from './customer-lookup.js';

/**
 * The search box over the store's book and its results: `action` renders what a tap on a result does (open the
 * profile, attach at the till). The search runs over the device's memory on every keystroke. A whole email, phone
 * or CPF the book does not have can be looked up in every store of the chain (online): what is found stays on the
 * device for 24 hours and shows in the results like the book's own.
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
  const { db, baseUrl, enrollment, store } = useApp();
  const results = query.trim() ? searchBook(book, query) : [];
  const lookups = results.length === 0 ? lookupQueriesOf(query, storeCountry(store)) : [];
  const [looking, setLooking] = useState(false);
  const [lookupNote, setLookupNote] = useState<{ query: string; key: MessageKey } | null>(null);
  const input = useRef<HTMLInputElement>(null);
  // The autofocus attribute works once per page load, not for a search opened by a tap: focused here, so a scan or
  // the keyboard goes to it, and brought into view on a phone, where the cart's total and Pay would cover it.
  useEffect(() => {
    if (!autoFocus) return;
    input.current?.focus({ preventScroll: true });
    input.current?.scrollIntoView({ block: 'center' });
  }, [autoFocus]);
  const lookUp = async () => {
    setLooking(true);
    try {
      const found = await lookupCustomers(db, lookups, { baseUrl, token: enrollment.token });
      setLookupNote(found.length > 0 ? null : { query, key: 'customers.lookup.none' });
    } catch (error) {
      const rateLimited = error instanceof DomainError && error.code === ErrorCode.RATE_LIMITED;
      const key = isNetworkUnreachable(error) ? 'customers.lookup.offline' : rateLimited ? 'error.RATE_LIMITED' : 'customers.lookup.failed';
      setLookupNote({ query, key });
    } finally {
      setLooking(false);
    }
  };
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
          ref={input}
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
      {lookups.length > 0 && (
        <div class="customer-lookup">
          <Button onClick={() => void lookUp()} disabled={looking} data-testid="customer-lookup">
            {looking ? t('customers.lookup.busy') : t('customers.lookup.button')}
          </Button>
          {lookupNote?.query === query && (
            <p class="message message-info" role="status" data-testid="customer-lookup-note">
              {t(lookupNote.key)}
            </p>
          )}
        </div>
      )}
    </div>
  );
}
