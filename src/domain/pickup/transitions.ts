import { DomainError, ErrorCode } from '../kernel/errors.js';
import type { Order, OrderLine, OrderState } from '../order/schema.js';
import type { Role } from '../staff/schema.js';
import { can, type Action } from '../staff/permissions.js';
import type { StaffStamp } from './record.js';

/**
 * The pickup state machine as data: one row per (states, action), saying what the action leads to, who may do it
 * and what must hold of the order. The device offers only the buttons `allowedActions` answers; the server decides
 * every pickup fact through `refusalOf` and the action's step (decide.ts): the same table on both sides.
 *
 *   new ─start→ picking ─pick/short→ picking ─ready→ ready ─arrive→ customer_waiting
 *   customer_waiting ─take→ customer_waiting (who is with the customer: every device stops ringing)
 *   ready | customer_waiting ─handoff→ collected | partially_collected;   ─expire (server job)→ expired
 *   new | picking | ready | customer_waiting ─cancel→ cancelled
 */
export type PickupAction = 'start' | 'pick' | 'short' | 'ready' | 'arrive' | 'take' | 'handoff' | 'cancel' | 'expire';
export const PICKUP_ACTIONS: readonly PickupAction[] = ['start', 'pick', 'short', 'ready', 'arrive', 'take', 'handoff', 'cancel', 'expire'];

/** Staff with a permission (roles as data, staff/permissions.ts), the customer (their pickup page), or the server. */
export type Who = { permission: Action } | 'customer' | 'server';

/** A condition on the order an action needs beyond its state, with the refusal staff read when it fails. */
export interface Guard {
  name: string;
  refusal(order: Order): DomainError | null;
}

export interface Transition {
  action: PickupAction;
  from: readonly OrderState[];
  /** The states the action can lead to (a handoff: collected, or partially collected when units stay behind). */
  to: readonly OrderState[];
  who: Who;
  guards: readonly Guard[];
}

/** Units of a line still to pick: ordered, less those given up and those already picked. */
export const unitsToPick = (l: OrderLine) => l.quantity - l.released - l.picked;

const paymentSettled: Guard = {
  name: 'payment settled',
  refusal: (o) =>
    awaitingPayment(o)
      ? new DomainError(ErrorCode.ORDER_AWAITING_PAYMENT, `order ${o.number} is waiting for payment (${pendingMethods(o)}): pick it once it is paid`)
      : null,
};

const unitsLeft: Guard = {
  name: 'units left to pick',
  refusal(o) {
    if (o.lines.some((l) => unitsToPick(l) > 0)) return null;
    // Another device got there first: say who picked the last unit, and when.
    const last = [...(o.pickup?.lastPicks ?? [])].sort((a, b) => (a.at < b.at ? 1 : -1))[0];
    return new DomainError(
      ErrorCode.PICK_OVER_PICK,
      `every unit of order ${o.number} is already picked or given up${last ? ` (the last one picked by ${last.staffName} at ${last.at})` : ''}`,
    );
  },
};

const everythingPicked: Guard = {
  name: 'every unit picked or given up',
  refusal(o) {
    const open = o.lines.filter((l) => unitsToPick(l) > 0);
    if (open.length > 0) {
      return new DomainError(
        ErrorCode.PICKUP_INCOMPLETE,
        `order ${o.number} still has ${open.map((l) => `${unitsToPick(l)} × ${l.name}`).join(', ')} to pick or short-pick`,
      );
    }
    if (!o.lines.some((l) => l.picked > 0))
      return new DomainError(ErrorCode.PICKUP_INCOMPLETE, `nothing of order ${o.number} was picked: cancel it instead`);
    return null;
  },
};

/**
 * One staff member per waiting customer: a second "I'm on it" is refused naming who took the customer and when, so
 * the second device learns it (as a conflict) instead of two people walking out. Taking again an order one took
 * oneself is accepted and changes nothing (decide.ts): a device's pending take must not turn into a conflict when
 * the server's answer reaches it as the order before the fact's outcome.
 */
const notTaken: Guard = {
  name: 'nobody took the customer yet',
  refusal(o) {
    const taken = o.pickup?.takenBy;
    return taken ? new DomainError(ErrorCode.PICKUP_ALREADY_TAKEN, `${taken.staffName} took the customer of order ${o.number} at ${taken.at}`) : null;
  },
};

const pick = { permission: 'pickup.pick' } as const;
const handOff = { permission: 'pickup.handoff' } as const;

export const pickupTransitions: readonly Transition[] = [
  { action: 'start', from: ['new'], to: ['picking'], who: pick, guards: [paymentSettled] },
  { action: 'pick', from: ['picking'], to: ['picking'], who: pick, guards: [unitsLeft] },
  { action: 'short', from: ['picking'], to: ['picking'], who: pick, guards: [unitsLeft] },
  { action: 'ready', from: ['picking'], to: ['ready'], who: pick, guards: [everythingPicked] },
  // Arriving early is recorded and changes nothing else; once the order is ready the customer is waiting.
  { action: 'arrive', from: ['new'], to: ['new'], who: 'customer', guards: [] },
  { action: 'arrive', from: ['picking'], to: ['picking'], who: 'customer', guards: [] },
  { action: 'arrive', from: ['ready'], to: ['customer_waiting'], who: 'customer', guards: [] },
  // "I'm on it": staff who may hand the order over go to the customer; the order still waits, now with who took it.
  { action: 'take', from: ['customer_waiting'], to: ['customer_waiting'], who: handOff, guards: [notTaken] },
  { action: 'handoff', from: ['ready', 'customer_waiting'], to: ['collected', 'partially_collected'], who: handOff, guards: [] },
  { action: 'cancel', from: ['new', 'picking', 'ready', 'customer_waiting'], to: ['cancelled'], who: { permission: 'pickup.cancel' }, guards: [] },
  { action: 'expire', from: ['ready', 'customer_waiting'], to: ['expired'], who: 'server', guards: [] },
];

export type Actor = { role: Role } | 'customer' | 'server';

const mayAct = (who: Who, actor: Actor) => (typeof who === 'string' ? who === actor : typeof actor === 'object' && can(actor.role, who.permission));

/** The row of the table that applies to an action on an order in its current state, if any. */
export const transitionFor = (order: Pick<Order, 'state'>, action: PickupAction): Transition | undefined =>
  pickupTransitions.find((t) => t.action === action && t.from.includes(order.state));

/**
 * Why `actor` may not do `action` to the order now, or null when the table allows it. Checked in this order: the
 * order is a pickup order, the state allows the action, the actor may do it, the guards hold. A refusal because the
 * order moved on names who moved it and when (the conflict a second device sees).
 */
export function refusalOf(order: Order, action: PickupAction, actor: Actor): DomainError | null {
  if (order.fulfilment.type !== 'pickup' || order.pickup === null) {
    return new DomainError(ErrorCode.PICKUP_TRANSITION_REFUSED, `order ${order.number} is shipped, not picked up at a store`);
  }
  const row = transitionFor(order, action);
  if (!row) return stateRefusal(order, action);
  if (!mayAct(row.who, actor)) {
    const who = typeof actor === 'object' ? `the ${actor.role} role` : `the ${actor}`;
    return new DomainError(ErrorCode.ASSOCIATE_NOT_ALLOWED, `${who} may not ${phrases[action]} order ${order.number}`);
  }
  for (const guard of row.guards) {
    const refusal = guard.refusal(order);
    if (refusal) return refusal;
  }
  return null;
}

/** The actions the table allows this role now: the buttons the pickup screens show. */
export const allowedActions = (order: Order, role: Role): PickupAction[] =>
  PICKUP_ACTIONS.filter((action) => refusalOf(order, action, { role }) === null);

/** A boleto or Pix still unpaid: the queue shows "waiting for payment" and picking is refused. */
export const awaitingPayment = (order: Pick<Order, 'payments'>) => order.payments.some((p) => p.status === 'pending');
const pendingMethods = (order: Order) => [...new Set(order.payments.filter((p) => p.status === 'pending').map((p) => p.method))].join(', ');

const phrases: Record<PickupAction, string> = {
  start: 'start picking',
  pick: 'pick',
  short: 'short-pick',
  ready: 'mark ready',
  arrive: 'check in for',
  take: 'take',
  handoff: 'hand off',
  cancel: 'cancel',
  expire: 'expire',
};

const passive: Record<PickupAction, string> = {
  start: 'be started',
  pick: 'be picked',
  short: 'be short-picked',
  ready: 'be marked ready',
  arrive: 'be checked in',
  take: 'be taken',
  handoff: 'be handed off',
  cancel: 'be cancelled',
  expire: 'expire',
};

const stamp = (s: StaffStamp | null | undefined) => (s ? ` by ${s.staffName} at ${s.at}` : '');

function stateRefusal(order: Order, action: PickupAction): DomainError {
  const record = order.pickup!;
  switch (order.state) {
    case 'collected':
    case 'partially_collected':
      return new DomainError(ErrorCode.ORDER_ALREADY_COLLECTED, `order ${order.number} was already handed off${stamp(record.handoff)}`);
    case 'cancelled':
      return new DomainError(
        ErrorCode.PICKUP_TRANSITION_REFUSED,
        `order ${order.number} was cancelled${stamp(record.cancelled) || ` at ${order.cancelledAt}`}`,
      );
    case 'expired':
      return new DomainError(ErrorCode.PICKUP_TRANSITION_REFUSED, `order ${order.number} expired uncollected at ${order.expiredAt}`);
    default:
      if (action === 'start' && order.state === 'picking') {
        return new DomainError(ErrorCode.PICKUP_TRANSITION_REFUSED, `order ${order.number} is already being picked${stamp(record.started)}`);
      }
      if (action === 'ready' && (order.state === 'ready' || order.state === 'customer_waiting')) {
        return new DomainError(ErrorCode.PICKUP_TRANSITION_REFUSED, `order ${order.number} was already marked ready${stamp(record.ready)}`);
      }
      return new DomainError(
        ErrorCode.PICKUP_TRANSITION_REFUSED,
        `order ${order.number} is ${order.state.replace('_', ' ')}: it cannot ${passive[action]} now`,
      );
  }
}
