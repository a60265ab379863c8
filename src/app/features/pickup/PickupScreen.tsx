import { useMemo, useState } from 'preact/hooks';
import { can, startOfDay } from '../../../domain/index.js';
import { useApp } from '../../context.js';
import { useI18n } from '../../i18n/index.js';
import { Button } from '../../ui/Button.js';
import { useNow, useObservable } from '../../ui/hooks.js';
import { takenOrders$ } from './arrival-alert.js';
import { PickupOrderPanel } from './PickupOrderPanel.js';
import { PushToggle } from './PushToggle.js';
import { QueueFilters } from './QueueFilters.js';
import { QueueList } from './QueueList.js';
import { pickupQueue$, type ShownOrder } from './pickup-data.js';
import { NO_FILTER, queueOf, type QueueFilter } from './queue.js';

/**
 * The pickup counter and the curbside phone: the queue (customers waiting on top, live) beside the chosen order on
 * a landscape tablet; on a phone the queue, or the chosen order alone. A customer who says "I'm here" rings the
 * device on any screen (ArrivalAlarm) until someone taps "I'm on it".
 */
export function PickupScreen({ orderId }: { orderId: string | null }) {
  const { db, store, enrollment, session, navigate } = useApp();
  const { t } = useI18n();
  const [filter, setFilter] = useState<QueueFilter>(NO_FILTER);
  const shown = useObservable<ShownOrder[] | null>(() => pickupQueue$(db, store.id, enrollment.deviceId), null, [db, store.id, enrollment.deviceId]);
  const taken = useObservable(() => takenOrders$(db), {}, [db]);
  const now = useNow(1_000);
  const endOfToday = startOfDay(now, store.timeZone) + 86_400_000;
  const queue = useMemo(() => queueOf(shown ?? [], filter, now, endOfToday), [shown, filter, now, endOfToday]);

  return (
    <div class={`pickup ${orderId ? 'pickup-with-detail' : ''}`} data-testid="pickup-screen">
      <section class="panel pickup-queue-panel" aria-labelledby="pickup-title">
        <div class="pickup-toolbar">
          <h2 id="pickup-title">{t('pickup.title')}</h2>
          {can(session.role, 'staff.manage') && (
            <Button variant="ghost" onClick={() => navigate({ name: 'pickup-dashboard' })} data-testid="open-dashboard">
              {t('pickup.dashboard.open')}
            </Button>
          )}
        </div>
        <QueueFilters filter={filter} onChange={setFilter} />
        {shown === null ? null : <QueueList items={queue} selectedId={orderId} taken={taken} now={now} />}
        <div class="pickup-push">
          <PushToggle />
        </div>
      </section>
      <section class="panel pickup-detail-panel" aria-live="polite">
        {orderId ? (
          <>
            <Button variant="ghost" class="pickup-back" onClick={() => navigate({ name: 'pickup-queue' })} data-testid="pickup-back">
              ← {t('pickup.back')}
            </Button>
            <PickupOrderPanel orderId={orderId} now={now} />
          </>
        ) : (
          <p class="empty">{t('pickup.select')}</p>
        )}
      </section>
    </div>
  );
}
