import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { acceptOrder } from '../order/accept.js';
import { OrderIntakeSchema } from '../order/intake.js';
import { reserveOrder } from '../order/reserve.js';
import type { Order, OrderState } from '../order/schema.js';
import type { Role, StaffMember } from '../staff/schema.js';
import { level, pickupIntake } from '../testing/orders.js';
import { product, storeS1 } from '../testing/fixtures.js';
import type { StockMovement } from '../stock/schema.js';
import { decidePickupFact, expireOrder, arriveOrder, type PickupContext } from './decide.js';
import type { PickupFact } from './facts.js';
import { optimisticOrder } from './optimistic.js';
import { pickupQrText } from './qr.js';
import { allowedActions, PICKUP_ACTIONS, refusalOf, type PickupAction } from './transitions.js';

const at = '2026-11-23T16:00:00.000Z';
const SHOES = 'TEN-0001-42-PRE';
const SOCKS = 'MEI-0002-U-BRA';
const SUB = 'TEN-0001-43-PRE';
const names: Record<string, string> = { [SHOES]: 'Runner 42 black', [SOCKS]: 'Socks white', [SUB]: 'Runner 43 black', 'CAP-0009-U-AZU': 'Cap blue' };

const member = (role: Role, name: string, id = `S1-${role}`): StaffMember => ({
  id,
  storeId: 'S1',
  staffNumber: '1',
  name,
  role,
  active: true,
  pinVerifier: { algorithm: 'PBKDF2-SHA256', iterations: 100_000, salt: 'c2FsdHNhbHRzYWx0c2FsdA==', hash: 'aGFzaGhhc2hoYXNoaGFzaA==' },
});
const staff = [
  member('pickup', 'Bruno Lima'),
  member('pickup', 'Paula Reis', 'S1-pickup2'),
  member('associate', 'Ana Souza'),
  member('manager', 'Carla Mendes'),
];
const ctx = (over: Partial<PickupContext> = {}): PickupContext => ({
  at,
  staff: (id) => staff.find((s) => s.id === id),
  product: (sku) => (names[sku] ? { sku, name: names[sku]! } : undefined),
  available: () => 10,
  issue: () => ({ code: '482913', token: 'x'.repeat(32) }),
  ...over,
});

/** A new S1 order: 2 shoes and 1 pair of socks, reserved in full (or `paid: false`, a pending boleto). */
function newOrder({ paid = true, shoes = 2 }: { paid?: boolean; shoes?: number } = {}): Order {
  const input = pickupIntake('S1', [
    { sku: SHOES, quantity: shoes, unitPrice: 39_990 },
    { sku: SOCKS, quantity: 1, unitPrice: 2_990 },
  ]);
  const intake = OrderIntakeSchema.parse(
    paid ? input : { ...input, payments: input.payments.map((p) => ({ ...p, method: 'boleto', status: 'pending' })) },
  );
  const accepted = acceptOrder(intake, {
    id: 'order-1',
    integrationId: 'shop',
    at,
    productsBySku: new Map([SHOES, SOCKS].map((sku) => [sku, product({ sku, name: names[sku]! })])),
    pickupStore: storeS1,
  });
  if (!accepted.ok) throw accepted.error;
  return reserveOrder(accepted.value, new Map([SHOES, SOCKS].map((sku) => [`S1:${sku}`, level('S1', sku, 20)]))).order;
}

let n = 0;
const fact = <K extends PickupFact['kind']>(
  kind: K,
  payload: Extract<PickupFact, { kind: K }>['payload'],
  associateId = 'S1-pickup',
  order = 'order-1',
): PickupFact =>
  ({
    id: `0193a000-0000-7000-8000-${String(++n).padStart(12, '0')}`,
    kind,
    storeId: 'S1',
    deviceId: 'd1',
    associateId,
    createdAtDevice: at,
    subjectId: order,
    payload,
  }) as PickupFact;

const start = (by?: string) => fact('pickup.start', {}, by);
const pick = (sku: string, quantity = 1, by?: string) => fact('pickup.pick', { sku, quantity }, by);
const ready = (by?: string) => fact('pickup.ready', {}, by);
const handoff = (code = '482913', lines: { lineNo: number; quantity: number }[] | null = null, by?: string) =>
  fact('pickup.handoff', { collector: { kind: 'customer' }, verification: { method: 'code', code }, lines }, by);

/** Applies facts in order, failing the test on a refusal; answers the order and every movement. */
function run(order: Order, ...facts: PickupFact[]): { order: Order; movements: StockMovement[] } {
  const movements: StockMovement[] = [];
  for (const f of facts) {
    const d = decidePickupFact(f, order, ctx());
    if (!d.ok) throw new Error(`${f.kind}: ${d.error.code} ${d.error.message}`);
    order = d.value.order;
    movements.push(...d.value.movements);
  }
  return { order, movements };
}
const refused = (order: Order, f: PickupFact, c = ctx()) => {
  const d = decidePickupFact(f, order, c);
  return d.ok ? 'accepted' : [d.error.code, d.error.message];
};
const readyOrder = () => run(newOrder(), start(), pick(SHOES, 2), pick(SOCKS), ready()).order;
const inState = (state: OrderState): Order => {
  const base = newOrder();
  const allPicked = { ...base, lines: base.lines.map((l) => ({ ...l, picked: l.quantity })) };
  return { ...(['ready', 'customer_waiting'].includes(state) ? allPicked : base), state };
};

describe('the transition table', () => {
  // Written out by hand from the issue, not derived from the table: this is what the table must say.
  const expected: Record<OrderState, Partial<Record<'pickup' | 'associate' | 'manager' | 'customer' | 'server', PickupAction[]>>> = {
    new: { pickup: ['start', 'cancel'], associate: ['start'], manager: ['start', 'cancel'], customer: ['arrive'] },
    picking: { pickup: ['pick', 'short', 'cancel'], associate: ['pick', 'short'], manager: ['pick', 'short', 'cancel'], customer: ['arrive'] },
    ready: { pickup: ['handoff', 'cancel'], associate: ['handoff'], manager: ['handoff', 'cancel'], customer: ['arrive'], server: ['expire'] },
    customer_waiting: {
      pickup: ['take', 'handoff', 'cancel'],
      associate: ['take', 'handoff'],
      manager: ['take', 'handoff', 'cancel'],
      server: ['expire'],
    },
    collected: {},
    partially_collected: {},
    cancelled: {},
    expired: {},
    shipped: {},
    delivered: {},
  };

  it('allows exactly the listed actions to each role, the customer and the server, in every state; refuses every other with a reason', () => {
    for (const [state, byActor] of Object.entries(expected) as [OrderState, (typeof expected)[OrderState]][]) {
      const order = inState(state);
      for (const role of ['pickup', 'associate', 'manager'] as const)
        expect([state, role, allowedActions(order, role)]).toEqual([state, role, byActor[role] ?? []]);
      for (const actor of ['customer', 'server'] as const) {
        expect([state, actor, PICKUP_ACTIONS.filter((a) => refusalOf(order, a, actor) === null)]).toEqual([state, actor, byActor[actor] ?? []]);
      }
      for (const action of PICKUP_ACTIONS) {
        const refusal = refusalOf(order, action, { role: 'pickup' });
        if (refusal) expect(refusal.message.length).toBeGreaterThan(10);
      }
    }
  });

  it('offers "ready" only once every unit is picked or given up, and picking only for a paid or authorized order', () => {
    const picking = run(newOrder(), start(), pick(SHOES, 2)).order;
    expect(allowedActions(picking, 'pickup')).toEqual(['pick', 'short', 'cancel']);
    expect(allowedActions(run(picking, pick(SOCKS)).order, 'pickup')).toEqual(['ready', 'cancel']);
    const boleto = newOrder({ paid: false });
    expect(allowedActions(boleto, 'pickup')).toEqual(['cancel']);
    expect(refused(boleto, start())).toEqual([
      'ORDER_AWAITING_PAYMENT',
      `order ${boleto.number} is waiting for payment (boleto): pick it once it is paid`,
    ]);
  });

  it('refuses a handoff before ready and a pick after cancel, naming the state, and changes nothing', () => {
    const order = run(newOrder(), start()).order;
    expect(refused(order, handoff())).toEqual(['PICKUP_TRANSITION_REFUSED', `order ${order.number} is picking: it cannot be handed off now`]);
    const cancelled = run(order, fact('pickup.cancel', { reason: 'customer called' })).order;
    expect(refused(cancelled, pick(SHOES))).toEqual(['PICKUP_TRANSITION_REFUSED', `order ${order.number} was cancelled by Bruno Lima at ${at}`]);
  });
});

describe('deciding pickup facts', () => {
  it('picks by scan: a wrong item is refused by its name, an extra unit names who picked the last one and when', () => {
    const picking = run(newOrder(), start()).order;
    expect(refused(picking, pick('CAP-0009-U-AZU'))).toEqual(['PICK_WRONG_ITEM', `Cap blue (CAP-0009-U-AZU) is not in order ${picking.number}`]);
    const done = run(picking, pick(SHOES, 2, 'S1-pickup2')).order;
    expect(done.lines[0]).toMatchObject({ picked: 2, reserved: 2 });
    expect(refused(done, pick(SHOES))).toEqual([
      'PICK_OVER_PICK',
      `every unit of Runner 42 black in order ${picking.number} is already picked (the last one by Paula Reis at ${at})`,
    ]);
  });

  it('short-picks: partial releases the units it gives up; a substitute is added with the consent, reserved, picked like a line', () => {
    const picking = run(newOrder(), start(), pick(SHOES)).order;
    const partial = decidePickupFact(fact('pickup.short', { lineNo: 1, quantity: 1, substitute: null }), picking, ctx());
    expect(partial.ok && partial.value.movements).toEqual([expect.objectContaining({ sku: SHOES, quantity: -1, reason: 'release' })]);
    expect(partial.ok && partial.value.events.map((e) => e.kind !== 'mail' && e.type)).toEqual(['order.short']);
    expect(partial.ok && partial.value.order.lines[0]).toMatchObject({ quantity: 2, picked: 1, reserved: 1, released: 1 });

    const consent = { channel: 'whatsapp' as const, note: 'ok with size 43' };
    const sub = decidePickupFact(fact('pickup.short', { lineNo: 1, quantity: 1, substitute: { sku: SUB, quantity: 1, consent } }), picking, ctx());
    if (!sub.ok) throw sub.error;
    expect(sub.value.order.lines[2]).toMatchObject({
      lineNo: 3,
      sku: SUB,
      name: 'Runner 43 black',
      quantity: 1,
      reserved: 1,
      unitPrice: 0,
      substituteFor: 1,
    });
    expect(sub.value.order.pickup!.shorts[0]).toMatchObject({ resolution: 'substitute', substituteLineNo: 3, consent, staffName: 'Bruno Lima' });
    expect(sub.value.movements.map((m) => [m.sku, m.quantity, m.reason])).toEqual([
      [SHOES, -1, 'release'],
      [SUB, 1, 'reservation'],
    ]);
    expect(sub.value.events.map((e) => e.kind !== 'mail' && e.type)).toEqual(['order.substituted']);
    const readied = run(sub.value.order, pick(SUB), pick(SOCKS), ready()).order;
    expect(readied.state).toBe('ready');
  });

  it('ready issues the pickup code and the page token, and sends order.ready and the mail the server writes', () => {
    const picked = run(newOrder(), start(), pick(SHOES, 2), pick(SOCKS)).order;
    const d = decidePickupFact(
      ready(),
      picked,
      ctx({ readyMail: (o) => ({ kind: 'mail', to: o.customer.email, subject: `ready ${o.pickup!.code}`, text: '' }) }),
    );
    if (!d.ok) throw d.error;
    expect(d.value.order).toMatchObject({
      state: 'ready',
      readyAt: at,
      pickupToken: 'x'.repeat(32),
      pickup: { code: '482913', ready: { staffName: 'Bruno Lima' } },
    });
    expect(d.value.events).toMatchObject([
      { type: 'order.ready', integrationId: 'shop' },
      { kind: 'mail', subject: 'ready 482913' },
    ]);
  });

  it('hands off by code or QR; a wrong code is refused; a photo ID needs an active manager', () => {
    const order = readyOrder();
    expect(refused(order, handoff('000000'))).toEqual(['PICKUP_CODE_MISMATCH', `that is not the pickup code of order ${order.number}`]);
    const qr = fact('pickup.handoff', {
      collector: { kind: 'third_party', name: 'João Souza' },
      verification: { method: 'qr', scanned: pickupQrText(order, '482913') },
      lines: null,
    });
    expect(refused(order, qr)).toBe('accepted');
    const photo = (managerId: string) =>
      fact('pickup.handoff', { collector: { kind: 'customer' }, verification: { method: 'photo_id', managerId, reason: 'phone died' }, lines: null });
    expect(refused(order, photo('S1-pickup2'))).toEqual(['ASSOCIATE_NOT_ALLOWED', 'the pickup role may not approve a handoff on a photo ID']);
    const byManager = decidePickupFact(photo('S1-manager'), order, ctx());
    expect(byManager.ok && byManager.value.order.pickup!.handoff!.check).toEqual({
      method: 'photo_id',
      managerId: 'S1-manager',
      managerName: 'Carla Mendes',
      reason: 'phone died',
    });
  });

  it('a full handoff takes the units off on hand and ends their hold; a partial one sends the rest back to stock', () => {
    const order = readyOrder();
    const full = decidePickupFact(handoff(), order, ctx());
    if (!full.ok) throw full.error;
    expect(full.value.order).toMatchObject({ state: 'collected', collectedAt: at });
    expect(full.value.movements.map((m) => [m.sku, m.quantity, m.reason])).toEqual([
      [SHOES, -2, 'collection'],
      [SHOES, -2, 'release'],
      [SOCKS, -1, 'collection'],
      [SOCKS, -1, 'release'],
    ]);
    expect(full.value.events).toMatchObject([
      {
        type: 'order.collected',
        payload: {
          collected: [
            { lineNo: 1, quantity: 2 },
            { lineNo: 2, quantity: 1 },
          ],
        },
      },
    ]);

    const partial = decidePickupFact(handoff('482913', [{ lineNo: 1, quantity: 1 }]), order, ctx());
    if (!partial.ok) throw partial.error;
    expect(partial.value.order.state).toBe('partially_collected');
    expect(partial.value.order.lines.map((l) => [l.collected, l.released, l.reserved])).toEqual([
      [1, 1, 0],
      [0, 1, 0],
    ]);
    expect(partial.value.movements.map((m) => [m.sku, m.quantity, m.reason])).toEqual([
      [SHOES, -1, 'collection'],
      [SHOES, -1, 'release'],
      [SHOES, -1, 'release'],
      [SOCKS, -1, 'release'],
    ]);
  });

  it('a second handoff of the same order is refused naming who handed it off and when', () => {
    const collected = run(readyOrder(), handoff('482913', null, 'S1-pickup2')).order;
    expect(refused(collected, handoff())).toEqual([
      'ORDER_ALREADY_COLLECTED',
      `order ${collected.number} was already handed off by Paula Reis at ${at}`,
    ]);
  });

  it('refuses a fact for another store’s order and an associate of no store alike', () => {
    const other = { ...readyOrder(), storeId: 'S2' };
    expect(refused(other, handoff())).toEqual(['ORDER_NOT_AT_STORE', 'order order-1 is not an order of store S1']);
    expect(refused(readyOrder(), handoff('482913', null, 'S9-ghost'))).toEqual([
      'ASSOCIATE_NOT_ALLOWED',
      'associate S9-ghost is not staff of store S1',
    ]);
  });

  it('the customer checks in once (the second press changes nothing); the server expires a ready order, releasing what it holds', () => {
    const order = readyOrder();
    const arrived = arriveOrder(order, { where: 'curbside', note: 'blue car, spot 4' }, at);
    if (!arrived.ok) throw arrived.error;
    expect(arrived.value).toMatchObject({
      changed: true,
      order: { state: 'customer_waiting', customerArrivedAt: at, pickup: { arrival: { note: 'blue car, spot 4' } } },
    });
    expect(arriveOrder(arrived.value.order, { where: 'curbside', note: 'again' }, at)).toMatchObject({
      ok: true,
      value: { changed: false, events: [] },
    });
    const expired = expireOrder(order, at);
    if (!expired.ok) throw expired.error;
    expect(expired.value.order).toMatchObject({ state: 'expired', expiredAt: at });
    expect(expired.value.movements.map((m) => [m.sku, m.quantity, m.reason])).toEqual([
      [SHOES, -2, 'release'],
      [SOCKS, -1, 'release'],
    ]);
    expect(expireOrder(expired.value.order, at).ok).toBe(false);
  });
});

describe('"I\'m on it": taking a waiting customer', () => {
  const take = (by?: string) => fact('pickup.take', {}, by);
  const waitingOrder = () => {
    const arrived = arriveOrder(readyOrder(), { where: 'curbside', note: 'blue car, spot 4' }, at);
    if (!arrived.ok) throw arrived.error;
    return arrived.value.order;
  };

  it('records who took the customer and when; the order keeps waiting, moves no stock and tells no webhook', () => {
    const order = waitingOrder();
    const f = take('S1-pickup2');
    const taken = decidePickupFact(f, order, ctx({ at: '2026-11-23T16:03:00.000Z' }));
    if (!taken.ok) throw taken.error;
    expect(taken.value.order).toMatchObject({ state: 'customer_waiting', customerArrivedAt: at, updatedAt: '2026-11-23T16:03:00.000Z' });
    expect(taken.value.order.pickup!.takenBy).toEqual({
      staffId: 'S1-pickup2',
      staffName: 'Paula Reis',
      at: '2026-11-23T16:03:00.000Z',
      factId: f.id,
    });
    expect([taken.value.movements, taken.value.events]).toEqual([[], []]);
    // Taken, the order is handed over as before.
    expect(run(taken.value.order, handoff()).order.state).toBe('collected');
  });

  it('is allowed only while the customer waits: before arrival and after the handoff it is refused, naming the state', () => {
    const ready = readyOrder();
    expect(refused(ready, take())).toEqual(['PICKUP_TRANSITION_REFUSED', `order ${ready.number} is ready: it cannot be taken now`]);
    expect(allowedActions(ready, 'pickup')).not.toContain('take');
    const collected = run(waitingOrder(), handoff()).order;
    expect(refused(collected, take())).toEqual([
      'ORDER_ALREADY_COLLECTED',
      `order ${collected.number} was already handed off by Bruno Lima at ${at}`,
    ]);
  });

  it('a customer someone else took is refused naming who and since when; taking one’s own again changes nothing', () => {
    const taken = run(waitingOrder(), take('S1-pickup2')).order;
    expect(refused(taken, take('S1-pickup'))).toEqual(['PICKUP_ALREADY_TAKEN', `Paula Reis took the customer of order ${taken.number} at ${at}`]);
    expect(allowedActions(taken, 'pickup')).toEqual(['handoff', 'cancel']);
    const again = decidePickupFact(take('S1-pickup2'), taken, ctx({ at: '2026-11-23T17:00:00.000Z' }));
    expect(again.ok && again.value).toEqual({ order: taken, movements: [], events: [] });
  });

  it('on a device, a pending take the replicated order no longer allows (another device took it first) is listed with who took it', () => {
    const order = waitingOrder();
    const mine = take('S1-pickup');
    expect(optimisticOrder(order, [mine], ctx({ issue: undefined })).order.pickup!.takenBy).toMatchObject({ staffName: 'Bruno Lima' });
    const takenElsewhere = run(order, take('S1-pickup2')).order;
    const shown = optimisticOrder(takenElsewhere, [mine], ctx({ issue: undefined }));
    expect(shown.order.pickup!.takenBy).toMatchObject({ staffName: 'Paula Reis' });
    expect(shown.refused).toEqual([{ factId: mine.id, error: expect.objectContaining({ code: 'PICKUP_ALREADY_TAKEN' }) }]);
  });
});

describe('optimisticOrder', () => {
  it('shows the device’s pending facts applied, and lists the ones the server would refuse without dropping them', () => {
    const order = newOrder();
    const pending = [start(), pick(SHOES, 2), pick('CAP-0009-U-AZU'), pick(SOCKS)];
    const shown = optimisticOrder(order, pending, ctx({ issue: undefined }));
    expect(shown.order).toMatchObject({ state: 'picking', lines: [{ picked: 2 }, { picked: 1 }] });
    expect(shown.refused).toEqual([{ factId: pending[2]!.id, error: expect.objectContaining({ code: 'PICK_WRONG_ITEM' }) }]);
    expect(optimisticOrder(order, [], ctx()).order).toBe(order);
  });

  it('keeps an accepted step on screen until the order that holds it arrives, so picking never flips back to new', () => {
    const order = newOrder();
    const decidedAt = '2026-11-23T16:05:00.000Z';
    const started = { ...start(), outcome: { status: 'accepted' as const, code: null, message: null, decidedAt } };
    expect(optimisticOrder(order, [started], ctx()).order).toMatchObject({ state: 'picking', updatedAt: decidedAt });
    const arrived = { ...run(order, start()).order, updatedAt: decidedAt };
    expect(optimisticOrder(arrived, [started], ctx()).order).toBe(arrived);
    const refused = { ...start(), outcome: { status: 'rejected' as const, code: 'X', message: 'x', decidedAt } };
    expect(optimisticOrder(order, [refused], ctx())).toEqual({ order, refused: [] });
  });
});

describe('two devices, random actions', () => {
  const move = fc.record({
    device: fc.constantFrom(0 as const, 1 as const),
    // Cancels are rarer, so that most runs get as far as the handoffs.
    action: fc.oneof(
      {
        arbitrary: fc.constantFrom('start' as const, 'pick' as const, 'short' as const, 'ready' as const, 'handoff' as const, 'partial' as const),
        weight: 12,
      },
      { arbitrary: fc.constant('cancel' as const), weight: 1 },
    ),
    line: fc.constantFrom(0 as const, 1 as const),
    quantity: fc.integer({ min: 1, max: 2 }),
    /** The device reaches the server after recording this. */
    sync: fc.boolean(),
  });

  it('never collects an order twice, and collected + released + returned never exceed what was ordered, whatever the interleaving', () => {
    fc.assert(
      fc.property(fc.array(move, { minLength: 5, maxLength: 40, size: 'max' }), (moves) => {
        let server = newOrder();
        const ledger = new Map<string, number>([
          [SHOES, 2],
          [SOCKS, 1],
        ]);
        const queues: PickupFact[][] = [[], []];
        const views = [server, server];
        const staffOf = ['S1-pickup', 'S1-pickup2'];
        let handoffs = 0;
        const deliver = (device: 0 | 1) => {
          const f = queues[device]!.shift();
          if (!f) return;
          const d = decidePickupFact(f, server, ctx());
          if (!d.ok) return;
          server = d.value.order;
          if (f.kind === 'pickup.handoff') handoffs++;
          for (const m of d.value.movements) if (m.reason !== 'collection') ledger.set(m.sku, (ledger.get(m.sku) ?? 0) + m.quantity);
          views[0] = optimisticOrder(server, queues[0]!, ctx()).order;
          views[1] = optimisticOrder(server, queues[1]!, ctx()).order;
        };
        for (const m of moves) {
          // A device records what its own (possibly stale) view allows; it syncs at random moments.
          const view = views[m.device]!;
          const line = view.lines[m.line]!;
          const by = staffOf[m.device];
          const f =
            m.action === 'start'
              ? start(by)
              : m.action === 'pick'
                ? pick(line.sku, m.quantity, by)
                : m.action === 'short'
                  ? fact('pickup.short', { lineNo: line.lineNo, quantity: m.quantity, substitute: null }, by)
                  : m.action === 'ready'
                    ? ready(by)
                    : m.action === 'handoff'
                      ? handoff('482913', null, by)
                      : m.action === 'partial'
                        ? handoff('482913', [{ lineNo: line.lineNo, quantity: 1 }], by)
                        : fact('pickup.cancel', { reason: 'test' }, by);
          const local = decidePickupFact(f, view, ctx({ issue: undefined }));
          if (local.ok) {
            queues[m.device]!.push(f);
            views[m.device] = local.value.order;
          }
          if (m.sync) while (queues[m.device]!.length > 0) deliver(m.device);
        }
        while (queues[0]!.length + queues[1]!.length > 0) {
          deliver(0);
          deliver(1);
        }
        expect(handoffs).toBeLessThanOrEqual(1);
        for (const l of server.lines) {
          expect(l.collected).toBeLessThanOrEqual(l.quantity);
          expect(l.collected + l.released + l.returned).toBeLessThanOrEqual(l.quantity);
        }
        // The reservations the ledger holds are exactly what the order says it holds, never below zero.
        for (const sku of [SHOES, SOCKS]) {
          const held = server.lines.filter((l) => l.sku === sku).reduce((s, l) => s + l.reserved, 0);
          expect([sku, ledger.get(sku)]).toEqual([sku, held]);
        }
      }),
      { numRuns: 300 },
    );
  });
});
