import { z } from 'zod';
import { ID_MAX_LENGTH } from '../kernel/ids.js';
import { SkuSchema, StoreIdSchema } from '../catalog/schema.js';

/**
 * 'collection': units a customer took away with a pickup order (on hand −n; its `release` ends their hold).
 * 'transfer': units sent to another store (on hand −n at the sender) or received from one (+n at the receiver).
 */
export const MovementReasonSchema = z.enum(['sale', 'return', 'receipt', 'adjustment', 'reservation', 'release', 'collection', 'transfer']);
export type MovementReason = z.infer<typeof MovementReasonSchema>;

/** One line of the stock ledger. Levels are derived from these; they are never edited directly. */
export const StockMovementSchema = z.object({
  id: z
    .string()
    .min(1)
    .max(ID_MAX_LENGTH + 8),
  storeId: StoreIdSchema,
  sku: SkuSchema,
  /** Change to on-hand (sale −n, return +n, receipt +n) or to reserved (reservation +n, release −n). */
  quantity: z.int().min(-1_000_000).max(1_000_000),
  reason: MovementReasonSchema,
  /** The fact that caused it (a sale id, a receipt id): one movement per fact line, so re-applying is a no-op. */
  sourceId: z.string().min(1).max(ID_MAX_LENGTH),
  recordedAt: z.iso.datetime(),
});
export type StockMovement = z.infer<typeof StockMovementSchema>;

export const StockLevelSchema = z.object({
  /** `${storeId}:${sku}` */
  id: z.string().min(3).max(80),
  storeId: StoreIdSchema,
  sku: SkuSchema,
  onHand: z.int(),
  reserved: z.int().min(0),
  available: z.int(),
  /** Two offline tills can sell the last unit; the level then goes negative and is flagged for a count, never clamped. */
  belowZero: z.boolean(),
  updatedAt: z.iso.datetime(),
});
export type StockLevel = z.infer<typeof StockLevelSchema>;

export const stockLevelId = (storeId: string, sku: string) => `${storeId}:${sku}`;
