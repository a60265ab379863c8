import { useEffect, useState } from 'preact/hooks';
import { map } from 'rxjs';
import {
  openTransfersForCustomer,
  profile360,
  type CustomerProfile,
  type Fact,
  type Order,
  type Sale,
  type Transfer,
} from '../../../domain/index.js';
import { useApp } from '../../context.js';
import { useI18n } from '../../i18n/index.js';
import { storeNames$ } from '../../db/store-settings.js';
import { useObservable } from '../../ui/hooks.js';
import { transfers$ } from '../transfers/transfer-data.js';
import { storeCountry } from './customer-data.js';
import { otherStorePurchases, type PurchasesAnswer } from './other-store-purchases.js';

/**
 * The 360° figures on top of a profile: lifetime value, visits, average basket, last visit; this store's purchases,
 * the online orders matched to the customer (open ones and pickups), returns and refunds, from what this device holds;
 * purchases in the chain's other stores from the server (amounts only), or its last answer with its age when offline.
 * With neither, the figure says it is not known rather than counting them as none.
 */
export function Profile360Figures({ profile, sales }: { profile: CustomerProfile; sales: readonly Sale[] }) {
  const { db, store, baseUrl, enrollment } = useApp();
  const { t, money, shortDateTime, relative } = useI18n();
  const [elsewhere, setElsewhere] = useState<PurchasesAnswer | null>(null);
  useEffect(() => {
    let live = true;
    setElsewhere(null);
    otherStorePurchases(db, profile.id, { baseUrl, token: enrollment.token }).then(
      (answer) => live && setElsewhere(answer),
      () => undefined, // offline with nothing saved, or erased: "not known on this device"
    );
    return () => {
      live = false;
    };
  }, [db, baseUrl, enrollment.token, profile.id]);
  const orderIds = profile.history.flatMap((e) => (e.kind === 'order_matched' && e.ref !== null ? [e.ref] : []));
  const orders = useObservable<Order[]>(
    () => db.orders.findByIds(orderIds).$.pipe(map((found) => [...found.values()].map((d) => d.toJSON() as Order))),
    [],
    [db, orderIds.join()],
  );
  const holds = useObservable<Transfer[]>(
    () => transfers$(db).pipe(map((list) => openTransfersForCustomer(list, profile, store.id, storeCountry(store)))),
    [],
    [db, profile.phone, store],
  );
  const storeNames = useObservable<Map<string, string>>(() => storeNames$(db), new Map(), [db]);
  const returns = useObservable<Fact[]>(
    () => db.facts.find({ selector: { kind: 'return.recorded' } }).$.pipe(map((docs) => docs.map((d) => d.toJSON() as Fact))),
    [],
    [db],
  );
  const otherStores = elsewhere?.answer.currency === store.currency ? elsewhere.answer.summary : null;
  const f = profile360({ currency: store.currency, sales, otherStores, orders, returns });
  const cell = (label: string, value: string, testId: string, extra: Record<string, string | number> = {}) => (
    <div>
      <dt>{label}</dt>
      <dd data-testid={testId} {...extra}>
        {value}
      </dd>
    </div>
  );
  return (
    <section aria-labelledby="p360-title">
      <h3 id="p360-title">{t('p360.title')}</h3>
      <dl class="p360" data-testid="customer-360">
        {cell(t('p360.lifetimeValue'), money(f.lifetimeValue), 'p360-ltv', { 'data-value': f.lifetimeValue })}
        {cell(t('p360.visits'), String(f.visits), 'p360-visits', { 'data-value': f.visits })}
        {cell(t('p360.averageBasket'), money(f.averageBasket), 'p360-average', { 'data-value': f.averageBasket })}
        {cell(t('p360.lastVisit'), f.lastVisit ? shortDateTime(f.lastVisit) : t('p360.never'), 'p360-last-visit')}
        {cell(t('p360.thisStore'), t('p360.purchases', { count: f.storeSales.count, total: money(f.storeSales.total) }), 'p360-store')}
        {cell(
          t('p360.otherStores'),
          f.otherStores
            ? t('p360.purchases', { count: f.otherStores.count, total: money(f.otherStores.total) }) +
                (elsewhere?.source === 'saved' ? ` · ${t('p360.savedAnswer', { age: relative(elsewhere.fetchedAt, Date.now()) })}` : '')
            : t('p360.otherStoresUnknown'),
          'p360-other-stores',
          { 'data-source': elsewhere?.source ?? 'none', 'data-count': f.otherStores?.count ?? -1 },
        )}
        {cell(t('p360.online'), t('p360.purchases', { count: f.online.count, total: money(f.online.total) }), 'p360-online')}
        {cell(t('p360.openOrders'), String(f.openOrders), 'p360-open-orders')}
        {cell(t('p360.pickups'), String(f.pickups), 'p360-pickups')}
        <div>
          <dt>{t('p360.holds')}</dt>
          <dd data-testid="p360-holds" data-value={holds.length}>
            {holds.length === 0
              ? '0'
              : holds.map((h) => (
                  <span key={h.id} class="p360-hold" data-testid="p360-hold" data-transfer-id={h.id}>
                    {t(h.mode === 'hold' ? 'p360.holdAt' : 'p360.shipmentFrom', {
                      sku: h.sku,
                      quantity: h.quantity,
                      store: storeNames.get(h.fromStoreId) ?? h.fromStoreId,
                      until: h.holdUntil ? shortDateTime(h.holdUntil) : '',
                    })}
                  </span>
                ))}
          </dd>
        </div>
        {cell(t('p360.returns'), t('p360.refunded', { count: f.returns.count, total: money(f.returns.refunded) }), 'p360-returns')}
      </dl>
    </section>
  );
}
