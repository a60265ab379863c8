import { useMemo, useState } from 'preact/hooks';
import { map } from 'rxjs';
import type { PaymentTenderKind, Sale } from '../../../domain/index.js';
import { useApp } from '../../context.js';
import { saleSyncState, type SaleSyncState } from '../../db/sync-status.js';
import { useI18n } from '../../i18n/index.js';
import { Button } from '../../ui/Button.js';
import { useObservable } from '../../ui/hooks.js';
import { fractionDigits, parseAmount } from '../sell/tender.js';
import { filterSales, NO_FILTER, storeDay, tenderTotals, uuidv7Floor, type SalesFilter } from './sales-filter.js';
import { rejectionReason, SaleStatusBadge } from './sale-status.js';
import './sales.css';

const TENDER_KINDS: readonly PaymentTenderKind[] = ['cash', 'card', 'pix', 'credit'];
const STATUSES: readonly SaleSyncState[] = ['pending', 'accepted', 'rejected'];
/** Sale ids are UUIDv7: reading from 36 hours back along the primary key covers "today" in any time zone. */
const LOOKBACK_MS = 36 * 3_600_000;

/**
 * Today's sales of the store (this till's and those the other tills synced), newest first, on the store's clock:
 * totals by tender, filters by associate, status and amount, search by receipt number, each sale's outcome; a tap
 * opens its receipt.
 */
export function SalesScreen() {
  const { db, quarantine, navigate, store } = useApp();
  const { t, money, time } = useI18n();
  const [filter, setFilter] = useState<SalesFilter>(NO_FILTER);
  const [amountText, setAmountText] = useState({ min: '', max: '' });
  const today = storeDay(Date.now(), store.timeZone);
  const sales = useObservable<Sale[]>(
    () =>
      db.sales
        .find({ selector: { id: { $gte: uuidv7Floor(Date.now() - LOOKBACK_MS) } }, sort: [{ id: 'desc' }] })
        .$.pipe(map((docs) => docs.map((d) => d.toJSON() as Sale).filter((s) => storeDay(s.createdAtDevice, store.timeZone) === today))),
    [],
    [db, today, store.timeZone],
  );
  const staffNames = useObservable<ReadonlyMap<string, string>>(
    () => db.staff.find().$.pipe(map((docs) => new Map(docs.map((d) => [d.id, d.name] as const)))),
    new Map(),
    [db],
  );
  const statusOf = (sale: Sale) => saleSyncState(sale, quarantine);
  const shown = useMemo(() => filterSales(sales, filter, statusOf), [sales, filter, quarantine]);
  const totals = tenderTotals(shown);
  const associates = [...new Set(sales.map((s) => s.associateId))];
  const nameOf = (id: string) => staffNames.get(id) ?? id;
  const digits = fractionDigits(store.currency);
  const filtered = JSON.stringify(filter) !== JSON.stringify(NO_FILTER);

  const setAmount = (which: 'min' | 'max', text: string) => {
    setAmountText((a) => ({ ...a, [which]: text }));
    const value = text.trim() === '' ? null : parseAmount(text, digits);
    setFilter((f) => ({ ...f, [which === 'min' ? 'minTotal' : 'maxTotal']: value }));
  };

  return (
    <section class="panel sales-screen" aria-labelledby="sales-title" data-testid="sales-screen">
      <header class="sales-header">
        <h2 id="sales-title">{t('salesList.title')}</h2>
        <span class="muted" data-testid="sales-count">
          {t('salesList.count', { count: shown.length })}
        </span>
      </header>

      <section class="sales-totals" aria-label={t('salesList.totals')} data-testid="sales-totals">
        {TENDER_KINDS.map((kind) => (
          <div key={kind} class="sales-total" data-testid="sales-total" data-kind={kind} data-amount={totals[kind]}>
            <span class="muted">{t(`salesList.tender.${kind}`)}</span>
            <strong>{money(totals[kind])}</strong>
          </div>
        ))}
        <div class="sales-total sales-total-all" data-testid="sales-total" data-kind="all" data-amount={totals.total}>
          <span class="muted">{t('salesList.total')}</span>
          <strong>{money(totals.total)}</strong>
        </div>
      </section>

      <form class="sales-filters" aria-label={t('salesList.filters')} onSubmit={(e) => e.preventDefault()}>
        <label class="sales-filter sales-filter-search">
          <span>{t('salesList.search')}</span>
          <input
            type="search"
            data-testid="sales-search"
            value={filter.receipt}
            placeholder={t('salesList.searchPlaceholder')}
            autoComplete="off"
            onInput={(e) => setFilter((f) => ({ ...f, receipt: (e.target as HTMLInputElement).value }))}
          />
        </label>
        <label class="sales-filter">
          <span>{t('salesList.associate')}</span>
          <select
            data-testid="sales-filter-associate"
            value={filter.associateId ?? ''}
            onChange={(e) => setFilter((f) => ({ ...f, associateId: (e.target as HTMLSelectElement).value || null }))}
          >
            <option value="">{t('salesList.anyAssociate')}</option>
            {associates.map((id) => (
              <option key={id} value={id}>
                {nameOf(id)}
              </option>
            ))}
          </select>
        </label>
        <label class="sales-filter">
          <span>{t('salesList.status')}</span>
          <select
            data-testid="sales-filter-status"
            value={filter.status ?? ''}
            onChange={(e) => setFilter((f) => ({ ...f, status: ((e.target as HTMLSelectElement).value || null) as SaleSyncState | null }))}
          >
            <option value="">{t('salesList.anyStatus')}</option>
            {STATUSES.map((status) => (
              <option key={status} value={status}>
                {t(`sales.status.${status}`)}
              </option>
            ))}
          </select>
        </label>
        <label class="sales-filter sales-filter-amount">
          <span>{t('salesList.minAmount')}</span>
          <input
            inputMode="decimal"
            data-testid="sales-filter-min"
            value={amountText.min}
            onInput={(e) => setAmount('min', (e.target as HTMLInputElement).value)}
          />
        </label>
        <label class="sales-filter sales-filter-amount">
          <span>{t('salesList.maxAmount')}</span>
          <input
            inputMode="decimal"
            data-testid="sales-filter-max"
            value={amountText.max}
            onInput={(e) => setAmount('max', (e.target as HTMLInputElement).value)}
          />
        </label>
        {filtered && (
          <Button
            class="sales-filter-clear"
            onClick={() => {
              setFilter(NO_FILTER);
              setAmountText({ min: '', max: '' });
            }}
          >
            {t('salesList.clear')}
          </Button>
        )}
      </form>

      {shown.length === 0 && <p class="empty">{sales.length === 0 ? t('salesList.empty') : t('salesList.none')}</p>}
      <ul class="sales-list" data-testid="sales-list">
        {shown.map((sale) => (
          <li key={sale.id} class="sales-item" data-testid="sales-item" data-sale-id={sale.id} data-receipt-number={sale.receiptNumber}>
            <button
              type="button"
              class="sales-item-button"
              onClick={() => navigate({ name: 'receipt', saleId: sale.id })}
              aria-label={t('salesList.open', { number: sale.receiptNumber })}
            >
              <span class="sales-item-main">
                <strong class="sales-receipt" data-testid="sales-receipt-number">
                  {sale.receiptNumber}
                </strong>
                <span class="muted">
                  {time(sale.createdAtDevice)} · {nameOf(sale.associateId)} ·{' '}
                  {t('salesList.items', { count: sale.lines.reduce((sum, l) => sum + l.quantity, 0) })}
                </span>
              </span>
              <span class="sales-total-amount">{money(sale.totals.total)}</span>
              <SaleStatusBadge sale={sale} quarantine={quarantine} t={t} />
            </button>
            {statusOf(sale) === 'rejected' && (
              <p class="message message-error" data-testid="sale-rejection">
                {rejectionReason(sale, quarantine, t)}
              </p>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
