import { accepted } from '../fact/outcome.js';
import { acceptFact, rejectFact, type Decision } from '../fact/decision.js';
import type { Fact } from '../fact/schema.js';
import type { FactState } from '../fact/state.js';
import { DomainError, ErrorCode } from '../kernel/errors.js';
import { checkAssociate } from '../staff/permissions.js';
import type { StockMovement } from '../stock/schema.js';
import { actorOf, foldTransfer, type Transfer } from './fold.js';
import {
  HOLD_EXPIRED,
  HOLD_MAX_DAYS,
  SERVER_ACTOR,
  TransferRequestPayloadSchema,
  transferFactKinds,
  transferMovement,
  type TransferRequest,
} from './schema.js';
import { transitionAllows, transitionOfKind } from './transitions.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const refuse = (code: ErrorCode, message: string) => rejectFact(new DomainError(code, message));

/** The transfer's accepted history as the server holds it (the facts its `transfer` key finds, this batch's too). */
export function transferOfState(state: FactState, transferId: string): Transfer | null {
  const history = state.documentsByKey('facts', 'transfer', transferId) as Fact[];
  return foldTransfer(history.filter((f) => f.outcome?.status === 'accepted'));
}

/**
 * A request from an active associate or manager of the requesting store, to another store of the chain, for a SKU
 * the catalog knows; a hold ends in the future and within HOLD_MAX_DAYS. Nothing moves yet: the sender decides.
 */
export function decideTransferRequest(fact: TransferRequest, state: FactState, decidedAt: string): Decision {
  const staff = checkAssociate(state.document('staff', fact.associateId), fact, 'transfer.request');
  if (!staff.ok) return rejectFact(staff.error);
  const p = TransferRequestPayloadSchema.parse(fact.payload);
  if (fact.subjectId !== fact.id) return refuse(ErrorCode.TRANSFER_MISMATCH, "a request's subject is its own id");
  if (p.fromStoreId === fact.storeId) return refuse(ErrorCode.TRANSFER_SAME_STORE, 'ask another store: this store cannot hold or send to itself');
  if (!state.document('stores', p.fromStoreId)) return refuse(ErrorCode.TRANSFER_STORE_UNKNOWN, `store ${p.fromStoreId} is not a store of the chain`);
  if (!state.document('products', p.sku)) return refuse(ErrorCode.UNKNOWN_SKU, `SKU ${p.sku} is not in the catalog`);
  if (p.holdUntil !== null) {
    const until = Date.parse(p.holdUntil);
    if (until <= Date.parse(decidedAt))
      return refuse(ErrorCode.TRANSFER_HOLD_TIME, `the hold would end (${p.holdUntil}) before the other store could see it`);
    if (until > Date.parse(decidedAt) + HOLD_MAX_DAYS * DAY_MS)
      return refuse(ErrorCode.TRANSFER_HOLD_TIME, `a hold lasts at most ${HOLD_MAX_DAYS} days: ask for an earlier time`);
  }
  return acceptFact();
}

/**
 * A step of a transfer (accept, decline, ship, receive, release, cancel): the transfer must exist and involve the
 * pushing store (another store's transfer is answered as unknown, revealing nothing), the step must be the one its
 * store may take from where the transfer stands (a step another device took first is refused naming when and where),
 * and it must name the transfer's SKU, quantity and other store. Its movements are the kind's own, so the device
 * folds exactly what the server records; a cancel releases at the sender only what the sender had reserved.
 */
export function decideTransferStep(fact: Fact, state: FactState, decidedAt: string): Decision {
  const t = transitionOfKind(fact.kind);
  const transfer = transferOfState(state, fact.subjectId);
  const actor = transfer ? actorOf(transfer, fact) : null;
  if (!t || !transfer || !actor || actor === 'server')
    return refuse(ErrorCode.TRANSFER_NOT_FOUND, `no hold or transfer ${fact.subjectId} involves store ${fact.storeId}`);
  const staff = checkAssociate(state.document('staff', fact.associateId), fact, 'transfer.handle');
  if (!staff.ok) return rejectFact(staff.error);
  const peer = actor === 'sender' ? transfer.requestingStoreId : transfer.fromStoreId;
  if (fact.payload.peerStoreId !== peer || fact.payload.sku !== transfer.sku || fact.payload.quantity !== transfer.quantity)
    return refuse(
      ErrorCode.TRANSFER_MISMATCH,
      `this step does not match the request (${transfer.quantity} × ${transfer.sku}, stores ${transfer.requestingStoreId} and ${transfer.fromStoreId})`,
    );
  if (t.who !== actor || !t.modes.includes(transfer.mode))
    return refuse(
      ErrorCode.TRANSFER_NOT_ALLOWED,
      `the ${actor === 'sender' ? 'store asked' : 'store that asked'} cannot ${t.action} this ${transfer.mode === 'hold' ? 'hold' : 'transfer'}`,
    );
  if (!transitionAllows(t, transfer.mode, transfer.state, actor)) {
    const last = transfer.steps.at(-1);
    return refuse(
      ErrorCode.TRANSFER_ALREADY_DECIDED,
      `this request is already ${transfer.state.replace('_', ' ')}${last ? ` (store ${last.storeId}, ${last.at})` : ''}`,
    );
  }
  if (fact.kind === 'transfer.accepted') {
    if (fact.payload.holdUntil !== transfer.holdUntil) return refuse(ErrorCode.TRANSFER_MISMATCH, "the hold's end is not the request's");
    if (transfer.holdUntil !== null && Date.parse(transfer.holdUntil) <= Date.parse(decidedAt))
      return refuse(ErrorCode.TRANSFER_HOLD_TIME, `the customer's hold time (${transfer.holdUntil}) has passed: nothing was reserved`);
  }
  if (fact.kind === 'transfer.received') {
    const scanned = String(fact.payload.scanned);
    const product = state.document('products', transfer.sku);
    if (scanned !== transfer.sku && scanned !== product?.barcode)
      return refuse(
        ErrorCode.TRANSFER_SCAN_MISMATCH,
        `scanned ${scanned} is not ${transfer.sku}${product ? ` (${product.name})` : ''}: scan the item in the parcel`,
      );
  }
  return acceptFact({ movements: stepMovements(fact, transfer, decidedAt) });
}

function stepMovements(fact: Fact, transfer: Transfer, at: string): StockMovement[] {
  if (fact.kind === 'transfer.cancelled') {
    if (transfer.state !== 'held' && transfer.state !== 'accepted') return [];
    return [transferMovement(transfer.id, 'release', transfer.fromStoreId, transfer.sku, -transfer.quantity, 'release', at)];
  }
  const kind = transferFactKinds[fact.kind as keyof typeof transferFactKinds] as { movements?: (f: never, s: never, at: string) => StockMovement[] };
  return kind.movements?.(fact as never, undefined as never, at) ?? [];
}

/**
 * The expiry job's decision: each hold still held whose time has come ends with a `hold.expired` fact of the
 * sender's (the server's own, both stores see it) and the release of its units. `newId` draws the fact's id.
 */
export function expireHolds(transfers: readonly Transfer[], now: Date, newId: () => string): { facts: Fact[]; movements: StockMovement[] } {
  const at = now.toISOString();
  const due = transfers.filter((t) => t.mode === 'hold' && t.state === 'held' && t.holdUntil !== null && Date.parse(t.holdUntil) <= now.getTime());
  return {
    facts: due.map((t) => ({
      id: newId(),
      kind: HOLD_EXPIRED,
      storeId: t.fromStoreId,
      deviceId: SERVER_ACTOR,
      associateId: SERVER_ACTOR,
      createdAtDevice: at,
      subjectId: t.id,
      payload: { peerStoreId: t.requestingStoreId, sku: t.sku, quantity: t.quantity },
      outcome: accepted(at),
    })),
    movements: due.map((t) => transferMovement(t.id, 'release', t.fromStoreId, t.sku, -t.quantity, 'release', at)),
  };
}
