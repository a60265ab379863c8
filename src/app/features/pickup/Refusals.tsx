import { useI18n } from '../../i18n/index.js';
import type { ShownOrder } from './pickup-data.js';
import { describeFact, explain } from './refusals.js';

/**
 * Steps of this device the server rejected, and pending ones it will reject as things stand (another device got
 * there first): each says what happened, naming who and when, what the staff member recorded here (kept, never
 * dropped), the server's code and words, and what to do next.
 */
export function Refusals({ shown }: { shown: ShownOrder }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { rejected, refusedAhead, pending, view } = shown;
  const items = [
    ...rejected.map((fact) => ({ fact, error: { code: fact.outcome!.code ?? '', message: fact.outcome!.message ?? '' }, synced: true })),
    ...refusedAhead.map(({ factId, error }) => ({ fact: pending.find((f) => f.id === factId)!, error, synced: false })),
  ];
  if (items.length === 0) return null;
  return (
    <div class="pickup-conflicts">
      {items.map(({ fact, error, synced }) => {
        const x = explain(i18n, error, shown.server, itemName(fact.payload, view.products));
        return (
          <section
            key={fact.id}
            class="conflict"
            role="alert"
            data-testid="pickup-conflict"
            data-fact-id={fact.id}
            data-code={x.code}
            data-synced={synced}
          >
            <h3>⚠ {x.what}</h3>
            <p class="conflict-mine" data-testid="conflict-mine">
              {t(synced ? 'pickup.conflict.recordedRejected' : 'pickup.conflict.recordedWillFail')}:{' '}
              {describeFact(i18n, fact, view.staff.get(fact.associateId)?.name)}
              {fact.kind === 'pickup.handoff' && ` · ${collectorText(t, fact.payload)}`}
            </p>
            <p class="conflict-next">
              <strong>{t('pickup.conflict.next')}</strong> {x.next}
            </p>
            <p class="muted conflict-detail" data-testid="conflict-message">
              {x.code} · {x.detail}
            </p>
          </section>
        );
      })}
    </div>
  );
}

function itemName(payload: Record<string, unknown>, products: ShownOrder['view']['products']): string | undefined {
  return typeof payload.sku === 'string' ? (products.get(payload.sku)?.name ?? payload.sku) : undefined;
}

function collectorText(t: ReturnType<typeof useI18n>['t'], payload: Record<string, unknown>): string {
  const collector = payload.collector as { kind: string; name?: string } | undefined;
  return collector?.kind === 'third_party'
    ? t('pickup.handoff.collectedByOther', { name: collector.name ?? '' })
    : t('pickup.handoff.collectedByCustomer');
}
