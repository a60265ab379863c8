import { useEffect, useState } from 'preact/hooks';
import { map } from 'rxjs';
import {
  CONSENT_CHANNELS,
  CONSENT_PURPOSES,
  displayPhone,
  type ConsentChannel,
  type ConsentPurpose,
  type CustomerProfile,
  type Order,
  type Sale,
} from '../../../domain/index.js';
import { useApp } from '../../context.js';
import { useI18n } from '../../i18n/index.js';
import { Button } from '../../ui/Button.js';
import { useObservable } from '../../ui/hooks.js';
import { addCustomerNote, changeConsent, customerSales$, purchaseSummary, type CustomerRecorder } from './customer-data.js';
import { CustomerForm } from './CustomerForm.js';
import { CustomerPrivacyPanel } from './CustomerPrivacyPanel.js';
import { recordCustomerViewed } from './customer-viewed.js';
import { CustomerClienteling } from './CustomerClienteling.js';
import { Profile360Figures } from './Profile360Figures.js';

/** "529.982.247-25" from its digits. */
const formatCpf = (d: string) => `${d.slice(0, 3)}.${d.slice(3, 6)}.${d.slice(6, 9)}-${d.slice(9)}`;

/**
 * A customer's profile on the device: contact, sizes and tags, consent per channel and purpose (with when and how,
 * and one tap to record a new decision), notes (who, when; add one), and their purchases in this store from the
 * local `sales` (those of every id merged into them too).
 */
export function CustomerProfileView({ profile, pending }: { profile: CustomerProfile; pending: boolean }) {
  const { db, store, enrollment, session, navigate } = useApp();
  const { t, money, dateTime, shortDateTime } = useI18n();
  const by: CustomerRecorder = { db, storeId: store.id, deviceId: enrollment.deviceId, staffId: session.staffId };
  const sales = useObservable<Sale[]>(() => customerSales$(db, profile), [], [db, profile.id, profile.mergedFrom.join()]);
  const staffNames = useObservable<ReadonlyMap<string, string>>(
    () => db.staff.find().$.pipe(map((docs) => new Map(docs.map((d) => [d.id, d.name] as const)))),
    new Map(),
    [db],
  );
  // The access log: one customer.viewed fact each time a profile is opened (not on every re-render).
  useEffect(() => void recordCustomerViewed(by, profile.id), [profile.id]);
  const [note, setNote] = useState('');
  const [editing, setEditing] = useState(false);
  const [noteError, setNoteError] = useState(false);
  const none = t('customers.profile.none');

  const addNote = async () => {
    if (!note.trim()) {
      setNoteError(true);
      return;
    }
    await addCustomerNote(by, profile.id, note.trim());
    setNote('');
  };
  const consentOf = (channel: ConsentChannel, purpose: ConsentPurpose) =>
    profile.consents.find((c) => c.channel === channel && c.purpose === purpose);

  return (
    <article class="customer-profile" aria-labelledby="customer-name" data-testid="customer-profile" data-customer-id={profile.id}>
      <header class="customer-profile-header">
        <h2 id="customer-name" data-testid="customer-profile-name">
          {profile.name}
        </h2>
        {pending && (
          <span class="badge badge-pending" data-testid="customer-pending">
            {t('customers.pending')}
          </span>
        )}
        <p class="muted">{t('customers.profile.since', { date: shortDateTime(profile.createdAt) })}</p>
        {profile.mergedFrom.length > 0 && (
          <p class="muted" data-testid="customer-merged">
            {t('customers.mergedNote', { count: profile.mergedFrom.length })}
          </p>
        )}
      </header>

      <Profile360Figures profile={profile} sales={sales} />

      {editing && <CustomerForm idPrefix="customer-edit" editing={profile} onCancel={() => setEditing(false)} onSaved={() => setEditing(false)} />}
      <section aria-labelledby="customer-contact-title" hidden={editing}>
        <h3 id="customer-contact-title">
          {t('customers.profile.contact')}{' '}
          <Button variant="ghost" onClick={() => setEditing(true)} data-testid="customer-edit">
            {t('customers.edit')}
          </Button>
        </h3>
        <dl class="customer-facts">
          <dt>{t('customers.profile.phone')}</dt>
          <dd data-testid="customer-profile-phone">{profile.phone ? displayPhone(profile.phone) : none}</dd>
          <dt>{t('customers.profile.email')}</dt>
          <dd data-testid="customer-profile-email">{profile.email ?? none}</dd>
          {profile.nationalId && (
            <>
              <dt>{t('customers.profile.cpf')}</dt>
              <dd>{formatCpf(profile.nationalId.number)}</dd>
            </>
          )}
          <dt>{t('customers.profile.birthday')}</dt>
          <dd>{profile.birthday ?? none}</dd>
          <dt>{t('customers.profile.sizes')}</dt>
          <dd>{profile.sizes.length > 0 ? profile.sizes.map((s) => `${s.category} ${s.size}`).join(' · ') : none}</dd>
          <dt>{t('customers.profile.tags')}</dt>
          <dd>{profile.tags.length > 0 ? profile.tags.join(', ') : none}</dd>
        </dl>
      </section>

      <section aria-labelledby="customer-consent-title">
        <h3 id="customer-consent-title">{t('customers.consent.title')}</h3>
        <table class="customer-consent-table" data-testid="customer-consents">
          <caption class="muted">{t('customers.consent.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('customers.consent.channel')}</th>
              {CONSENT_PURPOSES.map((purpose) => (
                <th key={purpose} scope="col">
                  {t(`customers.consent.${purpose}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {CONSENT_CHANNELS.map((channel) => (
              <tr key={channel}>
                <th scope="row">{t(`customers.consent.${channel}`)}</th>
                {CONSENT_PURPOSES.map((purpose) => {
                  const decision = consentOf(channel, purpose);
                  const state = decision ? (decision.given ? 'given' : 'withdrawn') : 'never';
                  const labels = { channel: t(`customers.consent.${channel}`), purpose: t(`customers.consent.${purpose}`) };
                  return (
                    <td key={purpose} data-testid="customer-consent" data-channel={channel} data-purpose={purpose} data-state={state}>
                      <span class={`consent consent-${state}`}>{t(`customers.consent.${state}`)}</span>
                      {decision && (
                        <span class="muted consent-detail">
                          {t('customers.consent.detail', {
                            when: dateTime(decision.decidedAt),
                            how: t(`customers.consent.method.${decision.method}`),
                          })}
                        </span>
                      )}
                      <Button
                        class="consent-toggle"
                        data-testid="customer-consent-toggle"
                        aria-label={t(decision?.given ? 'customers.consent.withdraw' : 'customers.consent.give', labels)}
                        onClick={() => void changeConsent(by, profile.id, { channel, purpose, given: !decision?.given, method: 'in_store' })}
                      >
                        {t(decision?.given ? 'customers.consent.withdrawShort' : 'customers.consent.giveShort')}
                      </Button>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="customer-notes-title">
        <h3 id="customer-notes-title">{t('customers.notes.title')}</h3>
        {profile.notes.length === 0 ? (
          <p class="empty">{t('customers.notes.empty')}</p>
        ) : (
          <ul class="customer-notes" data-testid="customer-notes">
            {[...profile.notes].reverse().map((n) => (
              <li key={n.id} data-testid="customer-note">
                <p>{n.text}</p>
                <p class="muted">{t('customers.notes.by', { who: staffNames.get(n.by) ?? n.by, when: dateTime(n.at) })}</p>
              </li>
            ))}
          </ul>
        )}
        <form
          class="customer-note-form"
          onSubmit={(e) => {
            e.preventDefault();
            void addNote();
          }}
        >
          <label for="customer-note-input">{t('customers.notes.label')}</label>
          <textarea
            id="customer-note-input"
            data-testid="customer-note-input"
            rows={2}
            maxLength={1000}
            placeholder={t('customers.notes.placeholder')}
            value={note}
            aria-invalid={noteError ? 'true' : undefined}
            aria-describedby={noteError ? 'customer-note-error' : undefined}
            onInput={(e) => {
              setNote((e.target as HTMLTextAreaElement).value);
              setNoteError(false);
            }}
          />
          {noteError && (
            <p id="customer-note-error" class="field-error" role="alert">
              {t('customers.notes.required')}
            </p>
          )}
          <Button type="submit" data-testid="customer-note-add">
            {t('customers.notes.add')}
          </Button>
        </form>
      </section>

      <CustomerClienteling profile={profile} by={by} />

      <OnlineOrders profile={profile} />

      <section aria-labelledby="customer-sales-title">
        <h3 id="customer-sales-title">{t('customers.sales.title')}</h3>
        {sales.length > 0 && <PurchaseFigures sales={sales} />}
        {sales.length === 0 ? (
          <p class="empty">{t('customers.sales.empty')}</p>
        ) : (
          <ul class="customer-sales" data-testid="customer-sales">
            {sales.map((sale) => (
              <li key={sale.id} data-testid="customer-sale" data-sale-id={sale.id}>
                <button type="button" class="customer-sale-link" onClick={() => navigate({ name: 'receipt', saleId: sale.id })}>
                  <span>{t('customers.sales.row', { receipt: sale.receiptNumber })}</span>
                  <span class="muted">{shortDateTime(sale.createdAtDevice)}</span>
                  <strong>{money(sale.totals.total)}</strong>
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
      {!pending && <CustomerPrivacyPanel profile={profile} />}
    </article>
  );
}

/** Lifetime value, visits, average basket and last visit in this store. */
function PurchaseFigures({ sales }: { sales: readonly Sale[] }) {
  const { t, money, shortDateTime } = useI18n();
  const summary = purchaseSummary(sales);
  return (
    <dl class="customer-facts" data-testid="customer-purchase-summary" data-total={summary.total} data-count={summary.count}>
      <dt>{t('customers.sales.total')}</dt>
      <dd>{money(summary.total)}</dd>
      <dt>{t('customers.sales.count')}</dt>
      <dd>{summary.count}</dd>
      <dt>{t('customers.sales.average')}</dt>
      <dd>{money(summary.average)}</dd>
      <dt>{t('customers.sales.last')}</dt>
      <dd>{summary.lastAt ? shortDateTime(summary.lastAt) : t('customers.profile.none')}</dd>
    </dl>
  );
}

/**
 * The online orders matched to the customer at intake (from the profile's history, of every id merged into it), with
 * the order's number and state when it is one this device holds (a pickup here), else when it was placed.
 */
function OnlineOrders({ profile }: { profile: CustomerProfile }) {
  const { db } = useApp();
  const { t, shortDateTime } = useI18n();
  const matched = profile.history.filter((e) => e.kind === 'order_matched' && e.ref !== null);
  const orderIds = matched.map((e) => e.ref!);
  const orders = useObservable<ReadonlyMap<string, Order>>(
    () => db.orders.findByIds(orderIds).$.pipe(map((found) => new Map([...found.values()].map((d) => [d.id, d.toJSON() as Order] as const)))),
    new Map(),
    [db, orderIds.join()],
  );
  if (matched.length === 0) return null;
  return (
    <section aria-labelledby="customer-orders-title">
      <h3 id="customer-orders-title">{t('customers.orders.title')}</h3>
      <ul class="customer-sales" data-testid="customer-orders">
        {[...matched].reverse().map((e) => {
          const order = orders.get(e.ref!);
          return (
            <li key={e.id} data-testid="customer-order" data-order-id={e.ref}>
              {order ? t('customers.orders.row', { number: order.number, state: t(`orders.state.${order.state}`) }) : t('customers.orders.placed')}
              <span class="muted"> · {shortDateTime(order?.placedAt ?? e.at)}</span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
