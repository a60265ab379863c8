import { useState } from 'preact/hooks';
import { useApp } from '../../context.js';
import { useI18n } from '../../i18n/index.js';
import { Button } from '../../ui/Button.js';
import { useNow, useObservable } from '../../ui/hooks.js';
import { OrderDetail } from './OrderDetail.js';
import { OrderList } from './OrderList.js';
import { storeOrders$, type OrderFilter, type StoreOrder } from './store-orders.js';

/**
 * The store's online orders: the list beside the chosen order on a landscape tablet; on a phone the list, or the
 * chosen order with a way back.
 */
export function OrdersScreen({ orderId }: { orderId: string | null }) {
  const { db, navigate } = useApp();
  const { t } = useI18n();
  const [filter, setFilter] = useState<OrderFilter>('open');
  const orders = useObservable<StoreOrder[]>(() => storeOrders$(db, filter), [], [db, filter]);
  const now = useNow();
  return (
    <div class={`orders ${orderId ? 'orders-with-detail' : ''}`} data-testid="orders-screen">
      <section class="panel orders-list-panel" aria-labelledby="orders-title">
        <div class="orders-toolbar">
          <h2 id="orders-title">{t('orders.title')}</h2>
          <Button onClick={() => navigate({ name: 'order-lookup' })} data-testid="open-lookup">
            {t('lookup.open')}
          </Button>
        </div>
        <fieldset class="segmented" aria-label={t('orders.filter')}>
          {(['open', 'all'] as const).map((f) => (
            <button
              key={f}
              type="button"
              class={`segment ${filter === f ? 'segment-active' : ''}`}
              aria-pressed={filter === f}
              onClick={() => setFilter(f)}
              data-testid={`orders-filter-${f}`}
            >
              {t(f === 'open' ? 'orders.showOpen' : 'orders.showAll')}
            </button>
          ))}
        </fieldset>
        <OrderList orders={orders} filter={filter} selectedId={orderId} now={now} />
      </section>
      <section class="panel orders-detail-panel" aria-live="polite">
        {orderId ? (
          <>
            <Button variant="ghost" class="orders-back" onClick={() => navigate({ name: 'orders' })} data-testid="orders-back">
              ← {t('orders.back')}
            </Button>
            <OrderDetail orderId={orderId} now={now} />
          </>
        ) : (
          <p class="empty">{t('orders.select')}</p>
        )}
      </section>
    </div>
  );
}
