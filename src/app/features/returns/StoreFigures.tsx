import { map } from 'rxjs';
import { storeReturnFigures, type ReturnRecorded, type Sale } from '../../../domain/index.js';
import { useApp } from '../../context.js';
import { useI18n } from '../../i18n/index.js';
import { useObservable } from '../../ui/hooks.js';
import { uuidv7Floor } from '../sales/sales-filter.js';

const PERIOD_MS = 30 * 86_400_000;

/**
 * The store's return figure for managers, in the returns screen's header: units returned over units sold in the last
 * 30 days (this store's sales and returns on the device: every till's, once synced) and the top reasons.
 */
export function StoreFigures({ returns }: { returns: readonly ReturnRecorded[] }) {
  const { db, store } = useApp();
  const { t, lang } = useI18n();
  const since = Date.now() - PERIOD_MS;
  const unitsSold = useObservable<number>(
    () =>
      db.sales.find({ selector: { storeId: store.id, id: { $gte: uuidv7Floor(since) } } }).$.pipe(
        map((docs) =>
          docs
            .map((d) => d.toJSON() as Sale)
            .filter((s) => s.outcome?.status !== 'rejected')
            .reduce((a, s) => a + s.lines.reduce((b, l) => b + l.quantity, 0), 0),
        ),
      ),
    0,
    [db, store.id],
  );
  const recent = returns.filter((r) => Date.parse(r.createdAtDevice) >= since);
  const figures = storeReturnFigures(recent, unitsSold);
  const percent = new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 1 }).format(figures.rate);
  return (
    <dl class="returns-figures" aria-label={t('returns.figures.title')} data-testid="returns-figures" data-rate={figures.rate}>
      <div>
        <dt>
          {t('returns.figures.rate')} <span class="muted">({t('returns.figures.title')})</span>
        </dt>
        <dd data-testid="returns-rate">
          {t('returns.figures.rateValue', { rate: percent, returned: figures.unitsReturned, sold: figures.unitsSold })}
        </dd>
      </div>
      <div>
        <dt>{t('returns.figures.topReasons')}</dt>
        <dd data-testid="returns-top-reasons">
          {figures.topReasons.length === 0
            ? t('returns.figures.none')
            : figures.topReasons.map((r) => `${t(`returns.reason.${r.reason}`)} (${r.units})`).join(' · ')}
        </dd>
      </div>
    </dl>
  );
}
