import { map } from 'rxjs';
import type { Sale } from '../../../domain/index.js';
import { useApp } from '../../context.js';
import { saleSyncState } from '../../db/sync-status.js';
import { useI18n } from '../../i18n/index.js';
import { Button } from '../../ui/Button.js';
import { useObservable } from '../../ui/hooks.js';
import { rejectionReason } from '../sales/sale-status.js';

export function ReceiptScreen({ saleId }: { saleId: string }) {
  const { db, enrollment, store, quarantine, navigate } = useApp();
  const { t, money, dateTime } = useI18n();
  const sale = useObservable<Sale | null | undefined>(
    () => db.sales.findOne(saleId).$.pipe(map((d) => (d ? (d.toJSON() as Sale) : null))),
    undefined,
    [saleId, db],
  );
  // The associate's name from the replicated staff list; the id when the list does not have it (yet).
  const associateName = useObservable<string | null>(
    () => (sale ? db.staff.findOne(sale.associateId).$.pipe(map((d) => d?.name ?? null)) : null),
    null,
    [sale?.associateId, db],
  );
  if (sale === undefined) return null;
  if (sale === null) return <p class="empty">{t('receipt.notFound')}</p>;
  const status = saleSyncState(sale, quarantine);
  const cash = sale.tenders.filter((x) => x.kind === 'cash').reduce((a, x) => a + x.amount, 0);

  return (
    <section class="panel receipt" aria-labelledby="receipt-title" data-testid="receipt" data-sale-id={sale.id} data-status={status}>
      <h2 id="receipt-title">{t('receipt.title')}</h2>
      <div class={`receipt-status receipt-status-${status}`} role="status" data-testid="receipt-status" data-status={status}>
        {status === 'pending' && <p>{t('receipt.pending')}</p>}
        {status === 'accepted' && <p>{t('receipt.accepted')}</p>}
        {status === 'rejected' && (
          <>
            <p>
              <strong>{t('receipt.rejected', { reason: rejectionReason(sale, quarantine, t) })}</strong>
            </p>
            <p>{t('receipt.rejectedAdvice')}</p>
          </>
        )}
      </div>
      <div class="receipt-paper">
        <p class="receipt-store">
          <strong>{store.name}</strong>
        </p>
        <dl class="receipt-meta">
          <div>
            <dt>{t('receipt.sale')}</dt>
            <dd data-testid="receipt-sale-id">{sale.id}</dd>
          </div>
          <div>
            <dt>{t('receipt.time')}</dt>
            <dd>{dateTime(sale.createdAtDevice)}</dd>
          </div>
          <div>
            <dt>{t('receipt.device')}</dt>
            <dd>{enrollment.deviceName}</dd>
          </div>
          <div>
            <dt>{t('receipt.associate')}</dt>
            <dd data-testid="receipt-associate">{associateName ? `${associateName} (${sale.associateId})` : sale.associateId}</dd>
          </div>
        </dl>
        <ul class="receipt-lines">
          {sale.lines.map((line) => (
            <li key={line.lineNo} data-testid="receipt-line">
              <span>{line.name}</span>
              <span class="muted">{t('receipt.qtyPrice', { quantity: line.quantity, price: money(line.unitPrice) })}</span>
              <span class="amount">{money(line.total)}</span>
            </li>
          ))}
        </ul>
        <dl class="totals">
          <div>
            <dt>{sale.pricesIncludeTax ? t('sell.taxIncluded') : t('sell.taxAdded')}</dt>
            <dd data-testid="receipt-tax">{money(sale.totals.tax)}</dd>
          </div>
          <div class="total">
            <dt>{t('sell.total')}</dt>
            <dd data-testid="receipt-total">{money(sale.totals.total)}</dd>
          </div>
          <div>
            <dt>{t('receipt.tendered')}</dt>
            <dd data-testid="receipt-tendered">{money(cash)}</dd>
          </div>
          <div>
            <dt>{t('receipt.change')}</dt>
            <dd data-testid="receipt-change">{money(sale.totals.change)}</dd>
          </div>
        </dl>
      </div>
      <div class="actions">
        <Button onClick={() => navigate({ name: 'sales' })}>{t('receipt.back')}</Button>
        <Button variant="primary" size="large" onClick={() => navigate({ name: 'sell' })} data-testid="new-sale">
          {t('receipt.newSale')}
        </Button>
      </div>
    </section>
  );
}
