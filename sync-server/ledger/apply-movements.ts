import { foldMovements, stockLevelId, type StockLevel, type StockMovement } from '../../src/domain/index.js';
import type { StoreTx } from '../store/store.js';

/**
 * The one way stock changes on the server: sales, reservations, releases, picks, collections, returns, transfers and
 * adjustments all record ledger movements through here, inside the caller's transaction. A movement whose id was
 * already recorded is skipped (re-applying a fact is a no-op); the levels it touches are read with one query and
 * written once each, in their final state. Answers the movements actually applied.
 */
export async function applyMovements(tx: StoreTx, movements: readonly StockMovement[]): Promise<StockMovement[]> {
  if (movements.length === 0) return [];
  const inserted = await tx.insertMovements(movements);
  const applied = movements.filter((_, i) => inserted[i]);
  if (applied.length === 0) return [];
  const ids = [...new Set(applied.map((m) => stockLevelId(m.storeId, m.sku)))];
  const stored = await tx.getDocuments('stock', ids);
  const levels = new Map(stored.map((d) => [d.id, JSON.parse(d.body) as StockLevel]));
  const next = foldMovements(levels, applied);
  await tx.putDocuments([...next.values()].map((level) => ({ collection: 'stock', id: level.id, storeId: level.storeId, body: level })));
  return applied;
}
