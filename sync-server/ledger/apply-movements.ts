import { foldMovements, type StockLevel, type StockMovement } from '../../src/domain/index.js';
import type { DocumentWrite, StoreTx } from '../store/store.js';

/**
 * The one way stock changes on the server: sales, reservations, releases, picks, collections, returns, transfers and
 * adjustments all record ledger movements through here, inside the caller's transaction. A movement whose id was
 * already recorded is skipped (re-applying a fact is a no-op); the levels it touches are read with the insert, in one
 * round trip, and written once each, in their final state. Answers the movements actually applied.
 */
export async function applyMovements(tx: StoreTx, movements: readonly StockMovement[]): Promise<StockMovement[]> {
  const { applied, levels } = await recordMovements(tx, movements);
  await tx.putDocuments(levels);
  return applied;
}

/**
 * `applyMovements` without the levels' write: the caller writes `levels` with its own documents, in the same
 * `putDocuments` (the fact engine: one round trip less per push inside the seq lock). Nothing else may write those
 * stock levels in between: they were read before the movements.
 */
export async function recordMovements(
  tx: StoreTx,
  movements: readonly StockMovement[],
): Promise<{ applied: StockMovement[]; levels: DocumentWrite[] }> {
  if (movements.length === 0) return { applied: [], levels: [] };
  const recorded = await tx.recordMovements(movements);
  const applied = movements.filter((_, i) => recorded.inserted[i]);
  if (applied.length === 0) return { applied, levels: [] };
  const stored = new Map(recorded.levels.map((d) => [d.id, JSON.parse(d.body) as StockLevel]));
  const next = foldMovements(stored, applied);
  return { applied, levels: [...next.values()].map((level) => ({ collection: 'stock', id: level.id, storeId: level.storeId, body: level })) };
}
