import { draftSaleVoided, newId, systemClock, type Fact, type SaleVoidReason, type VoidedLine } from '../../../domain/index.js';
import type { VitrineDatabase } from '../../db/database.js';
import type { CartLine } from './cart.js';

/**
 * Units rung up and taken off again, between the cart before and after a change: a line removed, or its quantity
 * lowered, is voided by whoever made the change. Adding never voids anything.
 */
export function voidedBetween(before: readonly CartLine[], after: readonly CartLine[], voidedBy: string): VoidedLine[] {
  return before.flatMap((line) => {
    const left = after.find((l) => l.sku === line.sku)?.quantity ?? 0;
    const quantity = line.quantity - left;
    return quantity > 0 ? [{ sku: line.sku, name: line.name, quantity, unitPrice: line.unitPrice, voidedBy }] : [];
  });
}

/** Every line of the sale as voided by `voidedBy`: what a whole-sale void records beside the lines voided earlier. */
export const asVoided = (lines: readonly CartLine[], voidedBy: string): VoidedLine[] => voidedBetween(lines, [], voidedBy);

export interface SaleVoidRecord {
  db: VitrineDatabase;
  storeId: string;
  deviceId: string;
  associateId: string;
  shiftId: string | null;
  lines: readonly VoidedLine[];
  total: number;
  reason: SaleVoidReason;
}

/** Writes the `sale.voided` fact on the device; replication pushes it, and the shift's Z report counts it. */
export async function recordSaleVoid({ db, lines, ...rest }: SaleVoidRecord): Promise<void> {
  const fact = draftSaleVoided({ ...rest, lines: [...lines], newId, clock: systemClock });
  await db.facts.insert(fact as Fact);
}
