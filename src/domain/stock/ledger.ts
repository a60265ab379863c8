import { stockLevelId, type StockLevel, type StockMovement } from './schema.js';

const ON_HAND_REASONS = new Set(['sale', 'return', 'receipt', 'adjustment', 'collection', 'transfer']);

/** The level after one movement: available = onHand − reserved, flagged (not clamped) below zero. */
export function applyMovement(level: StockLevel | undefined, movement: StockMovement, at: string): StockLevel {
  const onHand = (level?.onHand ?? 0) + (ON_HAND_REASONS.has(movement.reason) ? movement.quantity : 0);
  const reserved = (level?.reserved ?? 0) + (ON_HAND_REASONS.has(movement.reason) ? 0 : movement.quantity);
  const available = onHand - reserved;
  return {
    id: stockLevelId(movement.storeId, movement.sku),
    storeId: movement.storeId,
    sku: movement.sku,
    onHand,
    reserved,
    available,
    belowZero: available < 0,
    // Never earlier than before: a device compares it with an outcome's decidedAt to know whether the level it holds
    // already includes that fact (optimistic.ts), so a server instance whose clock lags must not move it back.
    updatedAt: level && level.updatedAt > at ? level.updatedAt : at,
  };
}

/**
 * Folds movements, in order, into the levels they touch; answers only the levels that changed, each in its final
 * state. The one derivation of levels from the ledger: the server writes what it answers, and a device applies its
 * own pending facts' movements to the replicated levels with it (the optimistic truth).
 */
export function foldMovements(levels: ReadonlyMap<string, StockLevel>, movements: readonly StockMovement[], at?: string): Map<string, StockLevel> {
  const next = new Map<string, StockLevel>();
  for (const m of movements) {
    const id = stockLevelId(m.storeId, m.sku);
    next.set(id, applyMovement(next.get(id) ?? levels.get(id), m, at ?? m.recordedAt));
  }
  return next;
}
