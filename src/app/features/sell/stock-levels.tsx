import { map } from 'rxjs';
import { stockLevelId, type StockLevel } from '../../../domain/index.js';
import type { VitrineDatabase } from '../../db/database.js';
import { useI18n } from '../../i18n/index.js';
import { useObservable } from '../../ui/hooks.js';

/** The store's live stock levels of these SKUs (by SKU): they change on screen as the server's levels replicate in. */
export function useStockLevels(db: VitrineDatabase, storeId: string, skus: readonly string[]): Map<string, StockLevel> {
  const key = skus.join(',');
  return useObservable<Map<string, StockLevel>>(
    () =>
      skus.length
        ? db.stock.findByIds(skus.map((sku) => stockLevelId(storeId, sku))).$.pipe(
            map((docs) => new Map([...docs.values()].map((d) => [d.sku, d.toJSON() as StockLevel]))),
          )
        : null,
    new Map(),
    [key, db, storeId],
  );
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
