import {
  applyMovement,
  checkAssociate,
  DomainError,
  ErrorCode,
  stockLevelId,
  verifySale,
  type Clock,
  type Outcome,
  type Product,
  type Sale,
  type StaffMember,
  type StockLevel,
  type StockMovement,
} from '../../src/domain/index.js';
import type { Change } from '../feed/change-feed.js';
import type { DeviceRecord, StoredDocument, StoreTx } from '../store/store.js';
import type { PushRow } from './push.js';

/**
 * Applying pushed sales: a sale is an immutable fact. The server decides its outcome once (accepted or rejected by
 * the shared domain rules), and records it together with its stock effects in the caller's transaction.
 */

/** Refuses the whole batch when any sale claims another store or another device. */
export function authorizeSales(rows: readonly PushRow<Sale>[], device: DeviceRecord): void {
  const fieldErrors = rows.flatMap(({ newDocumentState: sale }, i) => [
    ...(sale.storeId === device.storeId ? [] : [{ path: `${i}.newDocumentState.storeId`, message: `this device belongs to store ${device.storeId}` }]),
    ...(sale.deviceId === device.id ? [] : [{ path: `${i}.newDocumentState.deviceId`, message: 'a device can only push its own sales' }]),
  ]);
  if (fieldErrors.length > 0) {
    throw new DomainError(ErrorCode.FORBIDDEN, 'sales may only be pushed by the device that made them, for its own store', fieldErrors);
  }
}

export interface ApplyResult {
  /** Stored masters the device must adopt (a sale it pushed again, already decided). */
  conflicts: StoredDocument[];
  changes: Change[];
}

export async function applySales(tx: StoreTx, rows: readonly PushRow<Sale>[], device: DeviceRecord, clock: Clock): Promise<ApplyResult> {
  const conflicts: StoredDocument[] = [];
  let changedSales = false;
  let changedStock = false;
  const store = await tx.getStore(device.storeId);
  if (!store) throw new DomainError(ErrorCode.INTERNAL, `store ${device.storeId} of device ${device.id} is missing`);

  for (const { newDocumentState } of rows) {
    const existing = await tx.getDocument('sales', newDocumentState.id);
    if (existing && existing.storeId !== device.storeId) {
      // Never answer another store's sale as a conflict: that would hand its contents to this device.
      throw new DomainError(ErrorCode.FORBIDDEN, 'this sale id is already taken', [{ path: 'newDocumentState.id', message: 'sale id already taken' }]);
    }
    if (existing) {
      // Sales are immutable: a second push changes nothing. Answer the master when the device's copy differs
      // (it lacks the outcome), so RxDB's conflict handler adopts the server's version.
      if (!sameJson(JSON.parse(existing.body), newDocumentState)) conflicts.push(existing);
      continue;
    }
    const { outcome: _ignored, ...sale } = newDocumentState;
    const decidedAt = clock().toISOString();
    const skus = [...new Set(sale.lines.map((l) => l.sku))];
    const products = new Map(
      (await tx.getDocuments('products', skus)).filter((d) => !d.deleted).map((d) => {
        const p = JSON.parse(d.body) as Product;
        return [p.sku, p] as const;
      }),
    );
    // The domain rules first, then who rang it up: an associate deactivated (or a role changed) while the till was
    // offline gets the sale recorded as rejected, shown on the device, never dropped.
    const staffDoc = await tx.getDocument('staff', sale.associateId);
    const staff = staffDoc && !staffDoc.deleted ? (JSON.parse(staffDoc.body) as StaffMember) : undefined;
    const checked = verifySale(sale, store, products);
    const verdict = checked.ok ? checkAssociate(staff, sale) : checked;
    const outcome: Outcome = verdict.ok
      ? { status: 'accepted', code: null, message: null, decidedAt }
      : { status: 'rejected', code: verdict.error.code, message: verdict.error.message.slice(0, 500), decidedAt };
    await tx.putDocuments([{ collection: 'sales', id: sale.id, storeId: sale.storeId, body: { ...sale, outcome } }]);
    changedSales = true;
    if (verdict.ok) changedStock = (await recordSaleMovements(tx, sale, decidedAt)) || changedStock;
  }

  const changes: Change[] = [];
  if (changedSales) changes.push({ collection: 'sales', storeId: device.storeId });
  if (changedStock) changes.push({ collection: 'stock', storeId: device.storeId });
  return { conflicts, changes };
}

/** One movement per line (id `${saleId}:${lineNo}`, so re-applying is a no-op) and the new level per line. */
async function recordSaleMovements(tx: StoreTx, sale: Sale, at: string): Promise<boolean> {
  let changed = false;
  for (const line of sale.lines) {
    const movement: StockMovement = {
      id: `${sale.id}:${line.lineNo}`,
      storeId: sale.storeId,
      sku: line.sku,
      quantity: -line.quantity,
      reason: 'sale',
      sourceId: sale.id,
      recordedAt: at,
    };
    const [inserted] = await tx.insertMovements([movement]);
    if (!inserted) continue;
    const levelId = stockLevelId(sale.storeId, line.sku);
    const current = await tx.getDocument('stock', levelId);
    const level = applyMovement(current ? (JSON.parse(current.body) as StockLevel) : undefined, movement, at);
    await tx.putDocuments([{ collection: 'stock', id: levelId, storeId: sale.storeId, body: level }]);
    changed = true;
  }
  return changed;
}

/** Structural equality of two JSON values, ignoring key order. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
