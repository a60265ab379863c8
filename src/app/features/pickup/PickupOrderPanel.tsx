import { useState } from 'preact/hooks';
import { allowedActions, awaitingPayment, type PickupFactKindName } from '../../../domain/index.js';
import { useApp } from '../../context.js';
import { useI18n } from '../../i18n/index.js';
import { Button } from '../../ui/Button.js';
import { useObservable } from '../../ui/hooks.js';
import { OrderStateBadge } from '../orders/OrderBadges.js';
import { HandoffPanel } from './HandoffPanel.js';
import { PickList } from './PickList.js';
import { pickupOrder$, draftFact, recordPickupStep, type PickupPayloads, type Recorder, type ShownOrder } from './pickup-data.js';
import { elapsed } from './queue.js';
import { Refusals } from './Refusals.js';
import { describeFact, explain, type Explained } from './refusals.js';
import { StepHistory } from './StepHistory.js';

/**
 * One pickup order as this device's own steps make it: what waits to sync, what the server refused (kept on screen
 * with what to do), and only the buttons the transition table allows this role now.
 */
export function PickupOrderPanel({ orderId, now }: { orderId: string; now: number }) {
  const app = useApp();
  const { db, store, enrollment, session } = app;
  const i18n = useI18n();
  const { t, time, relative } = i18n;
  const shown = useObservable<ShownOrder | null | undefined>(() => pickupOrder$(db, store.id, enrollment.deviceId, orderId), undefined, [
    db,
    store.id,
    enrollment.deviceId,
    orderId,
  ]);
  const [feedback, setFeedback] = useState<{ ok: boolean; text: string; refusal?: Explained } | null>(null);
  if (shown === undefined) return null;
  if (shown === null) {
    return (
      <p class="empty" data-testid="pickup-not-found">
        {t('orders.notFound')}
      </p>
    );
  }
  const { order, pending } = shown;
  const allowed = allowedActions({ ...order, integrationId: '', pickupToken: null }, session.role);
  const recorder: Recorder = { db, storeId: store.id, deviceId: enrollment.deviceId, staffId: session.staffId };
  const mode = order.fulfilment.type === 'pickup' ? order.fulfilment.mode : 'counter';

  /** Records a step if the order takes it now; answers whether it was recorded. */
  const record = async <K extends PickupFactKindName>(kind: K, payload: PickupPayloads[K], done: string, item?: string): Promise<boolean> => {
    const decided = await recordPickupStep(recorder, shown, draftFact(recorder, kind, order.id, payload));
    if (decided.ok) setFeedback({ ok: true, text: done });
    else {
      const refusal = explain(i18n, decided.error, order, item);
      setFeedback({ ok: false, text: refusal.what, refusal });
    }
    return decided.ok;
  };

  return (
    <article class="pickup-order" data-testid="pickup-order" data-order-id={order.id} data-state={order.state} data-pending={pending.length}>
      <header class="pickup-order-header">
        <h2 id="pickup-order-title">
          {order.number} <OrderStateBadge state={order.state} />{' '}
          <span class={`badge pickup-mode pickup-mode-${mode}`}>{t(`orders.mode.${mode}`)}</span>
        </h2>
        <p class="pickup-order-meta">
          <strong data-testid="pickup-customer">{order.customer.name}</strong>
          <span class="muted"> · {t('pickup.due', { time: time(order.promisedAt), relative: relative(order.promisedAt, now) })}</span>
        </p>
        {order.state === 'customer_waiting' && order.customerArrivedAt && (
          <p class="pickup-arrival" data-testid="pickup-arrival">
            {order.pickup?.takenBy
              ? t('pickup.takenWaiting', { who: order.pickup.takenBy.staffName, time: elapsed(order.customerArrivedAt, now) })
              : t('pickup.waitingFor', { time: elapsed(order.customerArrivedAt, now) })}
            {order.pickup?.arrival?.note && <strong> · {order.pickup.arrival.note}</strong>}
          </p>
        )}
      </header>

      {pending.length > 0 && (
        <p class="message message-warn pickup-pending" role="status" data-testid="pickup-pending" data-count={pending.length}>
          {t('pickup.pending', { count: pending.length })}
        </p>
      )}
      <Refusals shown={shown} />

      {feedback && (
        <div
          class={`message ${feedback.ok ? 'message-info' : 'message-error'}`}
          role={feedback.ok ? 'status' : 'alert'}
          data-testid="pick-feedback"
          data-outcome={feedback.ok ? 'ok' : 'refused'}
          data-code={feedback.refusal?.code}
        >
          {feedback.text}
          {feedback.refusal && <div class="pickup-next">{feedback.refusal.next}</div>}
        </div>
      )}

      {order.state === 'new' && awaitingPayment({ payments: order.payments }) && (
        <p class="message message-warn" data-testid="awaiting-payment">
          {t('pickup.awaitingPayment')} · {t('pickup.next.payment')}
        </p>
      )}

      {allowed.includes('start') && (
        <div class="pickup-primary">
          <Button
            variant="primary"
            size="large"
            onClick={() => void record('pickup.start', {}, t('pickup.done.started'))}
            data-testid="start-picking"
          >
            {t('pickup.action.start')}
          </Button>
        </div>
      )}

      {order.state === 'picking' && <PickList shown={shown} canShort={allowed.includes('short')} onRecord={record} />}

      {allowed.includes('ready') && (
        <div class="pickup-primary">
          <Button variant="primary" size="large" onClick={() => void record('pickup.ready', {}, t('pickup.done.ready'))} data-testid="mark-ready">
            ✓ {t('pickup.action.ready')}
          </Button>
        </div>
      )}

      {allowed.includes('handoff') && <HandoffPanel shown={shown} onRecord={record} />}

      <StepHistory order={order} />

      {allowed.includes('cancel') && <CancelOrder onCancel={(reason) => record('pickup.cancel', { reason }, t('pickup.done.cancelled'))} />}

      {pending.length > 0 && (
        <details class="pickup-facts">
          <summary>{t('pickup.recordedHere')}</summary>
          <ul>
            {pending.map((f) => (
              <li key={f.id} data-testid="pending-fact" data-kind={f.kind}>
                {describeFact(i18n, f, shown.view.staff.get(f.associateId)?.name)} ·{' '}
                <span class="badge badge-pending">{t('pickup.waitingToSync')}</span>
              </li>
            ))}
          </ul>
        </details>
      )}
    </article>
  );
}

function CancelOrder({ onCancel }: { onCancel: (reason: string) => Promise<boolean> }) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  return (
    <details class="pickup-cancel">
      <summary>{t('pickup.action.cancel')}</summary>
      <form
        class="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (reason.trim()) void onCancel(reason.trim());
        }}
      >
        <div class="field">
          <label for="cancel-reason">{t('pickup.cancelReason')}</label>
          <input id="cancel-reason" value={reason} maxLength={200} onInput={(e) => setReason(e.currentTarget.value)} data-testid="cancel-reason" />
        </div>
        <Button type="submit" variant="danger" disabled={!reason.trim()} data-testid="cancel-order">
          {t('pickup.action.cancelConfirm')}
        </Button>
      </form>
    </details>
  );
}
