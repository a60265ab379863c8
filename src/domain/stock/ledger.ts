import { stockLevelId, type StockLevel, type StockMovement } from './schema.js';

const ON_HAND_REASONS = new Set(['sale', 'return', 'receipt', 'adjustment']);

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
    updatedAt: at,
  };
}
