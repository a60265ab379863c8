import { useState } from 'preact/hooks';
import { can } from '../../../domain/index.js';
import { useApp } from '../../context.js';
import { useI18n } from '../../i18n/index.js';
import { Button } from '../../ui/Button.js';
import { useObservable } from '../../ui/hooks.js';
import type { StoreOrder } from '../orders/store-orders.js';
import { alertingOrders$, takeOrder, useArrivalAlarm } from './arrival-alert.js';

/**
 * Above every screen of staff who hand orders over: each customer waiting whom nobody has taken, with their spot,
 * ringing until someone taps "I'm on it" (which opens the order) here or on any other device of the store. Live from
 * the replicated orders, so it rings, and stops, within the sync stream's delay.
 */
export function ArrivalAlarm() {
  const { db, session, navigate, store, enrollment } = useApp();
  const { t } = useI18n();
  const allowed = can(session.role, 'pickup.handoff');
  const alerting = useObservable<StoreOrder[]>(() => (allowed ? alertingOrders$(db) : null), [], [db, allowed]);
  const [rang, setRang] = useState(0);
  useArrivalAlarm(
    alerting.map((o) => o.id),
    () => setRang((n) => n + 1),
  );
  if (alerting.length === 0) return null;
  const take = async (order: StoreOrder) => {
    await takeOrder({ db, storeId: store.id, deviceId: enrollment.deviceId, staffId: session.staffId }, order, session.name);
    navigate({ name: 'pickup', orderId: order.id });
  };
  return (
    <div class="pickup-alert" role="alert" data-testid="arrival-alert" data-rang={rang}>
      {alerting.map((o) => (
        <div key={o.id} class="pickup-alert-row" data-testid="arrival-alert-order" data-order-id={o.id}>
          <span>
            <strong>{t('pickup.alert.waiting', { number: o.number, name: o.customer.name.split(' ')[0]! })}</strong>
            {o.pickup?.arrival?.note && <span class="pickup-alert-note"> · {o.pickup.arrival.note}</span>}
          </span>
          <Button variant="primary" size="large" onClick={() => void take(o)} data-testid="take-order">
            {t('pickup.alert.take')}
          </Button>
        </div>
      ))}
    </div>
  );
}
