import { useI18n } from '../../i18n/index.js';
import { Button } from '../../ui/Button.js';
import type { CustomerBook } from './customer-data.js';
import { CustomerForm } from './CustomerForm.js';
import { CustomerSearch } from './CustomerSearch.js';

export type TillCustomerMode = 'search' | 'create';

/**
 * The till's search of the store's book and its form to add a customer in place, opened by "Add customer"
 * (AttachCustomer). Its own chunk: a till paints and sells without it, and the precache opens it offline.
 */
export function TillCustomerPicker({
  book,
  mode,
  query,
  onQuery,
  onMode,
  onAttach,
  onClose,
}: {
  book: CustomerBook;
  mode: TillCustomerMode;
  query: string;
  onQuery: (query: string) => void;
  onMode: (mode: TillCustomerMode) => void;
  onAttach: (customerId: string) => void;
  onClose: () => void;
}) {
  const { t } = useI18n();
  if (mode === 'create') return <CustomerForm idPrefix="till-customer" onCancel={() => onMode('search')} onSaved={onAttach} />;
  return (
    <>
      <CustomerSearch
        book={book}
        query={query}
        onQuery={onQuery}
        idPrefix="till-customer"
        autoFocus
        action={(p) => (
          <Button
            variant="primary"
            onClick={() => onAttach(p.id)}
            aria-label={t('customers.till.attach', { name: p.name })}
            data-testid="till-customer-attach"
          >
            {t('sell.add')}
          </Button>
        )}
      />
      <div class="actions">
        <Button variant="ghost" onClick={onClose}>
          {t('customers.till.close')}
        </Button>
        <Button onClick={() => onMode('create')} data-testid="till-customer-new">
          {t('customers.new')}
        </Button>
      </div>
    </>
  );
}
