import { can } from '../../../domain/index.js';
import { useApp } from '../../context.js';
import { useI18n } from '../../i18n/index.js';
import { Button } from '../../ui/Button.js';
import { StockCell } from '../../ui/StockCell.js';
import { useObservable } from '../../ui/hooks.js';
import { useStockLevels } from '../sell/stock-levels.js';
import { OrderStateBadge, ShortfallFlag } from './OrderBadges.js';
import { isOpenOrder, order$, shortfallOf, type StoreOrder } from './store-orders.js';

/**
 * One order of the store, live: who collects it, when and how, each line with what was ordered and reserved (a
 * shortfall called out), the store's level of each SKU, and how it was paid. Read-only: picking and handoff are on
 * the pickup screens, a tap away.
 */
export function OrderDetail({ orderId, now }: { orderId: string; now: number }) {
  const { db, store } = useApp();
  const { t } = useI18n();
  const order = useObservable<StoreOrder | null | undefined>(() => order$(db, orderId), undefined, [db, orderId]);
  const levels = useStockLevels(db, store.id, order?.lines.map((l) => l.sku) ?? []);
  if (order === undefined) return null;
  if (order === null) {
    return (
      <p class="empty" data-testid="order-not-found">
        {t('orders.notFound')}
      </p>
    );
  }
  return (
    <article class="order-detail" aria-labelledby="order-title" data-testid="order-detail" data-order-id={order.id} data-state={order.state}>
      <OrderHeader order={order} now={now} />
      <OpenInPickup order={order} />
      {order.hasShortfall && (
        <p class="message message-error" role="status" data-testid="order-shortfall-notice">
          {t('orders.shortfallNotice')}
        </p>
      )}
      <h3>{t('orders.lines')}</h3>
      <ul class="order-lines">
        {order.lines.map((line) => (
          <li
            key={line.lineNo}
            class="order-line"
            data-testid="order-line"
            data-sku={line.sku}
            data-reserved={line.reserved}
            data-shortfall={line.shortfall}
          >
            <span class="order-line-name">
              <strong>{line.name}</strong>
              <span class="result-meta">{line.sku}</span>
            </span>
            <dl class="order-line-qty">
              <div>
                <dt>{t('orders.col.ordered')}</dt>
                <dd data-testid="line-ordered">{line.quantity}</dd>
              </div>
              <div>
                <dt>{t('orders.col.reserved')}</dt>
                <dd data-testid="line-reserved">{line.reserved}</dd>
              </div>
            </dl>
            <span class="order-line-stock">
              <span class="visually-hidden">{t('orders.col.stock')}: </span>
              <StockCell level={levels.get(line.sku)} />
            </span>
            {line.shortfall > 0 && (
              <p class="order-line-short" data-testid="line-shortfall">
                <span aria-hidden="true">⚠ </span>
                {t('orders.lineShort', { count: line.shortfall })}
              </p>
            )}
          </li>
        ))}
      </ul>
      <OrderPayment order={order} />
    </article>
  );
}

/** Picking and handoff happen on the pickup screens: one tap there for staff allowed to pick. */
function OpenInPickup({ order }: { order: StoreOrder }) {
  const { session, navigate } = useApp();
  const { t } = useI18n();
  if (order.fulfilment.type !== 'pickup' || !can(session.role, 'pickup.pick')) return null;
  return (
    <Button variant="primary" onClick={() => navigate({ name: 'pickup', orderId: order.id })} data-testid="open-in-pickup">
      {t('orders.openInPickup')}
    </Button>
  );
}

function OrderHeader({ order, now }: { order: StoreOrder; now: number }) {
  const { t, shortDateTime, relative } = useI18n();
  const late = isOpenOrder(order) && Date.parse(order.promisedAt) < now;
  const mode = order.fulfilment.type === 'pickup' ? order.fulfilment.mode : null;
  return (
    <header class="order-header">
      <h2 id="order-title">
        {t('orders.number', { number: order.number })} <OrderStateBadge state={order.state} />
      </h2>
      <p class={`order-promised ${late ? 'order-late' : ''}`} data-late={String(late)}>
        {mode && <strong class="order-mode">{t(`orders.mode.${mode}`)} · </strong>}
        {late && <strong>{t('orders.late')} · </strong>}
        {t('orders.promised', { time: shortDateTime(order.promisedAt) })} <span class="muted">({relative(order.promisedAt, now)})</span>{' '}
        <ShortfallFlag units={shortfallOf(order)} />
      </p>
      <dl class="receipt-meta order-meta">
        <div>
          <dt>{t('orders.customer')}</dt>
          <dd data-testid="order-customer">
            {order.customer.name}
            <br />
            <a href={`tel:${order.customer.phone}`}>{order.customer.phone}</a> · <a href={`mailto:${order.customer.email}`}>{order.customer.email}</a>
          </dd>
        </div>
        <div>
          <dt>{t('orders.placed')}</dt>
          <dd>
            {shortDateTime(order.placedAt)} · {t(`orders.channel.${order.channel}`)}
          </dd>
        </div>
      </dl>
    </header>
  );
}

function OrderPayment({ order }: { order: StoreOrder }) {
  const { t, money } = useI18n();
  return (
    <>
      <h3>{t('orders.payment')}</h3>
      <dl class="totals">
        {order.payments.map((p, i) => (
          <div key={i} data-testid="order-payment" data-status={p.status}>
            <dt>
              {t(`orders.method.${p.method}`)} ·{' '}
              <span class={p.status === 'pending' ? 'stock-none' : ''}>{t(`orders.paymentStatus.${p.status}`)}</span>
            </dt>
            <dd>{money(p.amount, order.currency)}</dd>
          </div>
        ))}
        <div class="total">
          <dt>{t('orders.total')}</dt>
          <dd data-testid="order-total">{money(order.totals.total, order.currency)}</dd>
        </div>
      </dl>
    </>
  );
}
