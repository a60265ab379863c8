import type { Sale } from '../../../domain/index.js';
import { useApp } from '../../context.js';
import { useI18n } from '../../i18n/index.js';
import { useObservable } from '../../ui/hooks.js';
import { map } from 'rxjs';
import { rejectionReason, SaleStatusBadge } from './sale-status.js';
import { saleSyncState } from '../../db/sync-status.js';

/** Recent sales made on this device (the store's other tills replicate too), newest first (ids are UUIDv7, so the primary key sorts by creation). */
export function SalesScreen() {
  const { db, quarantine, navigate, enrollment } = useApp();
  const { t, money, dateTime } = useI18n();
  const sales = useObservable<Sale[]>(
    () =>
      db.sales
        .find({ selector: { deviceId: enrollment.deviceId }, sort: [{ id: 'desc' }], limit: 100 })
        .$.pipe(map((docs) => docs.map((d) => d.toJSON() as Sale))),
    [],
    [db, enrollment.deviceId],
  );
  return (
    <section class="panel" aria-labelledby="sales-title">
      <h2 id="sales-title">{t('sales.title')}</h2>
      {sales.length === 0 && <p class="empty">{t('sales.empty')}</p>}
      <ul class="sales-list" data-testid="sales-list">
        {sales.map((sale) => (
          <li key={sale.id} class="sales-item" data-testid="sales-item" data-sale-id={sale.id}>
            <button
              type="button"
              class="sales-item-button"
              onClick={() => navigate({ name: 'receipt', saleId: sale.id })}
              aria-label={t('sales.open', { id: sale.id.slice(-8) })}
            >
              <span class="sales-time">{dateTime(sale.createdAtDevice)}</span>
              <span class="sales-total">{money(sale.totals.total)}</span>
              <SaleStatusBadge sale={sale} quarantine={quarantine} t={t} />
            </button>
            {(sale.outcome?.status === 'rejected' || saleSyncState(sale, quarantine) === 'rejected') && (
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
