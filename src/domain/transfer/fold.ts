import type { Fact } from '../fact/schema.js';
import { transitionOfKind, transitionAllows, type TransferActor, type TransferState } from './transitions.js';
import { TransferRequestPayloadSchema, type TransferCustomer, type TransferMode } from './schema.js';

/** A step of a transfer as both stores see it: what, which store, who (an id of that store's staff) and when. */
export interface TransferStep {
  kind: string;
  storeId: string;
  associateId: string;
  /** The server's decision time; a step still waiting for the server has the device's time and `pending`. */
  at: string;
  pending: boolean;
  factId: string;
}

/** A transfer folded from its facts: the request, where it stands and how it got there. */
export interface Transfer {
  id: string;
  mode: TransferMode;
  requestingStoreId: string;
  fromStoreId: string;
  sku: string;
  quantity: number;
  holdUntil: string | null;
  customer: TransferCustomer | null;
  note: string;
  state: TransferState;
  requestedAt: string;
  requestedBy: string;
  steps: TransferStep[];
  /**
   * Units the sender held beyond what its device showed available when it accepted (0: none): such a hold is
   * accepted, never capped, and shown flagged to both stores; the sender's level goes below zero until it is sorted.
   */
  short: number;
  /** The request itself is still waiting for the server (this device's, offline). */
  pending: boolean;
  /** A step this device recorded that the server refused (its reason), shown until seen. */
  refused: { kind: string; code: string | null; message: string | null } | null;
}

const decidedAt = (f: Fact) => f.outcome?.decidedAt ?? null;

/**
 * Folds the facts of one transfer (any order; accepted, and this device's pending ones) into where it stands, with
 * the same transition table the server decides by: steps in the server's order, pending ones after, a step the
 * table does not allow from where the transfer stands ignored (a pending one that will be refused). Rejected facts
 * change nothing. Null when the request is absent or refused.
 */
export function foldTransfer(facts: readonly Fact[]): Transfer | null {
  const live = facts.filter((f) => f.outcome?.status !== 'rejected');
  const request = live.find((f) => f.kind === 'transfer.requested' && f.subjectId === f.id);
  if (!request) return null;
  const parsed = TransferRequestPayloadSchema.safeParse(request.payload);
  if (!parsed.success) return null;
  const p = parsed.data;
  const transfer: Transfer = {
    id: request.id,
    mode: p.mode,
    requestingStoreId: request.storeId,
    fromStoreId: p.fromStoreId,
    sku: p.sku,
    quantity: p.quantity,
    holdUntil: p.holdUntil,
    customer: p.customer,
    note: p.note,
    state: 'requested',
    requestedAt: decidedAt(request) ?? request.createdAtDevice,
    requestedBy: request.associateId,
    steps: [],
    short: 0,
    pending: !request.outcome,
    refused: null,
  };
  const ordered = live
    .filter((f) => f.subjectId === request.id && f.id !== request.id)
    .sort((a, b) => order(a).localeCompare(order(b)) || a.id.localeCompare(b.id));
  for (const f of ordered) {
    const t = transitionOfKind(f.kind);
    const actor = actorOf(transfer, f);
    if (!t || !actor || !transitionAllows(t, transfer.mode, transfer.state, actor)) continue;
    transfer.state = t.to(transfer.mode);
    transfer.steps.push({
      kind: f.kind,
      storeId: f.storeId,
      associateId: f.associateId,
      at: decidedAt(f) ?? f.createdAtDevice,
      pending: !f.outcome,
      factId: f.id,
    });
    if (f.kind === 'transfer.accepted' && typeof f.payload.availableSeen === 'number')
      transfer.short = Math.max(0, transfer.quantity - Math.max(0, f.payload.availableSeen));
  }
  const refused = facts.filter((f) => f.subjectId === request.id && f.outcome?.status === 'rejected').at(-1);
  if (refused) transfer.refused = { kind: refused.kind, code: refused.outcome!.code, message: refused.outcome!.message };
  return transfer;
}

/** Decided steps first, in decision order; pending ones after them, in the device's order. */
const order = (f: Fact) => (f.outcome ? `0${f.outcome.decidedAt}` : `1${f.createdAtDevice}`);

/** Which side of the transfer a fact's store is (the server's fact is the server's). */
export function actorOf(transfer: Pick<Transfer, 'requestingStoreId' | 'fromStoreId'>, f: Pick<Fact, 'storeId' | 'kind'>): TransferActor | null {
  if (f.kind === 'hold.expired') return 'server';
  if (f.storeId === transfer.fromStoreId) return 'sender';
  return f.storeId === transfer.requestingStoreId ? 'requester' : null;
}

/** Groups facts by transfer and folds each; transfers whose request is missing (not yet replicated) are left out. */
export function foldTransfers(facts: readonly Fact[]): Transfer[] {
  const bySubject = new Map<string, Fact[]>();
  for (const f of facts) {
    const list = bySubject.get(f.subjectId) ?? [];
    list.push(f);
    bySubject.set(f.subjectId, list);
  }
  return [...bySubject.values()].map(foldTransfer).filter((t): t is Transfer => t !== null);
}
