import type { Product } from '../catalog/schema.js';
import type { EffectEvent } from '../fact/decision.js';
import { ErrorCode, fail, ok, type Result } from '../kernel/errors.js';
import { cancelOrder } from '../order/cancel.js';
import { orderCancelledPayload, publicOrder } from '../order/events.js';
import type { Order, OrderLine } from '../order/schema.js';
import type { WebhookEventType } from '../integration/events.js';
import { checkAssociate, type Action } from '../staff/permissions.js';
import type { StaffMember } from '../staff/schema.js';
import type { StockMovement } from '../stock/schema.js';
import type { HandoffVerification, PickupFact } from './facts.js';
import { parsePickupQr } from './qr.js';
import type { Arrival, HandoffRecord, StaffStamp } from './record.js';
import { pickupTransitions, refusalOf, unitsToPick, type PickupAction } from './transitions.js';

/** What deciding a pickup fact reads besides the order; the server fills it from its batch state, a device from its collections. */
export interface PickupContext {
  /** Decision time (server) or now (a device's optimistic view). */
  at: string;
  /** A staff member of any store by id (the fact's associate, a manager approving a photo-ID handoff). */
  staff(id: string): StaffMember | undefined;
  /** The catalog's product of a SKU (to name a wrong scan, to name a substitute). */
  product(sku: string): Pick<Product, 'sku' | 'name'> | undefined;
  /** Units of a SKU available at the order's store (a substitute reserves what there is). */
  available(sku: string): number;
  /** Server only: the pickup code and page token a ready order gets. A device's optimistic ready order has no code yet. */
  issue?: () => { code: string; token: string };
  /** Server only: the customer's "ready for pickup" mail (link and QR), for an order just made ready. */
  readyMail?: (order: Order) => EffectEvent;
}

/** An accepted pickup step: the order as it now is, and what the server writes with it. */
export interface PickupStep {
  order: Order;
  movements: StockMovement[];
  events: EffectEvent[];
}

const ACTION_OF: Record<PickupFact['kind'], PickupAction> = {
  'pickup.start': 'start',
  'pickup.pick': 'pick',
  'pickup.short': 'short',
  'pickup.ready': 'ready',
  'pickup.take': 'take',
  'pickup.handoff': 'handoff',
  'pickup.cancel': 'cancel',
};

/** The permission staff need for an action: the table's `who`, whatever the state. */
const permissionOf = (action: PickupAction): Action => {
  const who = pickupTransitions.find((t) => t.action === action)!.who;
  if (typeof who === 'string') throw new Error(`${action} is not a staff action`);
  return who.permission;
};

/**
 * The one decision of a pickup fact, pure: the server applies it to the stored order (and stores a refusal as the
 * fact's outcome), a device folds its pending facts with it to show the order as they will make it. Checks, in
 * order: the order is this store's, the associate is active staff of the store allowed to act, the transition
 * table allows the action now, then the action's own rules (wrong item, over-pick, code).
 */
export function decidePickupFact(fact: PickupFact, order: Order | undefined, ctx: PickupContext): Result<PickupStep> {
  if (!order || order.storeId !== fact.storeId) {
    return fail(ErrorCode.ORDER_NOT_AT_STORE, `order ${fact.subjectId} is not an order of store ${fact.storeId}`);
  }
  const action = ACTION_OF[fact.kind];
  const member = checkAssociate(ctx.staff(fact.associateId), fact, permissionOf(action));
  if (!member.ok) return member;
  // Taking again a customer one already took: accepted, nothing changes (the table's guard refuses everyone else).
  if (action === 'take' && order.state === 'customer_waiting' && order.pickup?.takenBy?.staffId === member.value.id) {
    return ok({ order, movements: [], events: [] });
  }
  const refusal = refusalOf(order, action, { role: member.value.role });
  if (refusal) return { ok: false, error: refusal };
  const by: StaffStamp = { staffId: member.value.id, staffName: member.value.name, at: ctx.at, factId: fact.id };
  switch (fact.kind) {
    case 'pickup.start':
      return ok(step({ ...order, state: 'picking', pickingAt: ctx.at, pickup: { ...order.pickup!, started: by } }, ctx.at, [], 'order.picking'));
    case 'pickup.pick':
      return pick(order, fact.payload, by, ctx);
    case 'pickup.short':
      return short(order, fact.payload, by, ctx);
    case 'pickup.ready':
      return ready(order, by, ctx);
    case 'pickup.take':
      // No webhook: who walks out to the customer is the store's business; the order replicates to its devices.
      return ok(step({ ...order, pickup: { ...order.pickup!, takenBy: by } }, ctx.at, []));
    case 'pickup.handoff':
      return handoff(order, fact.payload, by, ctx);
    case 'pickup.cancel':
      return cancel(order, fact.payload.reason, by);
  }
}

function pick(order: Order, { sku, quantity }: Payload<'pickup.pick'>, by: StaffStamp, ctx: PickupContext): Result<PickupStep> {
  const lines = order.lines.filter((l) => l.sku === sku);
  if (lines.length === 0) {
    const scanned = ctx.product(sku)?.name;
    return fail(ErrorCode.PICK_WRONG_ITEM, `${scanned ? `${scanned} (${sku})` : `SKU ${sku}`} is not in order ${order.number}`);
  }
  const left = lines.reduce((n, l) => n + unitsToPick(l), 0);
  if (left < quantity) {
    const last = order.pickup!.lastPicks.filter((p) => lines.some((l) => l.lineNo === p.lineNo)).sort((a, b) => (a.at < b.at ? 1 : -1))[0];
    const name = lines[0]!.name;
    return fail(
      ErrorCode.PICK_OVER_PICK,
      left === 0
        ? `every unit of ${name} in order ${order.number} is already picked${last ? ` (the last one by ${last.staffName} at ${last.at})` : ''}`
        : `only ${left} unit(s) of ${name} are left to pick in order ${order.number}`,
    );
  }
  const movements: StockMovement[] = [];
  const lastPicks = [...order.pickup!.lastPicks];
  let toPick = quantity;
  const next = order.lines.map((l) => {
    if (l.sku !== sku || toPick === 0 || unitsToPick(l) === 0) return l;
    const take = Math.min(toPick, unitsToPick(l));
    toPick -= take;
    const picked = l.picked + take;
    // A unit picked beyond what the line holds (a shortfall the shelf covered after all) is reserved now.
    const extra = Math.max(0, picked - l.collected - l.reserved);
    if (extra > 0) movements.push(movement(order, by.factId, 'reserve', l, extra, 'reservation', ctx.at));
    const at = lastPicks.findIndex((p) => p.lineNo === l.lineNo);
    const stamp = { ...by, lineNo: l.lineNo };
    if (at >= 0) lastPicks[at] = stamp;
    else lastPicks.push(stamp);
    return withShortfall({ ...l, picked, reserved: l.reserved + extra });
  });
  return ok(step({ ...order, lines: next, pickup: { ...order.pickup!, lastPicks } }, ctx.at, movements));
}

function short(order: Order, payload: Payload<'pickup.short'>, by: StaffStamp, ctx: PickupContext): Result<PickupStep> {
  const line = order.lines.find((l) => l.lineNo === payload.lineNo);
  if (!line)
    return fail(ErrorCode.VALIDATION_FAILED, `order ${order.number} has no line ${payload.lineNo}`, [
      { path: 'payload.lineNo', message: 'no such line' },
    ]);
  if (unitsToPick(line) < payload.quantity) {
    return fail(
      ErrorCode.PICK_OVER_PICK,
      `only ${unitsToPick(line)} unit(s) of ${line.name} are left to pick in order ${order.number}: nothing more to short-pick`,
    );
  }
  const substitute = payload.substitute;
  const product = substitute ? ctx.product(substitute.sku) : undefined;
  if (substitute && !product) return fail(ErrorCode.UNKNOWN_SKU, `SKU ${substitute.sku} is not in the catalog`);
  if (substitute && order.lines.length >= 200) return fail(ErrorCode.VALIDATION_FAILED, `order ${order.number} cannot take more lines`);

  const movements: StockMovement[] = [];
  const released = line.released + payload.quantity;
  // Keep holding only the units the line will still hand over (picked ones included): release the rest.
  const hold = Math.max(0, line.quantity - released - line.collected);
  const freed = Math.max(0, line.reserved - hold);
  if (freed > 0) movements.push(movement(order, by.factId, 'release', line, -freed, 'release', ctx.at));
  const lines = order.lines.map((l) => (l.lineNo === line.lineNo ? withShortfall({ ...l, released, reserved: l.reserved - freed }) : l));

  let substituteLine: OrderLine | undefined;
  if (substitute && product) {
    const lineNo = Math.max(...order.lines.map((l) => l.lineNo)) + 1;
    const reserved = Math.min(substitute.quantity, Math.max(0, ctx.available(substitute.sku)));
    substituteLine = {
      lineNo,
      sku: product.sku,
      name: product.name,
      quantity: substitute.quantity,
      // Prices stay with the original line (the platform settles any difference); the substitute is held and picked.
      unitPrice: 0,
      discount: 0,
      tax: 0,
      total: 0,
      reserved,
      shortfall: substitute.quantity - reserved,
      picked: 0,
      collected: 0,
      returned: 0,
      released: 0,
      substituteFor: line.lineNo,
    };
    lines.push(substituteLine);
    if (reserved > 0) movements.push(movement(order, by.factId, 'reserve', substituteLine, reserved, 'reservation', ctx.at));
  }
  const record = {
    ...by,
    lineNo: line.lineNo,
    quantity: payload.quantity,
    resolution: substitute ? ('substitute' as const) : ('partial' as const),
    substituteLineNo: substituteLine?.lineNo ?? null,
    consent: substitute?.consent ?? null,
  };
  const after: Order = {
    ...order,
    lines,
    hasShortfall: lines.some((l) => l.shortfall > 0),
    pickup: { ...order.pickup!, shorts: [...order.pickup!.shorts, record] },
  };
  const shortData = { lineNo: line.lineNo, sku: line.sku, name: line.name, quantity: payload.quantity };
  return ok(
    step(
      after,
      ctx.at,
      movements,
      substituteLine ? 'order.substituted' : 'order.short',
      substituteLine
        ? {
            short: shortData,
            substitute: { lineNo: substituteLine.lineNo, sku: substituteLine.sku, name: substituteLine.name, quantity: substituteLine.quantity },
            consent: record.consent,
          }
        : { short: shortData },
    ),
  );
}

function ready(order: Order, by: StaffStamp, ctx: PickupContext): Result<PickupStep> {
  const issued = ctx.issue?.();
  const after: Order = {
    ...order,
    state: 'ready',
    readyAt: ctx.at,
    pickupToken: issued?.token ?? order.pickupToken ?? null,
    pickup: { ...order.pickup!, ready: by, code: issued?.code ?? order.pickup!.code },
  };
  const done = step(after, ctx.at, [], 'order.ready');
  if (ctx.readyMail) done.events.push(ctx.readyMail(after));
  return ok(done);
}

function handoff(order: Order, payload: Payload<'pickup.handoff'>, by: StaffStamp, ctx: PickupContext): Result<PickupStep> {
  const check = verify(order, payload.verification, ctx);
  if (!check.ok) return check;
  const wanted = new Map(payload.lines?.map((l) => [l.lineNo, l.quantity]));
  for (const lineNo of wanted.keys()) {
    if (!order.lines.some((l) => l.lineNo === lineNo)) return fail(ErrorCode.VALIDATION_FAILED, `order ${order.number} has no line ${lineNo}`);
  }
  const tooMany = order.lines.find((l) => (wanted.get(l.lineNo) ?? 0) > l.picked - l.collected);
  if (tooMany)
    return fail(ErrorCode.PICK_OVER_PICK, `only ${tooMany.picked - tooMany.collected} unit(s) of ${tooMany.name} were picked to hand over`);

  const movements: StockMovement[] = [];
  let partial = false;
  const lines = order.lines.map((l) => {
    const handed = payload.lines === null ? l.picked - l.collected : (wanted.get(l.lineNo) ?? 0);
    if (handed < l.picked - l.collected) partial = true;
    if (handed > 0) {
      movements.push(movement(order, by.factId, 'collect', l, -handed, 'collection', ctx.at));
      movements.push(movement(order, by.factId, 'unhold', l, -handed, 'release', ctx.at));
    }
    // Whatever the line still holds beyond what left with the customer goes back to stock: the order is closed.
    const rest = l.reserved - handed;
    if (rest > 0) movements.push(movement(order, by.factId, 'release', l, -rest, 'release', ctx.at));
    const collected = l.collected + handed;
    return { ...l, collected, reserved: 0, shortfall: 0, released: l.quantity - collected };
  });
  if (!lines.some((l) => l.collected > 0))
    return fail(ErrorCode.VALIDATION_FAILED, `a handoff of order ${order.number} hands over at least one unit`);
  const record: HandoffRecord = { ...by, collector: payload.collector, check: check.value, partial };
  const after: Order = {
    ...order,
    state: partial ? 'partially_collected' : 'collected',
    lines,
    hasShortfall: false,
    collectedAt: ctx.at,
    pickup: { ...order.pickup!, handoff: record },
  };
  const collected = lines.filter((l) => l.collected > 0).map(({ lineNo, sku, name, collected: quantity }) => ({ lineNo, sku, name, quantity }));
  return ok(
    step(after, ctx.at, movements, partial ? 'order.partially_collected' : 'order.collected', {
      collected,
      collector: payload.collector,
      verifiedBy: check.value.method,
    }),
  );
}

function verify(order: Order, v: HandoffVerification, ctx: PickupContext): Result<HandoffRecord['check']> {
  const code = order.pickup!.code;
  switch (v.method) {
    case 'code':
      return code !== null && v.code === code
        ? ok({ method: 'code' })
        : fail(ErrorCode.PICKUP_CODE_MISMATCH, `that is not the pickup code of order ${order.number}`);
    case 'qr': {
      const read = parsePickupQr(v.scanned);
      if (!read) return fail(ErrorCode.PICKUP_CODE_MISMATCH, 'that QR code is not a pickup code');
      if (read.number !== order.number) return fail(ErrorCode.PICKUP_CODE_MISMATCH, `that QR code is for order ${read.number}, not ${order.number}`);
      return code !== null && read.code === code
        ? ok({ method: 'qr' })
        : fail(ErrorCode.PICKUP_CODE_MISMATCH, `that QR code is an old one for order ${order.number}`);
    }
    case 'photo_id': {
      const manager = checkAssociate(ctx.staff(v.managerId), { associateId: v.managerId, storeId: order.storeId! }, 'pickup.override');
      if (!manager.ok) return manager;
      return ok({ method: 'photo_id', managerId: manager.value.id, managerName: manager.value.name, reason: v.reason });
    }
  }
}

function cancel(order: Order, reason: string, by: StaffStamp): Result<PickupStep> {
  const cancelled = cancelOrder(order, by.at);
  if (!cancelled.ok) return cancelled;
  const after: Order = { ...cancelled.value.order, pickup: { ...order.pickup!, cancelled: { ...by, reason } }, updatedAt: by.at };
  return ok({
    order: after,
    movements: cancelled.value.movements,
    events: [orderEvent(after, 'order.cancelled', { ...orderCancelledPayload(order, after), reason, cancelledBy: 'store' })],
  });
}

/**
 * The customer checked in (their pickup page): recorded once (pressing "I'm here" again changes nothing), the order
 * waits at the top of the queue once ready. `changed` false: nothing to write.
 */
export function arriveOrder(order: Order, arrival: Omit<Arrival, 'at'>, at: string): Result<PickupStep & { changed: boolean }> {
  if (order.customerArrivedAt !== null) return ok({ order, movements: [], events: [], changed: false });
  const refusal = refusalOf(order, 'arrive', 'customer');
  if (refusal) return { ok: false, error: refusal };
  const row = pickupTransitions.find((t) => t.action === 'arrive' && t.from.includes(order.state))!;
  const after: Order = { ...order, state: row.to[0]!, customerArrivedAt: at, pickup: { ...order.pickup!, arrival: { ...arrival, at } } };
  return ok({ ...step(after, at, [], 'order.customer_arrived', { arrival: after.pickup!.arrival }), changed: true });
}

/**
 * The hold period is over and nobody came: the order expires, everything it holds goes back to stock and the
 * platform hears `order.expired` (it refunds). Used by the server's expiry job.
 */
export function expireOrder(order: Order, at: string): Result<PickupStep> {
  const refusal = refusalOf(order, 'expire', 'server');
  if (refusal) return { ok: false, error: refusal };
  const movements = order.lines.filter((l) => l.reserved > 0).map((l) => movement(order, order.id, 'expire', l, -l.reserved, 'release', at));
  const lines = order.lines.map((l) => ({ ...l, reserved: 0, shortfall: 0, released: l.quantity - l.collected }));
  const after: Order = { ...order, state: 'expired', lines, hasShortfall: false, expiredAt: at };
  const released = order.lines.filter((l) => l.reserved > 0).map((l) => ({ lineNo: l.lineNo, sku: l.sku, quantity: l.reserved }));
  return ok(step(after, at, movements, 'order.expired', { released }));
}

/** The order after a step, updated at `at`, with the webhook event the step sends (the order as it now is, plus `extra`). */
function step(after: Order, at: string, movements: StockMovement[], event?: WebhookEventType, extra: Record<string, unknown> = {}): PickupStep {
  const order = { ...after, updatedAt: at };
  return { order, movements, events: event ? [orderEvent(order, event, { ...publicOrder(order), ...extra })] : [] };
}

const orderEvent = (order: Order, type: WebhookEventType, payload: unknown): EffectEvent => ({
  integrationId: order.integrationId ?? null,
  aggregateType: 'order',
  aggregateId: order.id,
  type,
  payload,
});

function movement(
  order: Order,
  sourceId: string,
  tag: string,
  line: OrderLine,
  quantity: number,
  reason: StockMovement['reason'],
  at: string,
): StockMovement {
  return { id: `${sourceId}:${tag}:${line.lineNo}`, storeId: order.storeId!, sku: line.sku, quantity, reason, sourceId, recordedAt: at };
}

/** Units the line still has to hand over but holds no stock for. */
const withShortfall = (l: OrderLine): OrderLine => ({ ...l, shortfall: Math.max(0, l.quantity - l.released - l.collected - l.reserved) });

type Payload<K extends PickupFact['kind']> = Extract<PickupFact, { kind: K }>['payload'];
