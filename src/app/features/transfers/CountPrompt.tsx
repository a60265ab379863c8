import { useState } from 'preact/hooks';
import { can, type StockLevel } from '../../../domain/index.js';
import { useApp } from '../../context.js';
import { useI18n } from '../../i18n/index.js';
import { Button } from '../../ui/Button.js';
import { useObservable } from '../../ui/hooks.js';
import { belowZero$, productsOf$, recordCount, type TransferRecorder } from './transfer-data.js';

/**
 * Levels of this store that went below zero (two offline sales of the last unit), offered for a count: a manager
 * types what is on the shelf and in the back room and the server records the difference as an adjustment
 * (`stock.count`). Others see the list and that a manager records it. Nothing shows when no level is below zero.
 */
export function CountPrompt({ by }: { by: TransferRecorder }) {
  const { db, store, session } = useApp();
  const { t } = useI18n();
  const { levels, pendingCounts } = useObservable(() => belowZero$(db, store.id), { levels: [] as StockLevel[], pendingCounts: new Set<string>() }, [
    db,
    store.id,
  ]);
  const products = useObservable(
    () =>
      productsOf$(
        db,
        levels.map((l) => l.sku),
      ),
    new Map(),
    [db, levels.map((l) => l.sku).join()],
  );
  const manager = can(session.role, 'stock.count');
  if (levels.length === 0) return null;
  return (
    <section class="transfer-counts" aria-labelledby="transfer-counts-title" data-testid="count-prompt">
      <h2 id="transfer-counts-title">{t('transfers.counts')}</h2>
      <p class="muted">{t('transfers.countsHint')}</p>
      {!manager && <p class="muted">{t('transfers.countManager')}</p>}
      <ul class="transfer-list">
        {levels.map((level) => (
          <CountRow
            key={level.sku}
            level={level}
            name={products.get(level.sku)?.name ?? level.sku}
            pending={pendingCounts.has(level.sku)}
            manager={manager}
            by={by}
          />
        ))}
      </ul>
    </section>
  );
}

function CountRow({
  level,
  name,
  pending,
  manager,
  by,
}: {
  level: StockLevel;
  name: string;
  pending: boolean;
  manager: boolean;
  by: TransferRecorder;
}) {
  const { t } = useI18n();
  const [counted, setCounted] = useState('');
  const valid = /^\d{1,6}$/.test(counted);
  const id = `count-${level.sku}`;
  return (
    <li class="transfer-card" data-testid="count-level" data-sku={level.sku} data-on-hand={level.onHand}>
      <strong>{t('transfers.countLevel', { name, count: level.onHand })}</strong>
      {pending ? (
        <p class="muted">{t('transfers.countSent')}</p>
      ) : (
        manager && (
          <form
            class="transfer-actions"
            onSubmit={(e) => {
              e.preventDefault();
              if (valid) void recordCount(by, level.sku, Number(counted));
            }}
          >
            <label class="transfer-field" for={id}>
              <span>{t('transfers.counted')}</span>
              <input
                id={id}
                inputMode="numeric"
                value={counted}
                onInput={(e) => setCounted((e.target as HTMLInputElement).value.trim())}
                data-testid="count-input"
              />
            </label>
            <Button type="submit" variant="primary" disabled={!valid} data-testid="count-record">
              {t('transfers.recordCount')}
            </Button>
          </form>
        )
      )}
    </li>
  );
}
