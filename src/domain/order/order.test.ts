import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ErrorCode } from '../kernel/errors.js';
import { foldMovements } from '../stock/ledger.js';
import { stockLevelId, type StockLevel } from '../stock/schema.js';
import { storeS1 } from '../testing/fixtures.js';
import { level, pickupIntake } from '../testing/orders.js';
import { acceptOrder, type AcceptContext } from './accept.js';
import { checkOrderArithmetic } from './arithmetic.js';
import { cancelOrder } from './cancel.js';
import { orderAcceptedPayload } from './events.js';
import { OrderIntakeSchema, type OrderIntake, type OrderIntakeInput } from './intake.js';
import { orderLookupKey, orderLookupValues, toOrderSummary } from './lookup.js';
import { reserveOrder } from './reserve.js';
import { OrderSchema, type Order } from './schema.js';

const at = '2026-11-23T12:15:00.000Z';
const SKUS = ['TEN-0001-42-PRE', 'CAM-0002-M-AZU', 'CAL-0003-40-BEG'];
const ctx = (over: Partial<AcceptContext> = {}): AcceptContext => ({
  id: '01970000-0000-7000-8000-000000000001',
  integrationId: 'int-1',
  at,
  productsBySku: new Map(SKUS.map((sku) => [sku, { sku, name: `Product ${sku}` }])),
  pickupStore: storeS1,
  ...over,
});
const parse = (input: OrderIntakeInput): OrderIntake => OrderIntakeSchema.parse(input);
const accepted = (input: OrderIntakeInput): Order => {
  const result = acceptOrder(parse(input), ctx());
  if (!result.ok) throw result.error;
  return result.value;
};

describe('order intake request', () => {
  it('normalises what platforms send: times to UTC, email to lower case, phone and CPF to digits', () => {
    const intake = parse(pickupIntake('S1', [{ sku: SKUS[0]!, quantity: 1, unitPrice: 12990 }]));
    expect(intake.placedAt).toBe('2026-11-23T12:12:00.000Z');
    expect(intake.fulfilment.promisedAt).toBe('2026-11-23T19:00:00.000Z');
    expect(intake.customer).toMatchObject({
      email: 'ana.souza@example.com',
      phone: '+5511987654321',
      nationalId: { kind: 'cpf', number: '52998224725' },
    });
  });

  it('refuses card data, a pending card payment and a bad CPF with field paths', () => {
    const base = pickupIntake('S1', [{ sku: SKUS[0]!, quantity: 1, unitPrice: 12990 }]);
    const card = {
      ...base.payments[0]!,
      method: 'credit_card' as const,
      reference: '4111 1111 1111 1111',
      status: 'pending' as const,
      cardNumber: '4111111111111111',
    };
    const result = OrderIntakeSchema.safeParse({
      ...base,
      payments: [card],
      customer: { ...base.customer, nationalId: { kind: 'cpf', number: '529.982.247-24' } },
    });
    const paths = result.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['payments.0', 'payments.0.reference', 'customer.nationalId.number']));
  });
});

describe('checkOrderArithmetic', () => {
  it('accepts figures within 1 minor unit per line and names each figure that differs beyond', () => {
    const input = pickupIntake('S1', [
      { sku: SKUS[0]!, quantity: 2, unitPrice: 4995, discount: 500 },
      { sku: SKUS[1]!, quantity: 1, unitPrice: 7990 },
    ]);
    const rounded = parse({
      ...input,
      lines: input.lines.map((l) => ({ ...l, total: l.total! + 1 })),
      totals: { ...input.totals, total: input.totals.total + 2 },
    });
    expect(checkOrderArithmetic({ ...rounded, payments: [{ ...rounded.payments[0]!, amount: rounded.totals.total }] }).ok).toBe(true);

    const wrong = parse({
      ...input,
      lines: [{ ...input.lines[0]!, total: input.lines[0]!.total! + 2 }, input.lines[1]!],
      totals: { ...input.totals, shipping: 100 },
    });
    const result = checkOrderArithmetic(wrong);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe(ErrorCode.ORDER_TOTALS_MISMATCH);
    expect(result.error.fieldErrors).toEqual([
      { path: 'lines.0.total', message: 'is 9492, expected 9490 (2 × 4995 − 500)' },
      { path: 'totals.shipping', message: 'is 100, expected 0 (shipping)' },
    ]);
  });

  it('adds tax to the line total when prices exclude it, and counts order discounts and shipping', () => {
    const input = pickupIntake('S1', [{ sku: SKUS[0]!, quantity: 1, unitPrice: 10000 }]);
    const order = parse({
      ...input,
      pricesIncludeTax: false,
      lines: [{ ...input.lines[0]!, tax: 1800, total: 11800 }],
      discounts: [{ code: 'BEMVINDO', description: 'Welcome coupon', amount: 1000 }],
      shipping: 1500,
      payments: [{ ...input.payments[0]!, amount: 12300 }],
      totals: { subtotal: 10000, discount: 1000, shipping: 1500, tax: 1800, total: 12300 },
    });
    expect(checkOrderArithmetic(order)).toEqual({ ok: true, value: undefined });
  });

  it('property: exact figures always pass; a line total off by more than 1 is always named', () => {
    const lineArb = fc.record({
      quantity: fc.integer({ min: 1, max: 50 }),
      unitPrice: fc.integer({ min: 0, max: 500_000 }),
      discountBp: fc.integer({ min: 0, max: 10_000 }),
    });
    fc.assert(
      fc.property(fc.array(lineArb, { minLength: 1, maxLength: 8 }), fc.integer({ min: 2, max: 1_000 }), fc.nat(), (items, delta, pick) => {
        const priced = items.map((l, i) => ({
          sku: SKUS[i % SKUS.length]!,
          ...l,
          discount: Math.floor((l.quantity * l.unitPrice * l.discountBp) / 10_000),
        }));
        const input = pickupIntake('S1', priced);
        const payments = input.totals.total > 0 ? input.payments : [{ ...input.payments[0]!, amount: 1 }];
        const fixedTotals = input.totals.total > 0 ? input.totals : { ...input.totals, total: 1 };
        if (input.totals.total === 0) return; // a free order has no payment to check; not what this property is about
        expect(checkOrderArithmetic(parse({ ...input, payments, totals: fixedTotals })).ok).toBe(true);
        const i = pick % input.lines.length;
        const lines = input.lines.map((l, j) => (j === i ? { ...l, total: l.total! + delta } : l));
        const result = checkOrderArithmetic(parse({ ...input, lines }));
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.error.fieldErrors.map((e) => e.path)).toContain(`lines.${i}.total`);
      }),
    );
  });
});

describe('acceptOrder', () => {
  it('builds a new order with the catalog names and nothing reserved yet; the stored schema accepts it', () => {
    const order = accepted(pickupIntake('S1', [{ sku: SKUS[0]!, quantity: 2, unitPrice: 12990 }]));
    expect(order).toMatchObject({ state: 'new', storeId: 'S1', promisedAt: '2026-11-23T19:00:00.000Z', acceptedAt: at, hasShortfall: false });
    expect(order.lines[0]).toMatchObject({ lineNo: 1, name: `Product ${SKUS[0]}`, quantity: 2, reserved: 0, picked: 0, collected: 0, returned: 0 });
    expect(OrderSchema.safeParse(order).success).toBe(true);
  });

  it('names an unknown store, unknown SKUs and a foreign currency (422 codes)', () => {
    const input = parse(
      pickupIntake('S9', [
        { sku: SKUS[0]!, quantity: 1, unitPrice: 100 },
        { sku: 'NOPE-1', quantity: 1, unitPrice: 100 },
      ]),
    );
    const noStore = acceptOrder(input, ctx({ pickupStore: undefined }));
    expect(noStore.ok || noStore.error.fieldErrors).toEqual([{ path: 'fulfilment.storeId', message: 'no store "S9"' }]);
    const noSku = acceptOrder(input, ctx());
    expect(noSku.ok || [noSku.error.code, noSku.error.fieldErrors]).toEqual([
      ErrorCode.ORDER_UNKNOWN_SKU,
      [{ path: 'lines.1.sku', message: 'unknown SKU NOPE-1' }],
    ]);
    const foreign = acceptOrder(parse({ ...pickupIntake('S1', [{ sku: SKUS[0]!, quantity: 1, unitPrice: 100 }]), currency: 'USD' }), ctx());
    expect(foreign.ok || foreign.error.code).toBe(ErrorCode.ORDER_CURRENCY_MISMATCH);
  });
});

describe('reserveOrder', () => {
  const levelsOf = (...ls: StockLevel[]) => new Map(ls.map((l) => [l.id, l]));

  it('reserves what is available and flags the rest as shortfall; the level keeps onHand and loses availability', () => {
    const order = accepted(
      pickupIntake('S1', [
        { sku: SKUS[0]!, quantity: 3, unitPrice: 100 },
        { sku: SKUS[1]!, quantity: 1, unitPrice: 100 },
      ]),
    );
    const levels = levelsOf(level('S1', SKUS[0]!, 2), level('S1', SKUS[1]!, 5));
    const { order: reserved, movements } = reserveOrder(order, levels);
    expect(reserved.lines.map((l) => [l.reserved, l.shortfall])).toEqual([
      [2, 1],
      [1, 0],
    ]);
    expect(reserved.hasShortfall).toBe(true);
    expect(movements.map((m) => m.id)).toEqual([`${order.id}:reserve:1`, `${order.id}:reserve:2`]);
    const after = foldMovements(levels, movements);
    expect(after.get(stockLevelId('S1', SKUS[0]!))).toMatchObject({ onHand: 2, reserved: 2, available: 0 });
    expect(after.get(stockLevelId('S1', SKUS[1]!))).toMatchObject({ onHand: 5, reserved: 1, available: 4 });
  });

  it('reserves nothing for a shipped order', () => {
    const input = pickupIntake('S1', [{ sku: SKUS[0]!, quantity: 1, unitPrice: 100 }]);
    const shipped = accepted({
      ...input,
      fulfilment: {
        type: 'ship',
        promisedAt: '2026-11-28T12:00:00Z',
        address: { recipient: 'Ana', street: 'Rua Augusta', number: '100', city: 'São Paulo', region: 'SP', postalCode: '01304-000', country: 'BR' },
      },
    });
    expect(shipped.storeId).toBeNull();
    expect(reserveOrder(shipped, levelsOf(level('S1', SKUS[0]!, 5))).movements).toEqual([]);
  });

  it('property: reserved + shortfall = ordered per line, and reservations never take a level below zero available', () => {
    const arb = fc.record({
      lines: fc.array(fc.record({ sku: fc.constantFrom(...SKUS), quantity: fc.integer({ min: 1, max: 20 }) }), { minLength: 1, maxLength: 6 }),
      levels: fc.array(fc.record({ onHand: fc.integer({ min: -5, max: 30 }), reserved: fc.integer({ min: 0, max: 10 }) }), {
        minLength: SKUS.length,
        maxLength: SKUS.length,
      }),
    });
    fc.assert(
      fc.property(arb, ({ lines, levels }) => {
        const order = accepted(
          pickupIntake(
            'S1',
            lines.map((l) => ({ ...l, unitPrice: 100 })),
          ),
        );
        const before = levelsOf(...SKUS.map((sku, i) => level('S1', sku, levels[i]!.onHand, levels[i]!.reserved)));
        const { order: reserved, movements } = reserveOrder(order, before);
        for (const l of reserved.lines) {
          expect(l.reserved + l.shortfall).toBe(l.quantity);
          expect(l.reserved).toBeGreaterThanOrEqual(0);
        }
        expect(reserved.hasShortfall).toBe(reserved.lines.some((l) => l.shortfall > 0));
        const after = foldMovements(before, movements);
        for (const [id, lvl] of after) {
          const was = before.get(id)!;
          expect(lvl.onHand).toBe(was.onHand);
          expect(lvl.available).toBeGreaterThanOrEqual(Math.min(0, was.available));
          const heldForSku = reserved.lines.filter((l) => stockLevelId('S1', l.sku) === id).reduce((a, l) => a + l.reserved, 0);
          expect(lvl.reserved - was.reserved).toBe(heldForSku);
        }
      }),
    );
  });
});

describe('cancelOrder', () => {
  const reservedOrder = () => {
    const order = accepted(
      pickupIntake('S1', [
        { sku: SKUS[0]!, quantity: 2, unitPrice: 100 },
        { sku: SKUS[1]!, quantity: 1, unitPrice: 100 },
      ]),
    );
    return reserveOrder(order, new Map([[stockLevelId('S1', SKUS[0]!), level('S1', SKUS[0]!, 5)]])).order;
  };

  it('releases exactly what the order holds and records when', () => {
    const order = reservedOrder();
    const result = cancelOrder(order, '2026-11-23T15:00:00.000Z');
    if (!result.ok) throw result.error;
    expect(result.value.movements).toEqual([expect.objectContaining({ id: `${order.id}:release:1`, sku: SKUS[0], quantity: -2, reason: 'release' })]);
    expect(result.value.order).toMatchObject({ state: 'cancelled', cancelledAt: '2026-11-23T15:00:00.000Z' });
    expect(result.value.order.lines.every((l) => l.reserved === 0)).toBe(true);
    expect(cancelOrder(result.value.order, at)).toEqual({ ok: true, value: { order: result.value.order, movements: [], changed: false } });
  });

  it('refuses once anything was collected, and for an order already shipped', () => {
    const collected = cancelOrder({ ...reservedOrder(), state: 'partially_collected' }, at);
    expect(collected.ok || collected.error.code).toBe(ErrorCode.ORDER_ALREADY_COLLECTED);
    const shipped = cancelOrder({ ...reservedOrder(), state: 'shipped' }, at);
    expect(shipped.ok || shipped.error.code).toBe(ErrorCode.ORDER_NOT_CANCELLABLE);
  });
});

describe('lookup and events', () => {
  it('finds an order by number in any case, email in any case, and phone with or without the country code', () => {
    const order = accepted(pickupIntake('S1', [{ sku: SKUS[0]!, quantity: 1, unitPrice: 100 }], { number: 'Web-77' }));
    expect(orderLookupValues.number(order)).toContain(orderLookupKey.number(' web-77 '));
    expect(orderLookupValues.email(order)).toContain(orderLookupKey.email('ANA.souza@example.com'));
    expect(orderLookupValues.phone(order)).toContain(orderLookupKey.phone('(11) 98765-4321'));
    expect(orderLookupValues.phone(order)).toContain(orderLookupKey.phone('+55 11 98765 4321'));
  });

  it('a lookup summary carries no payment reference, contact detail or integration', () => {
    const text = JSON.stringify(toOrderSummary(accepted(pickupIntake('S1', [{ sku: SKUS[0]!, quantity: 1, unitPrice: 100 }]))));
    for (const secret of ['E18236120202611231212s0123456789', 'example.com', '98765', 'int-1', '52998224725']) expect(text).not.toContain(secret);
  });

  it('order.accepted names the short lines', () => {
    const order = reserveOrder(
      accepted(pickupIntake('S1', [{ sku: SKUS[0]!, quantity: 3, unitPrice: 100 }])),
      new Map([[stockLevelId('S1', SKUS[0]!), level('S1', SKUS[0]!, 1)]]),
    ).order;
    expect(orderAcceptedPayload(order).shortLines).toEqual([{ lineNo: 1, sku: SKUS[0], name: `Product ${SKUS[0]}`, shortfall: 2 }]);
  });
});
