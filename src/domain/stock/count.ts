import { z } from 'zod';
import { SkuSchema } from '../catalog/schema.js';
import { acceptFact, rejectFact, type Decision } from '../fact/decision.js';
import { defineFactKind, type FactOf } from '../fact/kind.js';
import type { FactState, StockView } from '../fact/state.js';
import { DomainError, ErrorCode } from '../kernel/errors.js';
import { checkAssociate } from '../staff/permissions.js';
import type { StockMovement } from './schema.js';

/**
 * `stock.count`: a manager counted a SKU on the shelf and in the back room (reserved units included, they are on
 * hand). The subject is the SKU; the ledger records an `adjustment` of counted − on hand at the moment the server
 * decides, so sales rung up before the count was pushed are not counted twice.
 */
export const StockCountPayloadSchema = z.object({ counted: z.int().min(0).max(1_000_000) });

export type StockCount = FactOf<typeof SkuSchema, typeof StockCountPayloadSchema>;

export const stockCount = defineFactKind({
  kind: 'stock.count',
  subject: SkuSchema,
  payload: StockCountPayloadSchema,
  movements: (count, stock, at) => countAdjustment(count, stock, at),
});

/** The adjustment that brings on hand to the count; none when they already agree. */
function countAdjustment(count: StockCount, stock: StockView, at: string): StockMovement[] {
  const quantity = count.payload.counted - (stock.level(count.storeId, count.subjectId)?.onHand ?? 0);
  if (quantity === 0) return [];
  return [{ id: `${count.id}:1`, storeId: count.storeId, sku: count.subjectId, quantity, reason: 'adjustment', sourceId: count.id, recordedAt: at }];
}

/** Only an active manager of the store may correct its stock, and only for a SKU the catalog knows. */
export function decideStockCount(count: StockCount, state: FactState, decidedAt: string): Decision {
  const manager = checkAssociate(state.document('staff', count.associateId), count, 'stock.count');
  if (!manager.ok) return rejectFact(manager.error);
  if (!state.document('products', count.subjectId))
    return rejectFact(new DomainError(ErrorCode.UNKNOWN_SKU, `SKU ${count.subjectId} is not in the catalog`));
  return acceptFact({ movements: countAdjustment(count, state, decidedAt) });
}
