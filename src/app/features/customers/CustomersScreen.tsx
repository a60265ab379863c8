import { useState } from 'preact/hooks';
import type { CustomerFactKindName } from '../../../domain/index.js';
import { useApp } from '../../context.js';
import { useI18n } from '../../i18n/index.js';
import { Button } from '../../ui/Button.js';
import { findCustomer, hasPendingChange } from './customer-data.js';
import { CustomerForm } from './CustomerForm.js';
import { CustomerProfileView } from './CustomerProfileView.js';
import { CustomerSearch } from './CustomerSearch.js';
import { useCustomerBook } from './use-customer-book.js';
import './customers.css';

/**
 * The store's customers on this device: search by name, phone, email or CPF, add one (offline too), and the
 * profile of the one chosen. A profile merged away on the server opens its survivor.
 */
export function CustomersScreen({ customerId }: { customerId: string | null }) {
  const { db, navigate } = useApp();
  const { t } = useI18n();
  const book = useCustomerBook(db);
  const [query, setQuery] = useState('');
  const [creating, setCreating] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const profile = customerId ? findCustomer(book, customerId) : undefined;
  const open = (id: string) => navigate({ name: 'customer', customerId: id });

  return (
    <div class={`customers ${customerId ? 'customers-with-profile' : ''}`}>
      <section class="panel customers-panel" aria-labelledby="customers-title" data-testid="customers-screen">
        <header class="customers-header">
          <h2 id="customers-title">{t('customers.title')}</h2>
          <span class="muted" data-testid="customers-count" data-count={book.live.length}>
            {t('customers.count', { count: book.live.length })}
          </span>
          <Button variant="ghost" onClick={() => navigate({ name: 'my-customers' })} data-testid="my-customers-open">
            {t('customers.myBook')}
          </Button>
        </header>
        {saved && (
          <p class="message message-info" role="status" data-testid="customer-saved">
            {t('customers.form.saved', { name: saved })}
          </p>
        )}
        {book.refused.length > 0 && (
          <section class="message message-error" aria-labelledby="customers-refused-title" data-testid="customers-refused">
            <h3 id="customers-refused-title">{t('customers.refused.title')}</h3>
            <ul>
              {book.refused.slice(0, 5).map((f) => (
                <li key={f.id} data-testid="customer-refused">
                  {t('customers.refused.item', {
                    what: t(`customers.refused.${f.kind as CustomerFactKindName}`),
                    name: findCustomer(book, f.subjectId)?.name ?? String(f.payload.name ?? f.subjectId),
                    // The server's reason names the field or the person: what the associate can act on.
                    reason: f.outcome?.message ?? f.outcome?.code ?? '',
                  })}
                </li>
              ))}
            </ul>
          </section>
        )}
        {creating ? (
          <CustomerForm
            onCancel={() => setCreating(false)}
            onSaved={(id, name) => {
              setCreating(false);
              setSaved(name);
              open(id);
            }}
          />
        ) : (
          <>
            <Button variant="primary" onClick={() => setCreating(true)} data-testid="customer-new">
              {t('customers.new')}
            </Button>
            <CustomerSearch
              book={book}
              query={query}
              onQuery={setQuery}
              idPrefix="customers"
              action={(p) => (
                <Button onClick={() => open(p.id)} aria-label={t('customers.open', { name: p.name })} data-testid="customer-open">
                  {t('customers.openShort')}
                </Button>
              )}
            />
          </>
        )}
      </section>
      <section class="panel customer-panel" aria-live="polite">
        {customerId && (
          <Button variant="ghost" class="customers-back" onClick={() => navigate({ name: 'customers' })}>
            {t('customers.back')}
          </Button>
        )}
        {profile ? (
          <CustomerProfileView profile={profile} pending={hasPendingChange(book, profile)} />
        ) : (
          <p class="empty" data-testid={customerId ? 'customer-not-found' : 'customer-none'}>
            {customerId ? t('customers.notFound') : t('customers.select')}
          </p>
        )}
      </section>
    </div>
  );
}
