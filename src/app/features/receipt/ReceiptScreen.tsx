import { useEffect, useState } from 'preact/hooks';
import { map, of } from 'rxjs';
import type { Sale } from '../../../domain/index.js';
import { useApp } from '../../context.js';
import { saleSyncState } from '../../db/sync-status.js';
import { useI18n } from '../../i18n/index.js';
import { Button } from '../../ui/Button.js';
import { Field } from '../../ui/Field.js';
import { useObservable } from '../../ui/hooks.js';
import { rejectionReason } from '../sales/sale-status.js';
import { emailRequests$, requestEmailReceipt, type EmailRequestState } from './email-requests.js';
import { fitPrintsWhileShown, fitPrintToReceipt } from './print-fit.js';
import { QrCode } from '../../ui/QrCode.js';
import { ProofQr } from './ProofQr.js';
import { receiptPageUrl, receiptView } from './receipt-view.js';
import { useCustomerName } from '../customers/customer-name.js';
import { CreditSlip } from '../sell/CreditSlip.js';
import './receipt.css';

export function ReceiptScreen({ saleId }: { saleId: string }) {
  const { db, enrollment, store, quarantine, navigate, baseUrl } = useApp();
  const { t, lang, money, dateTime } = useI18n();
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
  const promotionIds = sale
    ? [...new Set(sale.lines.flatMap((l) => l.discounts.flatMap((d) => (d.source === 'promotion' ? [d.promotionId] : []))))]
    : [];
  // Promotion names from the replicated promotions; a till opened without that collection shows "promotion".
  const promotionNames = useObservable<ReadonlyMap<string, string>>(
    () =>
      promotionIds.length > 0 && db.promotions
        ? db.promotions.findByIds(promotionIds).$.pipe(map((found) => new Map([...found.values()].map((p) => [p.id, p.name] as const))))
        : of(new Map()),
    new Map(),
    [promotionIds.join(','), db],
  );
  const customerName = useCustomerName(sale?.customerId ?? null);
  useEffect(() => fitPrintsWhileShown(), []);
  if (sale === undefined) return null;
  if (sale === null) return <p class="empty">{t('receipt.notFound')}</p>;
  const status = saleSyncState(sale, quarantine);
  const view = receiptView(sale, { t, lang, promotionName: (id) => promotionNames.get(id) });
  const pageUrl = receiptPageUrl(baseUrl || location.origin, sale.id);
  const address = store.address;

  return (
    <section
      class="panel receipt"
      aria-labelledby="receipt-title"
      data-testid="receipt"
      data-sale-id={sale.id}
      data-receipt-number={sale.receiptNumber}
      data-status={status}
    >
      <h2 id="receipt-title" class="receipt-screen-only">
        {t('receipt.title')}
      </h2>
      <div class={`receipt-status receipt-status-${status} receipt-screen-only`} role="status" data-testid="receipt-status" data-status={status}>
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
      <article class="receipt-paper" data-testid="receipt-paper">
        <header class="receipt-head">
          <p class="receipt-store">
            <strong data-testid="receipt-store">{store.name}</strong>
          </p>
          {address && (
            <p class="receipt-address" data-testid="receipt-address">
              {address.street} {address.number}
              {address.complement ? `, ${address.complement}` : ''}
              <br />
              {[address.district, `${address.city} ${address.region}`, address.postalCode].filter(Boolean).join(' · ')}
            </p>
          )}
          <p class="receipt-number">
            {t('receiptView.number')} <strong data-testid="receipt-number">{sale.receiptNumber}</strong>
          </p>
        </header>
        <dl class="receipt-meta">
          <div>
            <dt>{t('receipt.time')}</dt>
            <dd data-testid="receipt-time">{dateTime(sale.createdAtDevice)}</dd>
          </div>
          <div>
            <dt>{t('receipt.associate')}</dt>
            <dd data-testid="receipt-associate">{associateName ? `${associateName} (${sale.associateId})` : sale.associateId}</dd>
          </div>
          {sale.deviceId === enrollment.deviceId && (
            <div>
              <dt>{t('receipt.device')}</dt>
              <dd>{enrollment.deviceName}</dd>
            </div>
          )}
          <div class="receipt-screen-only">
            <dt>{t('receipt.sale')}</dt>
            <dd data-testid="receipt-sale-id">{sale.id}</dd>
          </div>
        </dl>
        <ul class="receipt-lines">
          {view.lines.map((line) => (
            <li key={line.lineNo} class="receipt-line" data-testid="receipt-line">
              <div class="receipt-row">
                <span class="receipt-line-name">{line.name}</span>
                <span class="amount" data-testid="receipt-line-total">
                  {money(line.total)}
                </span>
              </div>
              <div class="receipt-row muted">
                <span>{t('receipt.qtyPrice', { quantity: line.quantity, price: money(line.unitPrice) })}</span>
                {line.discounts.length > 0 && <span class="amount">{money(line.gross)}</span>}
              </div>
              {line.discounts.map((d, i) => (
                <div key={i} class="receipt-row receipt-discount" data-testid="receipt-discount">
                  <span>{d.label}</span>
                  <span class="amount">−{money(d.amount)}</span>
                </div>
              ))}
            </li>
          ))}
        </ul>
        <dl class="totals receipt-totals">
          <div>
            <dt>{t('receiptView.subtotal')}</dt>
            <dd>{money(view.subtotal)}</dd>
          </div>
          {view.discount > 0 && (
            <div>
              <dt>{t('receiptView.discounts')}</dt>
              <dd data-testid="receipt-discount-total">−{money(view.discount)}</dd>
            </div>
          )}
          {view.taxByRate.map((rate) => (
            <div key={rate.rateBp} data-testid="receipt-tax-rate" data-rate-bp={rate.rateBp}>
              <dt>
                {rate.label} <span class="muted">({view.pricesIncludeTax ? t('sell.taxIncluded') : t('sell.taxAdded')})</span>
              </dt>
              <dd>{money(rate.tax)}</dd>
            </div>
          ))}
          <div class="receipt-screen-only">
            <dt>{view.pricesIncludeTax ? t('sell.taxIncluded') : t('sell.taxAdded')}</dt>
            <dd data-testid="receipt-tax">{money(view.tax)}</dd>
          </div>
          <div class="total">
            <dt>{t('sell.total')}</dt>
            <dd data-testid="receipt-total">{money(view.total)}</dd>
          </div>
        </dl>
        <h3 class="receipt-subtitle">{t('receiptView.paidWith')}</h3>
        <dl class="totals receipt-tenders">
          {view.paid.map((tender) => (
            <div key={tender.id} data-testid="receipt-tender" data-kind={tender.kind}>
              <dt>
                {tender.label}
                {tender.detail && <span class="receipt-tender-detail">{tender.detail}</span>}
              </dt>
              <dd>{money(tender.amount)}</dd>
            </div>
          ))}
          {view.cashGiven > 0 && (
            <div>
              <dt>{t('receipt.tendered')}</dt>
              <dd data-testid="receipt-tendered">{money(view.cashGiven)}</dd>
            </div>
          )}
          {view.cashRounding !== 0 && (
            <div>
              <dt>{t('receiptView.cashRounding')}</dt>
              <dd data-testid="receipt-cash-rounding">{money(view.cashRounding)}</dd>
            </div>
          )}
          <div>
            <dt>{t('receipt.change')}</dt>
            <dd data-testid="receipt-change">{money(view.change)}</dd>
          </div>
        </dl>
        {view.reversed.length > 0 && (
          <>
            <h3 class="receipt-subtitle">{t('receiptView.reversedTitle')}</h3>
            <ul class="receipt-reversed">
              {view.reversed.map((tender) => (
                <li key={tender.id} data-testid="receipt-reversed-tender" data-kind={tender.kind}>
                  <s>
                    {tender.label} {money(tender.amount)}
                  </s>{' '}
                  <span class="muted">{tender.detail}</span>
                </li>
              ))}
            </ul>
          </>
        )}
        {(sale.giftCards ?? []).map((card) => (
          <CreditSlip key={card.code} code={card.code} amount={card.amount} currency={sale.currency} giftCard />
        ))}
        {customerName && (
          <p class="receipt-customer" data-testid="receipt-customer">
            {t('receiptView.customer')}: {customerName}
          </p>
        )}
        {view.customerTaxId && (
          <p class="receipt-tax-id" data-testid="receipt-tax-id">
            {view.customerTaxId.label}: {view.customerTaxId.value}
          </p>
        )}
        <figure class="receipt-qr">
          <QrCode text={pageUrl} label={t('receiptView.qrAlt')} size={132} testId="receipt-qr" />
          <figcaption>{t('receiptView.qr')}</figcaption>
        </figure>
        <ProofQr sale={sale} ownSale={sale.deviceId === enrollment.deviceId} />
      </article>
      <EmailReceipt sale={sale} />
      <div class="actions receipt-screen-only">
        <Button
          onClick={() => {
            fitPrintToReceipt();
            window.print();
          }}
          data-testid="receipt-print"
        >
          {t('receiptView.print')}
        </Button>
        <Button onClick={() => navigate({ name: 'sales' })}>{t('receipt.back')}</Button>
        <Button variant="primary" size="large" onClick={() => navigate({ name: 'sell' })} data-testid="new-sale">
          {t('receipt.newSale')}
        </Button>
      </div>
    </section>
  );
}

/** "Email receipt": the address, checked here; the request goes once the sale has synced and the till is online. */
function EmailReceipt({ sale }: { sale: Sale }) {
  const { db, enrollment, session } = useApp();
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [email, setEmail] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [sending, setSending] = useState(false);
  const requests = useObservable<EmailRequestState[]>(() => emailRequests$(db, sale.id), [], [db, sale.id]);

  const submit = async (event: Event) => {
    event.preventDefault();
    setSending(true);
    try {
      const result = await requestEmailReceipt(db, { sale, email, associateId: session.staffId, enrollment });
      if (!result.ok) {
        setError(t('receiptView.emailInvalid'));
        return;
      }
      setError(undefined);
      setEmail('');
      setOpen(false);
    } catch (failure) {
      // The device's own database refused the write: say so, the associate can try again.
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setSending(false);
    }
  };

  return (
    <div class="receipt-email receipt-screen-only">
      {requests.length > 0 && (
        <ul class="receipt-email-requests" aria-live="polite">
          {requests.map((r) => (
            <li key={r.id} data-testid="receipt-email-status" data-status={r.status} class={`receipt-email-${r.status}`}>
              {r.status === 'rejected'
                ? t('receiptView.emailRefused', { email: r.email, reason: r.reason ?? '' })
                : r.status === 'accepted'
                  ? t('receiptView.emailSent', { email: r.email })
                  : t('receiptView.emailQueued', { email: r.email })}
            </li>
          ))}
        </ul>
      )}
      {open ? (
        <form class="receipt-email-form" onSubmit={submit} noValidate data-testid="receipt-email-form">
          <Field
            id="receipt-email"
            data-testid="receipt-email-input"
            type="email"
            inputMode="email"
            autoComplete="off"
            label={t('receiptView.emailLabel')}
            value={email}
            error={error}
            onInput={(e) => setEmail((e.target as HTMLInputElement).value)}
          />
          <div class="actions">
            <Button type="button" onClick={() => setOpen(false)}>
              {t('receiptView.emailCancel')}
            </Button>
            <Button type="submit" variant="primary" disabled={sending} data-testid="receipt-email-send">
              {t('receiptView.emailSend')}
            </Button>
          </div>
        </form>
      ) : (
        <Button onClick={() => setOpen(true)} data-testid="receipt-email">
          {t('receiptView.email')}
        </Button>
      )}
    </div>
  );
}
