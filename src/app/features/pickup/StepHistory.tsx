import { useI18n } from '../../i18n/index.js';
import type { StoreOrder } from '../orders/store-orders.js';

/** Who did each step of the order, and when, from the order's own pickup record (as the server keeps it). */
export function StepHistory({ order }: { order: StoreOrder }) {
  const { t, time } = useI18n();
  const r = order.pickup;
  if (!r) return null;
  const steps: { key: string; text: string }[] = [];
  const by = (s: { staffName: string; at: string }) => t('pickup.history.by', { who: s.staffName, time: time(s.at) });
  if (r.started) steps.push({ key: 'started', text: `${t('pickup.kind.start')} · ${by(r.started)}` });
  for (const s of r.shorts) {
    const line = order.lines.find((l) => l.lineNo === s.lineNo);
    const sub = s.substituteLineNo ? order.lines.find((l) => l.lineNo === s.substituteLineNo) : undefined;
    const text = sub
      ? t('pickup.history.substituted', {
          count: s.quantity,
          item: line?.name ?? '',
          substitute: sub.name,
          channel: t(`pickup.consent.${s.consent?.channel ?? 'in_person'}`),
          note: s.consent?.note || '—',
        })
      : t('pickup.history.short', { count: s.quantity, item: line?.name ?? '' });
    steps.push({ key: `short-${s.factId}`, text: `${text} · ${by(s)}` });
  }
  // Never the pickup code: it is on the device to check the customer's offline, not for staff to read out.
  if (r.ready) steps.push({ key: 'ready', text: `${t('pickup.kind.ready')} · ${by(r.ready)}` });
  if (r.arrival)
    steps.push({
      key: 'arrival',
      text: `${t('pickup.history.arrived', { time: time(r.arrival.at) })}${r.arrival.note ? ` · ${r.arrival.note}` : ''}`,
    });
  if (r.takenBy) steps.push({ key: 'taken', text: `${t('pickup.kind.take')} · ${by(r.takenBy)}` });
  if (r.handoff) {
    const who =
      r.handoff.collector.kind === 'third_party'
        ? t('pickup.handoff.collectedByOther', { name: r.handoff.collector.name })
        : t('pickup.handoff.collectedByCustomer');
    const check =
      r.handoff.check.method === 'photo_id'
        ? t('pickup.history.photoId', { manager: r.handoff.check.managerName, reason: r.handoff.check.reason })
        : t(`pickup.verify.${r.handoff.check.method}`);
    steps.push({
      key: 'handoff',
      text: `${t(r.handoff.partial ? 'pickup.history.partialHandoff' : 'pickup.kind.handoff')} · ${by(r.handoff)} · ${who} · ${check}`,
    });
  }
  if (r.cancelled) steps.push({ key: 'cancelled', text: `${t('pickup.kind.cancel')} · ${by(r.cancelled)} · ${r.cancelled.reason}` });
  if (steps.length === 0) return null;
  return (
    <section class="pickup-history">
      <h3>{t('pickup.history.title')}</h3>
      <ol data-testid="pickup-history">
        {steps.map((s) => (
          <li key={s.key} data-step={s.key}>
            {s.text}
          </li>
        ))}
      </ol>
    </section>
  );
}
