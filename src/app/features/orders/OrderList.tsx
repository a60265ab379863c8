import { useApp } from '../../context.js';
import { useI18n } from '../../i18n/index.js';
import { OrderStateBadge, ShortfallFlag } from './OrderBadges.js';
import { isOpenOrder, shortfallOf, type OrderFilter, type StoreOrder } from './store-orders.js';

/** The store's orders as large rows: number, state, counter or curbside, promised time (late in red), customer, items. */
export function OrderList({
  orders,
  filter,
  selectedId,
  now,
}: {
  orders: StoreOrder[];
  filter: OrderFilter;
  selectedId: string | null;
  now: number;
}) {
  const { navigate } = useApp();
  const { t, shortDateTime } = useI18n();
  if (orders.length === 0) {
    return (
      <p class="empty" data-testid="orders-empty">
        {t(filter === 'open' ? 'orders.emptyOpen' : 'orders.emptyAll')}
      </p>
    );
  }
  return (
    <ul class="order-list" data-testid="order-list">
      {orders.map((order) => {
        const late = isOpenOrder(order) && Date.parse(order.promisedAt) < now;
        const items = order.lines.reduce((sum, l) => sum + l.quantity, 0);
        const mode = order.fulfilment.type === 'pickup' ? order.fulfilment.mode : null;
        return (
          <li key={order.id} data-testid="order-item" data-order-id={order.id} data-number={order.number} data-state={order.state}>
            <button
              type="button"
              class={`order-row ${order.id === selectedId ? 'order-row-selected' : ''}`}
              aria-current={order.id === selectedId ? 'true' : undefined}
              aria-label={t('orders.open', { number: order.number, name: order.customer.name })}
              onClick={() => navigate({ name: 'order', orderId: order.id })}
            >
              <span class="order-row-top">
                <strong class="order-number">#{order.number}</strong>
                <OrderStateBadge state={order.state} />
                {mode && <span class="order-mode">{t(`orders.mode.${mode}`)}</span>}
              </span>
              <span class={`order-promised ${late ? 'order-late' : ''}`} data-late={String(late)}>
                {late && <strong>{t('orders.late')} · </strong>}
                {t('orders.promised', { time: shortDateTime(order.promisedAt) })}
              </span>
              <span class="order-row-bottom">
                <span class="order-customer">{order.customer.name}</span>
                <span class="muted">{t('orders.items', { count: items })}</span>
                <ShortfallFlag units={shortfallOf(order)} />
              </span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
