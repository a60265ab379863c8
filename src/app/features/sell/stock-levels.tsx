import type { StockLevel } from '../../../domain/index.js';
import type { VitrineDatabase } from '../../db/database.js';
import { optimisticStockLevels$ } from '../../db/optimistic-stock.js';
import { useObservable } from '../../ui/hooks.js';

/**
 * The store's live stock levels of these SKUs (by SKU), as this device should show them: the server's levels as they
 * replicate in, plus the effect of this device's own facts still waiting to sync (an offline sale lowers them at once).
 */
export function useStockLevels(db: VitrineDatabase, storeId: string, skus: readonly string[]): Map<string, StockLevel> {
  const key = skus.join(',');
  return useObservable<Map<string, StockLevel>>(() => (skus.length ? optimisticStockLevels$(db, storeId, skus) : null), new Map(), [
    key,
    db,
    storeId,
  ]);
}
