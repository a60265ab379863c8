import { useState } from 'preact/hooks';
import { map } from 'rxjs';
import { can } from '../../../domain/index.js';
import { useApp } from '../../context.js';
import { useI18n } from '../../i18n/index.js';
import { Button } from '../../ui/Button.js';
import { useObservable } from '../../ui/hooks.js';
import type { StoreOrder } from '../orders/store-orders.js';
import { takenOrders$, takeOrder, useArrivalAlarm } from './arrival-alert.js';

/**
 * Above every screen of staff who hand orders over: each customer waiting whom nobody on this device has taken, with
 * their spot, ringing until someone taps "I'm on it" (which opens the order). Live from the replicated orders, so it
 * rings within the sync stream's delay of the customer's "I'm here".
 */
export function ArrivalAlarm() {
  const { db, session, navigate } = useApp();
  const { t } = useI18n();
  const allowed = can(session.role, 'pickup.handoff');
  const waiting = useObservable<StoreOrder[]>(
    () =>
      allowed
        ? db.orders
            .find({ selector: { state: 'customer_waiting' }, sort: [{ promisedAt: 'asc' }] })
            .$.pipe(
              map((docs) =>
                docs.map((d) => d.toMutableJSON() as StoreOrder).sort((a, b) => (a.customerArrivedAt ?? '').localeCompare(b.customerArrivedAt ?? '')),
              ),
            )
        : null,
    [],
    [db, allowed],
  );
  const taken = useObservable(() => takenOrders$(db), {}, [db]);
  const alerting = waiting.filter((o) => !taken[o.id]);
  const [rang, setRang] = useState(0);
  useArrivalAlarm(
    alerting.map((o) => o.id),
    () => setRang((n) => n + 1),
  );
  if (alerting.length === 0) return null;
  const take = async (id: string) => {
    await takeOrder(db, id, session.name);
    navigate({ name: 'pickup', orderId: id });
  };
  return (
    <div class="pickup-alert" role="alert" data-testid="arrival-alert" data-rang={rang}>
      {alerting.map((o) => (
        <div key={o.id} class="pickup-alert-row" data-testid="arrival-alert-order" data-order-id={o.id}>
          <span>
            <strong>{t('pickup.alert.waiting', { number: o.number, name: o.customer.name.split(' ')[0]! })}</strong>
            {o.pickup?.arrival?.note && <span class="pickup-alert-note"> · {o.pickup.arrival.note}</span>}
          </span>
          <Button variant="primary" size="large" onClick={() => void take(o.id)} data-testid="take-order">
            {t('pickup.alert.take')}
          </Button>
        </div>
      ))}
    </div>
  );
}
