import { useEffect, useRef, useState } from 'preact/hooks';
import { map } from 'rxjs';
import { dashboardPeriods, pickupFigures, type PickupFigures } from '../../../domain/index.js';
import { useApp } from '../../context.js';
import { useI18n } from '../../i18n/index.js';
import { Button } from '../../ui/Button.js';
import { useNow, useObservable } from '../../ui/hooks.js';
import type { StoreOrder } from '../orders/store-orders.js';

/**
 * For managers: today's and this week's pickup figures from the orders on this device (so offline too), and the
 * week per day as a small chart whose library loads only when this screen opens.
 */
export function PickupDashboard() {
  const { db, store, navigate } = useApp();
  const { t } = useI18n();
  const orders = useObservable<StoreOrder[] | null>(
    () => db.orders.find().$.pipe(map((docs) => docs.map((d) => d.toMutableJSON() as StoreOrder))),
    null,
    [db],
  );
  const now = useNow(60_000);
  if (orders === null) return null;
  const periods = dashboardPeriods(now, store.timeZone);
  const today = pickupFigures(orders, periods.today);
  const week = pickupFigures(orders, periods.week);
  const days = periods.days.map((p) => pickupFigures(orders, p));
  return (
    <div class="dashboard" data-testid="pickup-dashboard">
      <div class="pickup-toolbar">
        <h2>{t('pickup.dashboard.title')}</h2>
        <Button variant="ghost" onClick={() => navigate({ name: 'pickup-queue' })} data-testid="dashboard-back">
          ← {t('pickup.back')}
        </Button>
      </div>
      <div class="dashboard-body">
        <Figures title={t('pickup.dashboard.today')} figures={today} id="today" />
        <Figures title={t('pickup.dashboard.week')} figures={week} id="week" />
        <WeekChart days={days} periods={periods.days} timeZone={store.timeZone} />
      </div>
    </div>
  );
}

function Figures({ title, figures: f, id }: { title: string; figures: PickupFigures; id: string }) {
  const { t, lang } = useI18n();
  const minutes = (ms: number | null) =>
    ms === null ? '—' : ms < 60_000 ? t('pickup.dashboard.underMinute') : t('pickup.dashboard.minutes', { count: Math.round(ms / 60_000) });
  const pct = f.readied ? new Intl.NumberFormat(lang, { style: 'percent' }).format(f.readyOnTime / f.readied) : '—';
  const rows: [string, string, string][] = [
    ['received', t('pickup.dashboard.received'), String(f.received)],
    ['onTime', t('pickup.dashboard.readyOnTime'), `${f.readyOnTime}/${f.readied} · ${pct}`],
    ['toReady', t('pickup.dashboard.orderToReady'), minutes(f.medianOrderToReadyMs)],
    ['toCollected', t('pickup.dashboard.readyToCollected'), minutes(f.medianReadyToCollectedMs)],
    ['curbWait', t('pickup.dashboard.arrivalToHandoff'), minutes(f.medianArrivalToHandoffMs)],
    ['expired', t('pickup.dashboard.expired'), String(f.expired)],
  ];
  return (
    <section class="panel dashboard-figures" data-testid={`figures-${id}`}>
      <h3>{title}</h3>
      <dl>
        {rows.map(([key, label, value]) => (
          <div key={key} data-figure={key}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function WeekChart({ days, periods, timeZone }: { days: PickupFigures[]; periods: { from: number }[]; timeZone: string }) {
  const { t, lang } = useI18n();
  const target = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState(false);
  const key = JSON.stringify(days.map((d) => [d.received, d.readyOnTime]));
  useEffect(() => {
    let destroy: (() => void) | undefined;
    let live = true;
    const weekday = new Intl.DateTimeFormat(lang, { weekday: 'short', timeZone });
    import('./week-chart.js')
      .then(({ drawWeekChart }) => {
        if (!live || !target.current) return;
        destroy = drawWeekChart(
          target.current,
          {
            labels: periods.map((p) => weekday.format(new Date(p.from + 43_200_000))),
            received: days.map((d) => d.received),
            readyOnTime: days.map((d) => d.readyOnTime),
            names: { received: t('pickup.dashboard.received'), readyOnTime: t('pickup.dashboard.readyOnTime') },
          },
          target.current.clientWidth || 320,
        );
      })
      .catch(() => setFailed(true));
    return () => {
      live = false;
      destroy?.();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, lang]);
  return (
    <section class="panel dashboard-chart">
      <h3>{t('pickup.dashboard.chart')}</h3>
      {failed ? <p class="muted">{t('pickup.dashboard.chartOffline')}</p> : <div ref={target} data-testid="week-chart" />}
    </section>
  );
}
