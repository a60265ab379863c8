import { useState } from 'preact/hooks';
import { useApp } from '../../context.js';
import { useI18n } from '../../i18n/index.js';
import { Button } from '../../ui/Button.js';
import { useCart } from '../sell/cart-state.js';
import { lazyDialog } from '../../ui/lazy-screen.js';
import { findCustomer } from './customer-data.js';
import { customerMeta } from './customer-meta.js';
import { useCustomerBook } from './use-customer-book.js';
import './customers.css';

/** The search and the new-customer form load on the first "Add customer" tap: the till paints without them. */
const TillCustomerPicker = lazyDialog(() => import('./TillCustomerPicker.js').then((m) => m.TillCustomerPicker));

/**
 * The customer of the sale, in the till's cart panel: one tap opens a search of the store's book (name, phone,
 * email, CPF) where one tap attaches, or a form to add the customer in place (offline too). The cart keeps the
 * customer's id (`customerId`), and the sale carries it.
 */
export function AttachCustomer() {
  const { db } = useApp();
  const { extras, setExtras } = useCart();
  const { t } = useI18n();
  const book = useCustomerBook(db);
  const [mode, setMode] = useState<'closed' | 'search' | 'create'>('closed');
  const [query, setQuery] = useState('');
  const attached = extras.customerId ? findCustomer(book, extras.customerId) : undefined;
  const attach = (id: string | null) => {
    setExtras({ customerId: id });
    setMode('closed');
    setQuery('');
  };

  if (extras.customerId) {
    return (
      <section
        class="till-customer till-customer-attached"
        aria-label={t('customers.till.label')}
        data-testid="till-customer"
        data-customer-id={extras.customerId}
      >
        <div>
          <strong data-testid="till-customer-name">{t('customers.till.attached', { name: attached?.name ?? '…' })}</strong>
          {attached && <div class="result-meta">{customerMeta(attached)}</div>}
        </div>
        <Button variant="ghost" onClick={() => attach(null)} data-testid="till-customer-remove">
          {t('customers.till.remove')}
        </Button>
      </section>
    );
  }
  return (
    <section class="till-customer" aria-label={t('customers.till.label')} data-testid="till-customer">
      {mode === 'closed' && (
        <Button onClick={() => setMode('search')} data-testid="till-customer-add">
          {t('customers.till.add')}
        </Button>
      )}
      {mode !== 'closed' && (
        <TillCustomerPicker
          book={book}
          mode={mode}
          query={query}
          onQuery={setQuery}
          onMode={setMode}
          onAttach={attach}
          onClose={() => setMode('closed')}
        />
      )}
    </section>
  );
}
