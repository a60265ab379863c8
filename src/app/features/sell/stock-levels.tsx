import type { StockLevel } from '../../../domain/index.js';
import type { VitrineDatabase } from '../../db/database.js';
import { optimisticStockLevels$ } from '../../db/optimistic-stock.js';
import { useI18n } from '../../i18n/index.js';
import { useObservable } from '../../ui/hooks.js';

/**
 * The store's live stock levels of these SKUs (by SKU), as this device should show them: the server's levels as they
 * replicate in, plus the effect of this device's own facts still waiting to sync (an offline sale lowers them at once).
 */
export function useStockLevels(db: VitrineDatabase, storeId: string, skus: readonly string[]): Map<string, StockLevel> {
  const key = skus.join(',');
  return useObservable<Map<string, StockLevel>>(() => (skus.length ? optimisticStockLevels$(db, storeId, skus) : null), new Map(), [key, db, storeId]);
}

export function StockCell({ level }: { level: StockLevel | undefined }) {
  const { t } = useI18n();
  if (!level) {
    return (
      <span class="stock stock-unknown" data-testid="stock-level" data-available="">
        {t('sell.stockUnknown')}
      </span>
    );
  }
  const low = level.available <= 0;
  return (
    <span class={`stock ${low ? 'stock-none' : 'stock-ok'}`} data-testid="stock-level" data-available={level.available} data-low={String(low)}>
      {low ? t('sell.stockNone', { count: level.available }) : t('sell.stockAvailable', { count: level.available })}
    </span>
  );
}
