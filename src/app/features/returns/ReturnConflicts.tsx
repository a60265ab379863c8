import { map } from 'rxjs';
import type { ReturnRecorded, StaffMember, Store } from '../../../domain/index.js';
import { useApp } from '../../context.js';
import type { MessageKey } from '../../i18n/catalog.js';
import { useI18n } from '../../i18n/index.js';
import { Button } from '../../ui/Button.js';
import { useObservable } from '../../ui/hooks.js';
import { conflictOf } from './returns-data.js';

function useNames() {
  const { db, enrollment } = useApp();
  const { t } = useI18n();
  const staff = useObservable<ReadonlyMap<string, StaffMember>>(
    () => db.staff.find().$.pipe(map((docs) => new Map(docs.map((d) => [d.id, d.toJSON() as StaffMember] as const)))),
    new Map(),
    [db],
  );
  const stores = useObservable<ReadonlyMap<string, Store>>(
    () => db.stores.find().$.pipe(map((docs) => new Map(docs.map((d) => [d.id, d.toJSON() as Store] as const)))),
    new Map(),
    [db],
  );
  return {
    person: (id: string | null) => (id ? (staff.get(id)?.name ? `${staff.get(id)!.name} (${id})` : id) : '?'),
    store: (id: string | null) => (id ? (stores.get(id)?.name ?? id) : '?'),
    // Other devices' names do not replicate: "another device" reads better than its id (kept in the server's reason).
    device: (id: string | null) =>
      id === enrollment.deviceId ? `${enrollment.deviceName} (${t('returns.conflicts.thisDevice')})` : t('returns.conflicts.otherDevice'),
  };
}

/**
 * One return the server refused: the earlier return that took the units first (who, when, in which store, on which
 * device), the refund this device handed over (kept, never dropped: the manager follows it up with the customer),
 * who took this one and the server's own words.
 */
export function ReturnConflictCard({ fact, number, onOpen }: { fact: ReturnRecorded; number?: string; onOpen?: () => void }) {
  const { t, money, dateTime } = useI18n();
  const names = useNames();
  const first = conflictOf(fact.outcome?.message);
  const refund = fact.payload.refund.tenders.map((x) => `${t(`returns.tender.${x.kind}` as MessageKey)} ${money(x.amount)}`).join(' + ');
  return (
    <section
      class="conflict returns-conflict"
      role="alert"
      data-testid="return-conflict"
      data-return-id={fact.id}
      data-code={fact.outcome?.code ?? ''}
    >
      <h3>
        ⚠ {t(`returns.conflicts.code.${fact.outcome?.code ?? 'other'}` as MessageKey)}
        {number && ` · ${number}`}
      </h3>
      {first && (
        <p data-testid="return-conflict-first">
          {t('returns.conflicts.first', {
            who: names.person(first.associateId),
            store: names.store(first.storeId),
            device: names.device(first.deviceId),
            time: first.at ? dateTime(first.at) : '?',
          })}
        </p>
      )}
      <p class="returns-conflict-refund" data-testid="return-conflict-refund">
        <strong>{t('returns.conflicts.refund', { amount: refund || money(0) })}</strong>
      </p>
      <p class="muted" data-testid="return-conflict-mine">
        {t('returns.conflicts.by', {
          who: names.person(fact.associateId),
          device: names.device(fact.deviceId),
          time: dateTime(fact.createdAtDevice),
        })}
      </p>
      <p class="muted conflict-detail" data-testid="return-conflict-message">
        {t('returns.conflicts.reason', { message: `${fact.outcome?.code ?? ''} · ${fact.outcome?.message ?? ''}` })}
      </p>
      {onOpen && (
        <Button onClick={onOpen} data-testid="return-conflict-open">
          {t('returns.conflicts.open')}
        </Button>
      )}
    </section>
  );
}

/** The store's returns the server refused, newest first, for a manager to follow up (the refund is visible on each). */
export function ReturnConflicts({ returns }: { returns: readonly ReturnRecorded[] }) {
  const { t } = useI18n();
  const { navigate } = useApp();
  const refused = returns.filter((r) => r.outcome?.status === 'rejected');
  if (refused.length === 0) return null;
  return (
    <section class="returns-conflicts" aria-labelledby="returns-conflicts-title" data-testid="returns-conflicts">
      <h3 id="returns-conflicts-title">{t('returns.conflicts.title')}</h3>
      <p class="muted">{t('returns.conflicts.intro')}</p>
      {refused.map((r) => (
        <ReturnConflictCard key={r.id} fact={r} onOpen={() => navigate({ name: 'return-receipt', returnId: r.id })} />
      ))}
    </section>
  );
}
