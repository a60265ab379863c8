import { useApp } from '../../context.js';
import { useI18n } from '../../i18n/index.js';
import { OrderStateBadge } from '../orders/OrderBadges.js';
import type { ShownOrder } from './pickup-data.js';
import { elapsed, isOverdue, waitsForPayment } from './queue.js';

/**
 * The queue as big rows: who, state, counter or curbside, when it is due (overdue in red), how long a waiting
 * customer has waited (ticking), and whether this device has steps of it waiting to sync or refused.
 */
export function QueueList({
  items,
  selectedId,
  taken,
  now,
}: {
  items: ShownOrder[];
  selectedId: string | null;
  /** Orders this device took ("I'm on it") that the replicated order does not show taken yet. */
  taken: Record<string, { staffName: string }>;
  now: number;
}) {
  const { navigate } = useApp();
  const { t, time, relative } = useI18n();
  if (items.length === 0) {
    return (
      <p class="empty" data-testid="pickup-empty">
        {t('pickup.empty')}
      </p>
    );
  }
  return (
    <ul class="pickup-list" data-testid="pickup-queue">
      {items.map(({ order, pending, rejected }) => {
        const waiting = order.state === 'customer_waiting';
        const mode = order.fulfilment.type === 'pickup' ? order.fulfilment.mode : 'counter';
        const overdue = isOverdue(order, now);
        const units = order.lines.reduce((n, l) => n + l.quantity - l.released, 0);
        const takenBy = order.pickup?.takenBy ?? taken[order.id];
        return (
          <li
            key={order.id}
            data-testid="pickup-item"
            data-order-id={order.id}
            data-state={order.state}
            data-pending={pending.length}
            data-rejected={rejected.length}
          >
            <button
              type="button"
              class={`pickup-row ${waiting ? 'pickup-row-waiting' : ''} ${order.id === selectedId ? 'pickup-row-selected' : ''}`}
              aria-current={order.id === selectedId ? 'true' : undefined}
              onClick={() => navigate({ name: 'pickup', orderId: order.id })}
            >
              <span class="pickup-row-top">
                <strong class="pickup-number">{order.number}</strong>
                <OrderStateBadge state={order.state} />
                <span class={`badge pickup-mode pickup-mode-${mode}`}>{t(`orders.mode.${mode}`)}</span>
              </span>
              <span class="pickup-row-mid">
                <span>{order.customer.name}</span>
                <span class="muted"> · {t('orders.items', { count: units })}</span>
              </span>
              <span class="pickup-row-bottom">
                {waiting && order.customerArrivedAt ? (
                  <span class="pickup-waited" data-testid="waited" data-taken={takenBy ? 'yes' : 'no'}>
                    {takenBy
                      ? t('pickup.takenWaiting', { who: takenBy.staffName, time: elapsed(order.customerArrivedAt, now) })
                      : t('pickup.waitingFor', { time: elapsed(order.customerArrivedAt, now) })}
                    {order.pickup?.arrival?.note ? ` · ${order.pickup.arrival.note}` : ''}
                  </span>
                ) : (
                  <span class={overdue ? 'order-late' : 'muted'} data-testid="due">
                    {overdue ? `${t('pickup.overdue')} · ` : ''}
                    {t('pickup.due', { time: time(order.promisedAt), relative: relative(order.promisedAt, now) })}
                  </span>
                )}
                {waitsForPayment(order) && <span class="badge badge-pending">{t('pickup.awaitingPayment')}</span>}
                {pending.length > 0 && (
                  <span class="badge badge-pending" data-testid="row-pending">
                    {t('pickup.pendingShort', { count: pending.length })}
                  </span>
                )}
                {rejected.length > 0 && (
                  <span class="badge badge-rejected" data-testid="row-rejected">
                    ⚠ {t('pickup.conflictShort')}
                  </span>
                )}
              </span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
