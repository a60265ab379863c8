import { describe, expect, it } from 'vitest';
import { postEntries } from '../credit/ledger.js';
import { DomainError, ErrorCode } from '../kernel/errors.js';
import type { PaymentTender } from '../tender/schema.js';
import { cardTender, cashTender } from '../testing/sales.js';
import { fixedClock, product, sequentialIds, storeS1 } from '../testing/fixtures.js';
import { completeSale, type CompleteSaleInput } from './build-sale.js';
import { giftCardIssueEntries } from './gift-cards.js';
import { SaleSchema, SaleSchemaV3, type GiftCardSold } from './schema.js';
import { GIFT_CARD_AS_LINE_SKU, saleV2, saleV3 } from './versions.js';
import { verifySale } from './verify-sale.js';

const CARD = 'GC7K2M9QXD4R8T01';
const tee = product({ sku: 'TEE-1', price: { amount: 5_990, currency: 'BRL' } });
const teeLine = { sku: tee.sku, name: tee.name, quantity: 1, unitPrice: 5_990, taxClass: tee.taxClass };
const credit = (id: string, amount: number): PaymentTender => ({ kind: 'credit', id, amount, code: 'CREDIT0000000001', check: 'online' });
const products = new Map([[tee.sku, tee]]);

const sell = (over: Partial<CompleteSaleInput> & { giftCards?: GiftCardSold[] }) =>
  completeSale({
    store: storeS1,
    deviceId: 'D1',
    associateId: 'S1-1001',
    receiptNumber: 'S1-01-000001',
    lines: [],
    tenders: [],
    newId: sequentialIds('sale'),
    clock: fixedClock('2026-11-26T12:00:00.000Z'),
    ...over,
  });

const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, fields: error.fieldErrors.map((f) => f.path) };
    throw error;
  }
  throw new Error('expected the sale to be refused');
};

describe('gift cards sold at the till', () => {
  it('a gift card alone is a sale with no item lines, paid in full, its items total 0 and nothing taxed', () => {
    const sale = sell({ giftCards: [{ code: CARD, amount: 10_000 }], tenders: [cashTender('t1', 10_000)] });
    expect(SaleSchema.parse(sale)).toEqual(sale);
    expect(sale.lines).toEqual([]);
    expect(sale.totals).toMatchObject({ total: 0, tax: 0, tendered: 10_000, change: 0 });
    expect(verifySale(sale, storeS1, products)).toMatchObject({ ok: true });
  });

  it('items and a card are paid together: the tenders cover both, the change comes from cash, and the server agrees', () => {
    const sale = sell({
      lines: [teeLine],
      giftCards: [{ code: CARD, amount: 5_000 }],
      tenders: [cardTender('t1', 5_000), cashTender('t2', 6_000)],
    });
    expect(sale.totals).toMatchObject({ total: 5_990, tendered: 11_000, change: 10 });
    expect(verifySale(sale, storeS1, products)).toMatchObject({ ok: true });
  });

  it('a payment short of the items and the cards is refused on the till and on the server', () => {
    expect(refusal(() => sell({ lines: [teeLine], giftCards: [{ code: CARD, amount: 5_000 }], tenders: [cashTender('t1', 5_990)] })).code).toBe(
      ErrorCode.SALE_UNDERPAID,
    );
    const paid = sell({ lines: [teeLine], giftCards: [{ code: CARD, amount: 5_000 }], tenders: [cashTender('t1', 10_990)] });
    const tampered = { ...paid, giftCards: [{ code: CARD, amount: 50_000 }] };
    expect(verifySale(tampered, storeS1, products)).toMatchObject({ ok: false, error: { code: ErrorCode.SALE_UNDERPAID } });
  });

  it('a card cannot be paid with store credit: credit may pay the items only', () => {
    const refused = refusal(() => sell({ lines: [teeLine], giftCards: [{ code: CARD, amount: 5_000 }], tenders: [credit('t1', 10_990)] }));
    expect(refused).toEqual({ code: ErrorCode.VALIDATION_FAILED, fields: ['tenders'] });
    const itemsByCredit = sell({
      lines: [teeLine],
      giftCards: [{ code: CARD, amount: 5_000 }],
      tenders: [credit('t1', 5_990), cashTender('t2', 5_000)],
    });
    expect(verifySale(itemsByCredit, storeS1, products)).toMatchObject({ ok: true });
  });

  it('a sale of nothing, or of the same card twice, is refused with the field to fix', () => {
    expect(refusal(() => sell({ tenders: [cashTender('t1', 100)] }))).toEqual({ code: ErrorCode.VALIDATION_FAILED, fields: ['lines'] });
    expect(
      refusal(() =>
        sell({
          giftCards: [
            { code: CARD, amount: 5_000 },
            { code: CARD, amount: 2_000 },
          ],
          tenders: [cashTender('t1', 7_000)],
        }),
      ),
    ).toEqual({ code: ErrorCode.VALIDATION_FAILED, fields: ['giftCards.1.code'] });
  });

  it('issues each card once on the ledger, however often the sale is applied', () => {
    const sale = sell({ giftCards: [{ code: CARD, amount: 10_000 }], tenders: [cashTender('t1', 10_000)] });
    const entries = giftCardIssueEntries(sale, '2026-11-26T12:00:01.000Z');
    expect(entries).toEqual([expect.objectContaining({ code: CARD, kind: 'issue', amount: 10_000, origin: 'gift_card', factId: sale.id })]);
    const once = postEntries(new Map(), entries);
    const again = postEntries(once.credits, entries, new Set(once.posted.map((p) => p.id)));
    expect(again.posted).toEqual([]);
    expect(once.credits.get(CARD)).toMatchObject({ balance: 10_000, origin: 'gift_card', issuedStoreId: 'S1' });
  });

  it('an app before gift cards (v3, v2) sees each card as a tax-exempt line, masked, and the amounts still add up', () => {
    const sale = sell({ lines: [teeLine], giftCards: [{ code: CARD, amount: 5_000 }], tenders: [cashTender('t1', 10_990)] });
    const v3 = saleV3.downgrade(sale);
    expect(SaleSchemaV3.parse(v3)).toEqual(v3);
    expect(v3.lines[1]).toMatchObject({ lineNo: 2, sku: GIFT_CARD_AS_LINE_SKU, name: 'Gift card ••••8T01', total: 5_000, tax: 0 });
    expect(v3.totals.total).toBe(v3.lines.reduce((sum, l) => sum + l.total, 0));
    expect(v3.totals.tendered - v3.totals.change).toBe(v3.totals.total);
    expect(JSON.stringify(v3)).not.toContain(CARD);
    expect(saleV2.downgrade(sale).lines).toHaveLength(2);
    expect(saleV3.upgrade(SaleSchemaV3.parse(saleV3.downgrade({ ...sale, giftCards: undefined })))).toMatchObject({ lines: sale.lines });
  });
});
