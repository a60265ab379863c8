import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Product, Store, TaxClass } from '../catalog/schema.js';
import type { CashRounding, TaxRounding } from '../catalog/store-settings.js';
import { DomainError, ErrorCode } from '../kernel/errors.js';
import { priceCart } from '../tax/price-cart.js';
import { PaymentTenderSchema, type PaymentTender } from '../tender/schema.js';
import { roundCash } from '../tender/state.js';
import { cardTender, cashTender, pixTender, reversed } from '../testing/sales.js';
import { fixedClock, product, sequentialIds, storeS1 } from '../testing/fixtures.js';
import { completeSale, type SaleLineInput } from './build-sale.js';
import { checkSalePrices } from './price-check.js';
import { SaleSchema, type LineDiscount, type Sale } from './schema.js';
import { verifySale } from './verify-sale.js';

/**
 * The till (completeSale) and the server (verifySale, checkSalePrices) run the same pricing and tender code, so for
 * any cart, discounts and tenders they agree to the cent, no cent goes missing between lines, taxes, tenders and
 * change, and a sale with any one figure off by one unit is refused.
 */

const decidedAt = '2026-11-23T16:05:00.000Z';

// ---- arbitraries ---------------------------------------------------------------------------------------------------

const arbStore = fc
  .record({
    pricesIncludeTax: fc.boolean(),
    standard: fc.integer({ min: 0, max: 3_000 }),
    reduced: fc.integer({ min: 0, max: 1_500 }),
    taxRounding: fc.constantFrom<TaxRounding>('line', 'total'),
    cashRounding: fc.constantFrom<CashRounding>(1, 5, 10),
  })
  .map(({ standard, reduced, ...rest }): Store => ({ ...storeS1, ...rest, taxRates: { standard, reduced, exempt: 0 } }));

/** A discount as a share of the line's gross (so the line's discounts never pass it), promotion or manual. */
const arbDiscount = fc.record({
  shareBp: fc.integer({ min: 1, max: 3_000 }),
  discount: fc.oneof(
    fc.record({ source: fc.constant('promotion' as const), promotionId: fc.constantFrom('PROMO-1', 'PROMO-2') }),
    fc.record({
      source: fc.constant('manual' as const),
      scope: fc.constantFrom('line' as const, 'cart' as const),
      reason: fc.constantFrom('damaged_item' as const, 'price_match' as const, 'loyalty' as const, 'other' as const),
    }),
  ),
});

const arbLine = fc.record({
  unitPrice: fc.integer({ min: 0, max: 200_000 }),
  quantity: fc.integer({ min: 1, max: 12 }),
  taxClass: fc.constantFrom<TaxClass>('standard', 'reduced', 'exempt'),
  discounts: fc.array(arbDiscount, { maxLength: 3 }),
});

/** How the customer pays, as shares of what is left to pay; the tenders themselves depend on the total. */
const arbPayment = fc.record({
  nonCash: fc.array(fc.record({ kind: fc.constantFrom('card' as const, 'pix' as const), shareBp: fc.integer({ min: 0, max: 10_000 }) }), {
    maxLength: 3,
  }),
  reversedTenders: fc.array(
    fc.record({ kind: fc.constantFrom('cash' as const, 'card' as const, 'pix' as const), amount: fc.integer({ min: 1, max: 100_000 }) }),
    {
      maxLength: 2,
    },
  ),
  cashSettles: fc.boolean(),
  cashOver: fc.integer({ min: 0, max: 5_000 }),
});

const arbCase = fc.record({ store: arbStore, lines: fc.array(arbLine, { minLength: 1, maxLength: 10 }), payment: arbPayment });

// ---- building the sale as the till does ----------------------------------------------------------------------------

const skuOf = (i: number) => `SKU-${String(i + 1).padStart(3, '0')}`;

function lineInputs(
  lines: readonly { unitPrice: number; quantity: number; taxClass: TaxClass; discounts: { shareBp: number; discount: object }[] }[],
) {
  return lines.map((l, i): SaleLineInput => {
    const gross = l.unitPrice * l.quantity;
    const discounts = l.discounts
      .map(({ shareBp, discount }) => ({ ...discount, amount: Math.floor((gross * shareBp) / 10_000) }) as LineDiscount)
      .filter((d) => d.amount > 0);
    return { sku: skuOf(i), name: `Item ${i + 1}`, quantity: l.quantity, unitPrice: l.unitPrice, taxClass: l.taxClass, discounts };
  });
}

/** Tenders that settle `total`: reversed ones first (kept, paying nothing), card and Pix shares, then cash or a card for the rest. */
function tendersFor(total: number, step: CashRounding, plan: PaymentPlan): PaymentTender[] {
  const ids = sequentialIds('t');
  const tenders: PaymentTender[] = plan.reversedTenders.map(({ kind, amount }) => reversed(tenderOf(kind, ids(), amount)));
  let left = total;
  for (const { kind, shareBp } of plan.nonCash) {
    const amount = Math.floor((left * shareBp) / 10_000);
    if (amount > 0) tenders.push(tenderOf(kind, ids(), amount));
    left -= amount;
  }
  if (plan.cashSettles || left === 0) {
    const cash = roundCash(left, step) + plan.cashOver;
    tenders.push(cashTender(ids(), cash > 0 ? cash : step));
  } else {
    tenders.push(cardTender(ids(), left));
  }
  return tenders;
}
type PaymentPlan = {
  nonCash: { kind: 'card' | 'pix'; shareBp: number }[];
  reversedTenders: { kind: 'cash' | 'card' | 'pix'; amount: number }[];
  cashSettles: boolean;
  cashOver: number;
};

const tenderOf = (kind: PaymentTender['kind'], id: string, amount: number): PaymentTender =>
  kind === 'cash' ? cashTender(id, amount) : kind === 'card' ? cardTender(id, amount) : pixTender(id, amount);

function ringUp({ store, lines, payment }: { store: Store; lines: Parameters<typeof lineInputs>[0]; payment: PaymentPlan }): Sale {
  const inputs = lineInputs(lines);
  const { total } = priceCart(
    inputs.map((l) => ({ ...l, discount: (l.discounts ?? []).reduce((a, d) => a + d.amount, 0) })),
    { pricesIncludeTax: store.pricesIncludeTax, taxRates: store.taxRates, taxRounding: store.taxRounding },
  ).totals;
  return completeSale({
    store,
    deviceId: 'd1',
    associateId: 'S1-1001',
    receiptNumber: 'S1-03-000123',
    lines: inputs,
    tenders: tendersFor(total, store.cashRounding ?? 1, payment),
    newId: sequentialIds('sale'),
    clock: fixedClock(),
  });
}

/** The catalog the server holds: each line's product at the price it was rung up at. */
const catalogOf = (sale: Sale) =>
  new Map(
    sale.lines.map((l): [string, Product] => [l.sku, product({ sku: l.sku, price: { amount: l.unitPrice, currency: 'BRL' }, taxClass: l.taxClass })]),
  );

/** What the server answers a pushed sale: the schema, the arithmetic, then the prices and the store's settings. */
function serverCheck(pushed: unknown, store: Store): { ok: true } | { ok: false; code: string } {
  const parsed = SaleSchema.safeParse(pushed);
  if (!parsed.success) return { ok: false, code: ErrorCode.VALIDATION_FAILED };
  const sale = parsed.data;
  const catalog = catalogOf(sale);
  const verified = verifySale(sale, store, catalog);
  if (!verified.ok) return { ok: false, code: verified.error.code };
  const priced = checkSalePrices(sale, { store, replacedStores: [], products: catalog, priceHistory: () => [] }, decidedAt);
  return priced.ok ? { ok: true } : { ok: false, code: priced.error.code };
}

const sumOf = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
const arbSale = arbCase.map((c) => ({ store: c.store, sale: ringUp(c) }));

// ---- properties ----------------------------------------------------------------------------------------------------

describe('completeSale and the server check, for random carts, discounts and split tenders', () => {
  it('the sale the till completes is accepted by the server, which computes identical lines and totals', () => {
    fc.assert(
      fc.property(arbSale, ({ store, sale }) => {
        const pushed = JSON.parse(JSON.stringify(sale)) as Sale;
        expect(serverCheck(pushed, store)).toEqual({ ok: true });
        const repriced = priceCart(pushed.lines, {
          pricesIncludeTax: pushed.pricesIncludeTax,
          taxRates: store.taxRates,
          taxRounding: pushed.taxRounding,
        });
        expect(repriced.lines).toEqual(sale.lines.map(({ discounts: _d, ...line }) => line));
        expect(repriced.totals).toEqual({
          subtotal: sale.totals.subtotal,
          discount: sale.totals.discount,
          tax: sale.totals.tax,
          total: sale.totals.total,
        });
      }),
      { numRuns: 300 },
    );
  });

  it('loses no cent: lines add up to the total, taxes by rate to the tax, tenders to total + cash rounding + change', () => {
    fc.assert(
      fc.property(arbSale, ({ store, sale }) => {
        const { totals } = sale;
        expect(sumOf(sale.lines.map((l) => l.total))).toBe(totals.total);
        expect(sumOf(sale.lines.map((l) => l.discount))).toBe(totals.discount);
        expect(sumOf(sale.lines.flatMap((l) => l.discounts.map((d) => d.amount)))).toBe(totals.discount);
        const taxByRate = priceCart(sale.lines, { ...store, taxRounding: sale.taxRounding }).taxByRate;
        expect(sumOf(taxByRate.map((r) => r.tax))).toBe(totals.tax);
        expect(totals.total).toBe(store.pricesIncludeTax ? totals.subtotal - totals.discount : totals.subtotal - totals.discount + totals.tax);
        const paid = sumOf(sale.tenders.filter((t) => !t.reversal).map((t) => t.amount));
        expect(totals.tendered).toBe(paid);
        expect(totals.tendered).toBe(totals.total + totals.cashRounding + totals.change);
        expect(Math.abs(totals.cashRounding)).toBeLessThanOrEqual(Math.floor(sale.cashRoundingStep / 2));
        const cash = sumOf(sale.tenders.filter((t) => !t.reversal && t.kind === 'cash').map((t) => t.amount));
        expect(totals.change).toBeLessThanOrEqual(cash);
        if (cash === 0) expect(totals.cashRounding).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses the sale when any one of its figures is changed by one unit', () => {
    fc.assert(
      fc.property(arbSale, fc.nat(), fc.constantFrom(1, -1), ({ store, sale }, pick, delta) => {
        const figures = figuresOf(sale);
        const figure = figures[pick % figures.length]!;
        const tampered = structuredClone(sale) as unknown as Record<string, unknown>;
        figure.set(tampered, figure.get(tampered) + delta);
        const answer = serverCheck(tampered, store);
        expect(answer.ok, `${figure.name} ${delta > 0 ? '+1' : '-1'} was accepted`).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});

interface Figure {
  name: string;
  get(sale: Record<string, unknown>): number;
  set(sale: Record<string, unknown>, value: number): void;
}

/**
 * Every figure of a sale that prices or pays something. A reversed tender's amount pays nothing, and the quantity of a
 * free line (unit price 0) prices nothing: neither changes what the customer paid, so neither is one.
 */
function figuresOf(sale: Sale): Figure[] {
  type Node = Record<string | number, unknown>;
  const walk = (s: Node, path: readonly (string | number)[]) => path.reduce((o, k) => o[k] as Node, s);
  const at = (name: string, path: (string | number)[]): Figure => ({
    name,
    get: (s) => walk(s, path) as unknown as number,
    set: (s, v) => {
      walk(s, path.slice(0, -1))[path.at(-1)!] = v;
    },
  });
  return [
    ...sale.lines.flatMap((l, i) => [
      ...(['unitPrice', 'discount', 'net', 'tax', 'total', 'taxRateBp'] as const).map((k) => at(`lines.${i}.${k}`, ['lines', i, k])),
      ...(l.unitPrice > 0 ? [at(`lines.${i}.quantity`, ['lines', i, 'quantity'])] : []),
      ...l.discounts.map((_, j) => at(`lines.${i}.discounts.${j}.amount`, ['lines', i, 'discounts', j, 'amount'])),
    ]),
    ...(['subtotal', 'discount', 'tax', 'total', 'tendered', 'change', 'cashRounding'] as const).map((k) => at(`totals.${k}`, ['totals', k])),
    ...sale.tenders.flatMap((t, i) => (t.reversal ? [] : [at(`tenders.${i}.amount`, ['tenders', i, 'amount'])])),
  ];
}

// ---- examples ------------------------------------------------------------------------------------------------------

const shoe = product();
const sellShoe = (tenders: PaymentTender[], store: Store = storeS1) =>
  completeSale({
    store,
    deviceId: 'd1',
    associateId: 'S1-1001',
    receiptNumber: 'S1-03-000123',
    lines: [{ sku: shoe.sku, name: shoe.name, quantity: 1, unitPrice: shoe.price.amount, taxClass: shoe.taxClass }],
    tenders,
    newId: sequentialIds('sale'),
    clock: fixedClock(),
  });
const errorOf = (build: () => unknown): DomainError => {
  try {
    build();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
};

describe('tenders that cannot be recorded or cannot complete a sale', () => {
  it('a Pix without its end-to-end id or a reference from the payment cannot be recorded', () => {
    const { endToEndId: _e, ...unproven } = pixTender('p1', 12990) as Extract<PaymentTender, { kind: 'pix' }>;
    const result = PaymentTenderSchema.safeParse(unproven);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual(['reference']);
    const error = errorOf(() => sellShoe([unproven as PaymentTender]));
    expect(error.code).toBe(ErrorCode.VALIDATION_FAILED);
    expect(error.fieldErrors.map((e) => e.path)).toContain('tenders.0.reference');
    expect(PaymentTenderSchema.safeParse({ ...unproven, reference: 'Maria S., Nubank' }).success).toBe(true);
  });

  it('a card without the approval code from the terminal slip, or with a card number, cannot be recorded', () => {
    const { approvalCode: _a, ...noCode } = cardTender('k1', 12990) as Extract<PaymentTender, { kind: 'card' }>;
    expect(errorOf(() => sellShoe([noCode as PaymentTender])).fieldErrors.map((e) => e.path)).toContain('tenders.0.approvalCode');
    expect(errorOf(() => sellShoe([cardTender('k1', 12990, { approvalCode: '' })])).code).toBe(ErrorCode.VALIDATION_FAILED);
    expect(PaymentTenderSchema.safeParse(cardTender('k1', 12990, { last4: '4111111111111111' })).success).toBe(false);
  });

  it('tenders that do not cover the total cannot complete the sale, reversed ones paying nothing', () => {
    expect(errorOf(() => sellShoe([cashTender('c1', 12989)])).code).toBe(ErrorCode.SALE_UNDERPAID);
    expect(errorOf(() => sellShoe([cardTender('k1', 5000), pixTender('p1', 7000)])).code).toBe(ErrorCode.SALE_UNDERPAID);
    expect(errorOf(() => sellShoe([reversed(cardTender('k1', 12990)), cashTender('c1', 10000)])).code).toBe(ErrorCode.SALE_UNDERPAID);
    expect(sellShoe([reversed(cardTender('k1', 12990)), cashTender('c1', 13000)]).totals).toMatchObject({ tendered: 13000, change: 10 });
  });

  it('the server refuses a pushed sale whose tenders do not cover it, even when its recorded figures claim they do', () => {
    const sale = sellShoe([cardTender('k1', 5000), cashTender('c1', 7990)]);
    const short = { ...sale, tenders: [sale.tenders[0]!, { ...sale.tenders[1]!, amount: 7000 }], totals: { ...sale.totals, tendered: 12000 } };
    const result = verifySale(short, storeS1, new Map([[shoe.sku, shoe]]));
    expect(result.ok || result.error.code).toBe(ErrorCode.SALE_UNDERPAID);
  });

  it('a card or Pix for more than the total cannot complete it: change comes only from cash', () => {
    expect(errorOf(() => sellShoe([pixTender('p1', 13000)])).code).toBe(ErrorCode.TENDER_EXCEEDS_BALANCE);
  });

  it("rounds the cash part to the store's step and records the rounding with the sign it has", () => {
    const nl = { ...storeS1, cashRounding: 5 as const };
    const sale = completeSale({
      store: nl,
      deviceId: 'd1',
      associateId: 'S1-1001',
      receiptNumber: 'S1-03-000124',
      lines: [{ sku: shoe.sku, name: shoe.name, quantity: 1, unitPrice: 1002, taxClass: 'standard' }],
      tenders: [cashTender('c1', 2000)],
      newId: sequentialIds('sale'),
      clock: fixedClock(),
    });
    expect(sale.cashRoundingStep).toBe(5);
    expect(sale.totals).toMatchObject({ total: 1002, cashRounding: -2, tendered: 2000, change: 1000 });
  });
});
