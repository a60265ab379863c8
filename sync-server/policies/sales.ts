import {
  checkAssociate,
  DomainError,
  ErrorCode,
  verifySale,
  type Clock,
  type Outcome,
  type Sale,
  type StockMovement,
  type Store,
} from '../../src/domain/index.js';
import type { Change } from '../feed/change-feed.js';
import type { DeviceRecord, DocumentWrite, StoredDocument, StoreTx } from '../store/store.js';
import type { PushRow } from './push.js';
import { applyMovements } from '../ledger/apply-movements.js';
import { loadSalesBatch, type SalesBatchState } from './sales-batch.js';

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

/**
 * Applies a batch in push order, as if one sale at a time, but with four reads and three writes per batch: the
 * batch's state is loaded once (`loadSalesBatch`), every sale is decided in memory, then the new sales, all their
 * movements and the final stock levels are written, each with one call.
 */
export async function applySales(tx: StoreTx, rows: readonly PushRow<Sale>[], device: DeviceRecord, clock: Clock): Promise<ApplyResult> {
  const store = await tx.getStore(device.storeId);
  if (!store) throw new DomainError(ErrorCode.INTERNAL, `store ${device.storeId} of device ${device.id} is missing`);
  const pushed = rows.map((r) => r.newDocumentState);
  const state = await loadSalesBatch(tx, pushed);
  if ([...state.existing.values()].some((d) => d.storeId !== device.storeId)) {
    // Never answer another store's sale as a conflict: that would hand its contents to this device.
    throw new DomainError(ErrorCode.FORBIDDEN, 'this sale id is already taken', [{ path: 'newDocumentState.id', message: 'sale id already taken' }]);
  }

  const saleWrites: DocumentWrite[] = [];
  const movements: StockMovement[] = [];
  /** Conflicts in push order: a stored master, or the id of a sale this batch writes (its seq is not known yet). */
  const conflicts: (StoredDocument | string)[] = [];
  const decided = new Map<string, DocumentWrite>();
  for (const newDocumentState of pushed) {
    const existing = state.existing.get(newDocumentState.id);
    const earlier = decided.get(newDocumentState.id);
    // Sales are immutable: a second push (or the same sale twice in one batch) changes nothing. Answer the master
    // when the device's copy differs (it lacks the outcome), so RxDB's conflict handler adopts the server's version.
    if (existing) {
      if (!sameJson(JSON.parse(existing.body), newDocumentState)) conflicts.push(existing);
    } else if (earlier) {
      if (!sameJson(JSON.parse(JSON.stringify(earlier.body)), newDocumentState)) conflicts.push(earlier.id);
    } else {
      const write = decideSale(newDocumentState, store, state, clock().toISOString(), movements);
      decided.set(write.id, write);
      saleWrites.push(write);
    }
  }

  const seqs = await tx.putDocuments(saleWrites);
  const applied = await applyMovements(tx, movements);

  const written = new Map(saleWrites.map((w, i) => [w.id, storedSale(w, seqs[i]!)]));
  const changes: Change[] = [];
  if (saleWrites.length > 0) changes.push({ collection: 'sales', storeId: device.storeId });
  if (applied.length > 0) changes.push({ collection: 'stock', storeId: device.storeId });
  return { conflicts: conflicts.map((c) => (typeof c === 'string' ? written.get(c)! : c)), changes };
}

/**
 * Decides one new sale with the shared domain rules, then who rang it up: an associate deactivated (or a role
 * changed) while the till was offline gets the sale recorded as rejected, shown on the device, never dropped. An
 * accepted sale adds one movement per line to `movements` (id `${saleId}:${lineNo}`, so re-applying is a no-op).
 */
function decideSale(pushed: Sale, store: Store, state: SalesBatchState, decidedAt: string, movements: StockMovement[]): DocumentWrite {
  const { outcome: _ignored, ...sale } = pushed;
  const checked = verifySale(sale, store, state.products);
  const verdict = checked.ok ? checkAssociate(state.staff.get(sale.associateId), sale) : checked;
  const outcome: Outcome = verdict.ok
    ? { status: 'accepted', code: null, message: null, decidedAt }
    : { status: 'rejected', code: verdict.error.code, message: verdict.error.message.slice(0, 500), decidedAt };
  if (verdict.ok) {
    for (const line of sale.lines) {
      const id = `${sale.id}:${line.lineNo}`;
      movements.push({ id, storeId: sale.storeId, sku: line.sku, quantity: -line.quantity, reason: 'sale', sourceId: sale.id, recordedAt: decidedAt });
    }
  }
  return { collection: 'sales', id: sale.id, storeId: sale.storeId, body: { ...sale, outcome } };
}

/** A sale as this transaction stored it (what `getDocument` would answer after the write). */
const storedSale = (w: DocumentWrite, seq: number): StoredDocument => ({
  collection: w.collection,
  id: w.id,
  storeId: w.storeId,
  seq,
  body: JSON.stringify(w.body),
  deleted: false,
});

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
