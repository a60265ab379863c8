import type { TransferMode } from './schema.js';

/** Where a transfer stands. Open: requested, held, accepted (reserved, not shipped), in_transit. */
export const TRANSFER_STATES = [
  'requested',
  'held',
  'accepted',
  'in_transit',
  'shipped',
  'received',
  'declined',
  'released',
  'cancelled',
  'expired',
] as const;
export type TransferState = (typeof TRANSFER_STATES)[number];
export const OPEN_TRANSFER_STATES: readonly TransferState[] = ['requested', 'held', 'accepted', 'in_transit'];
export const isOpenTransfer = (state: TransferState) => OPEN_TRANSFER_STATES.includes(state);

export type TransferAction = 'accept' | 'decline' | 'ship' | 'receive' | 'release' | 'cancel' | 'expire';
/** Who may take a step: the store asked (sender), the store that asked (requester), or the server's expiry job. */
export type TransferActor = 'sender' | 'requester' | 'server';

export interface TransferTransition {
  action: TransferAction;
  kind: string;
  from: readonly TransferState[];
  to: (mode: TransferMode) => TransferState;
  who: TransferActor;
  modes: readonly TransferMode[];
}

const ALL: readonly TransferMode[] = ['hold', 'to_store', 'to_customer'];

/**
 * The state machine as data: the device offers a step's button when its row allows it, the server accepts the step's
 * fact only when its row allows it. A hold is held until released, expired or cancelled; a transfer is reserved at
 * the sender once accepted, leaves its stock when shipped, and (to this store) enters the requester's when scanned in.
 */
export const TRANSFER_TRANSITIONS: readonly TransferTransition[] = [
  { action: 'accept', kind: 'transfer.accepted', from: ['requested'], to: (m) => (m === 'hold' ? 'held' : 'accepted'), who: 'sender', modes: ALL },
  { action: 'decline', kind: 'transfer.declined', from: ['requested'], to: () => 'declined', who: 'sender', modes: ALL },
  {
    action: 'ship',
    kind: 'transfer.shipped',
    from: ['accepted'],
    to: (m) => (m === 'to_store' ? 'in_transit' : 'shipped'),
    who: 'sender',
    modes: ['to_store', 'to_customer'],
  },
  { action: 'receive', kind: 'transfer.received', from: ['in_transit'], to: () => 'received', who: 'requester', modes: ['to_store'] },
  { action: 'release', kind: 'transfer.released', from: ['held'], to: () => 'released', who: 'sender', modes: ['hold'] },
  { action: 'cancel', kind: 'transfer.cancelled', from: ['requested', 'held', 'accepted'], to: () => 'cancelled', who: 'requester', modes: ALL },
  { action: 'expire', kind: 'hold.expired', from: ['held'], to: () => 'expired', who: 'server', modes: ['hold'] },
];

export const transitionOfKind = (kind: string) => TRANSFER_TRANSITIONS.find((t) => t.kind === kind);
export const transitionOf = (action: TransferAction) => TRANSFER_TRANSITIONS.find((t) => t.action === action)!;

/** Whether `action` may be taken now, on a transfer in `state` of `mode`, by `actor`. */
export function transitionAllows(t: TransferTransition, mode: TransferMode, state: TransferState, actor: TransferActor): boolean {
  return t.who === actor && t.modes.includes(mode) && t.from.includes(state);
}

/** The steps a store's staff may take now on a transfer (the buttons a screen shows). */
export function allowedTransferActions(mode: TransferMode, state: TransferState, actor: TransferActor): TransferAction[] {
  return TRANSFER_TRANSITIONS.filter((t) => transitionAllows(t, mode, state, actor)).map((t) => t.action);
}
