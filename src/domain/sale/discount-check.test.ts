import { describe, expect, it } from 'vitest';
import type { Store } from '../catalog/schema.js';
import { applyPromotions } from '../promotion/apply.js';
import { onCategories, onSkus, promotion } from '../promotion/promotion-fixtures.js';
import type { Promotion } from '../promotion/schema.js';
import type { StaffMember } from '../staff/schema.js';
import { fixedClock, product, sequentialIds, storeS1 } from '../testing/fixtures.js';
import { completeCashSale, type SaleLineInput } from './build-sale.js';
import { checkSaleDiscounts, claimedPromotionIds } from './discount-check.js';
import { PRICE_GRACE_MS } from './price-check.js';
import type { LineDiscount, Sale } from './schema.js';

const decidedAt = '2026-11-23T16:00:00.000Z';
const store: Store = { ...storeS1, discountLimitBasisPoints: 1000 };
const shoe = product(); // BRL 129.90, category Calçados
const sock = product({ sku: 'MEI-0001', barcode: '7890000000028', name: 'Meia', category: 'Meias', price: { amount: 1990, currency: 'BRL' } });
const products = new Map([shoe, sock].map((p) => [p.sku, p]));
const blackFriday = promotion('BF-20', { kind: 'item_percent', target: onCategories('Calçados'), percentBp: 2000 }, { stores: ['S1'] });
const socks3for2 = promotion('MEIAS-3X2', { kind: 'buy_x_get_y', target: onSkus(sock.sku), buy: 2, get: 1, percentBp: 10_000 });
const manager: StaffMember = {
  id: 'S1-9001',
  storeId: 'S1',
  staffNumber: '9001',
  name: 'Gerente',
  role: 'manager',
  active: true,
  pinVerifier: { algorithm: 'PBKDF2-SHA256', iterations: 100_000, salt: 'c2FsdHNhbHRzYWx0c2FsdA', hash: 'aGFzaGhhc2hoYXNoaGFzaA' },
};

const cart = [
  { sku: shoe.sku, name: shoe.name, quantity: 1, unitPrice: 12990, taxClass: 'standard' as const, category: shoe.category },
  { sku: sock.sku, name: sock.name, quantity: 3, unitPrice: 1990, taxClass: 'standard' as const, category: sock.category },
];

/** A sale rung up as the till does: the promotions the engine gives, plus any manual discounts, figures that add up. */
function ringUp(
  promotions: Promotion[],
  over: { manual?: LineDiscount[][]; approvedBy?: string | null; tamper?: (d: LineDiscount[][]) => void } = {},
): Sale {
  const { discounts } = applyPromotions(cart, promotions, { storeId: 'S1', at: '2026-11-23T13:00:00.000Z', currency: 'BRL' });
  over.tamper?.(discounts);
  const lines: SaleLineInput[] = cart.map(({ category: _, ...l }, i) => ({ ...l, discounts: [...discounts[i]!, ...(over.manual?.[i] ?? [])] }));
  return completeCashSale({
    store,
    deviceId: 'd1',
    associateId: 'S1-1001',
    lines,
    discountApprovedBy: over.approvedBy ?? null,
    cashTendered: 50_000,
    newId: sequentialIds('sale'),
    clock: fixedClock(),
  });
}

const check = (sale: Sale, known: Promotion[], approver: StaffMember | undefined = undefined) =>
  checkSaleDiscounts(sale, { store, promotions: new Map(known.map((p) => [p.id, p])), products, approver }, decidedAt);

describe('checkSaleDiscounts: promotions', () => {
  it('accepts the promotions the engine gives, as the till applied them', () => {
    const sale = ringUp([blackFriday, socks3for2]);
    expect(claimedPromotionIds(sale)).toEqual(['BF-20', 'MEIAS-3X2']);
    expect(check(sale, [blackFriday, socks3for2]).ok).toBe(true);
  });

  it('refuses a promotion amount inflated on the till, naming the line, the promotion and what it gives', () => {
    const sale = ringUp([blackFriday], {
      tamper: (d) => {
        d[0]![0]!.amount = 6495;
      },
    });
    const result = check(sale, [blackFriday]);
    expect(result).toMatchObject({ ok: false, error: { code: 'SALE_PROMOTION_MISMATCH' } });
    if (!result.ok)
      expect(result.error.message).toMatch(
        /^line 1 \(Tênis Corrida Leve\): promotion "Promo BF-20" gives BRL\s25\.98 on it, the till took BRL\s64\.95 off$/,
      );
  });

  it('refuses a promotion put on a line it does not target', () => {
    const sale = ringUp([blackFriday], { tamper: (d) => d[1]!.push({ source: 'promotion', promotionId: 'BF-20', amount: 1194 }) });
    expect(check(sale, [blackFriday])).toMatchObject({ ok: false, error: { code: 'SALE_PROMOTION_MISMATCH' } });
  });

  it('accepts a sale without a promotion it could have had, refuses one left off a line while claimed on another', () => {
    const sale = ringUp([socks3for2, blackFriday], { tamper: (d) => d[0]!.splice(0) });
    expect(check(sale, [socks3for2, blackFriday])).toMatchObject({ ok: true });
    const both = promotion('ALL-10', { kind: 'item_percent', target: onSkus(shoe.sku, sock.sku), percentBp: 1000 });
    const partial = ringUp([both], { tamper: (d) => d[1]!.splice(0) });
    expect(check(partial, [both])).toMatchObject({ ok: false, error: { code: 'SALE_PROMOTION_MISMATCH' } });
  });

  it('refuses an invented promotion, one switched off, one for other stores and one in another currency', () => {
    expect(check(ringUp([blackFriday]), [])).toMatchObject({ ok: false, error: { code: 'SALE_PROMOTION_NOT_APPLICABLE' } });
    const off = { ...blackFriday, active: false };
    expect(check(ringUp([blackFriday]), [off])).toMatchObject({
      ok: false,
      error: { code: 'SALE_PROMOTION_NOT_APPLICABLE', message: expect.stringContaining('switched off') },
    });
    const elsewhere = { ...blackFriday, stores: ['S2'] };
    expect(check(ringUp([blackFriday]), [elsewhere])).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('does not run in store S1') },
    });
    const fiveOff = promotion('FIVE', { kind: 'item_amount', target: onSkus(shoe.sku), amount: 500 });
    expect(check(ringUp([fiveOff]), [{ ...fiveOff, currency: 'EUR' }])).toMatchObject({
      ok: false,
      error: { code: 'SALE_PROMOTION_NOT_APPLICABLE' },
    });
  });

  it('honours a promotion that ended within the price grace window, refuses one that ended before or has not started', () => {
    const sale = ringUp([blackFriday]);
    const endedAgo = (ms: number) => ({ ...blackFriday, validTo: new Date(Date.parse(decidedAt) - ms).toISOString() });
    expect(check(sale, [endedAgo(PRICE_GRACE_MS - 60_000)]).ok).toBe(true);
    expect(check(sale, [endedAgo(PRICE_GRACE_MS + 60_000)])).toMatchObject({ ok: false, error: { code: 'SALE_PROMOTION_NOT_APPLICABLE' } });
    const future = { ...blackFriday, validFrom: '2026-11-24T00:00:00.000Z', validTo: '2026-11-30T00:00:00.000Z' };
    expect(check(sale, [future])).toMatchObject({ ok: false, error: { code: 'SALE_PROMOTION_NOT_APPLICABLE' } });
  });
});

describe('checkSaleDiscounts: manual discounts above the limit', () => {
  // 30.00 off a 189.60 sale: above the store's 10 %
  const big: LineDiscount[][] = [[{ source: 'manual', scope: 'line', reason: 'damaged_item', amount: 3000 }], []];
  const small: LineDiscount[][] = [[{ source: 'manual', scope: 'line', reason: 'price_match', amount: 500 }], []];

  it('accepts a manual discount within the limit without a manager', () => {
    expect(check(ringUp([], { manual: small }), []).ok).toBe(true);
  });

  it('refuses one above the limit that no manager approved', () => {
    expect(check(ringUp([], { manual: big }), [])).toMatchObject({ ok: false, error: { code: 'SALE_DISCOUNT_NOT_APPROVED' } });
  });

  it('accepts it approved by an active manager of the store; refuses an associate, a deactivated manager or another store’s', () => {
    const sale = ringUp([], { manual: big, approvedBy: manager.id });
    expect(check(sale, [], manager).ok).toBe(true);
    for (const approver of [{ ...manager, role: 'associate' as const }, { ...manager, active: false }, { ...manager, storeId: 'S2' }, undefined]) {
      expect(check(sale, [], approver)).toMatchObject({ ok: false, error: { code: 'SALE_DISCOUNT_NOT_APPROVED' } });
    }
  });
});
