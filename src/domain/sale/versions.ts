import { DomainError, ErrorCode } from '../kernel/errors.js';
import type { LegacyVersion } from '../protocol/collections.js';
import { maskCreditCode } from '../credit/schema.js';
import type { PaymentTender, PaymentTenderV2 } from '../tender/schema.js';
import {
  SaleSchemaV0,
  SaleSchemaV1,
  SaleSchemaV2,
  SaleSchemaV3,
  type LineDiscount,
  type Sale,
  type SaleLineV2,
  type SaleV0,
  type SaleV1,
  type SaleV2,
  type SaleV3,
} from './schema.js';

/**
 * The sales schema's history, and how the server and the device translate between its versions while a rollout is
 * under way (the server serves every version listed in the registry's `legacy`, the device migrates its own stored
 * sales with the same `upgrade`):
 * - v0 → v1 added `customerId` (clienteling);
 * - v1 → v2 added every tender (card with its approval code, Pix), line discounts one by one, voided lines, the
 *   receipt number, the shift, "CPF na nota" and the store's rounding rules;
 * - v2 → v3 added the `credit` tender (store credit, gift cards);
 * - v3 → v4 added gift cards sold (`giftCards`), and a sale of gift cards only has no item lines.
 * Each `upgrade` gives a current (v4) sale from its version or any later one, and leaves a current sale as it is: the
 * server runs every upgrade in turn over stored documents (wire.ts), the device over local ones (database.ts).
 */

/** Device number of the receipt numbers given to sales rung up before receipt numbers existed: no device has it. */
export const LEGACY_RECEIPT_DEVICE = '00';

/**
 * The receipt number of a sale rung up before receipt numbers existed: `{storeId}-00-` and 9 digits derived from the
 * sale id (FNV-1a, 32 bits, modulo 10⁹), so the server, every device and every pull give the same sale the same number
 * without storing anything. 9 digits keep them apart from the 6-digit sequences tills number their sales with; two
 * legacy sales of a store share a number about once in a billion pairs, and a lookup by receipt number then shows both.
 */
export function legacyReceiptNumber(storeId: string, saleId: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < saleId.length; i++) {
    hash ^= saleId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `${storeId}-${LEGACY_RECEIPT_DEVICE}-${String(hash % 1_000_000_000).padStart(9, '0')}`;
}

const isCurrent = (doc: SaleV0 | SaleV1 | Sale): doc is Sale => 'receiptNumber' in doc;

/**
 * v1 → v2. Cash tenders carry over as they were. A v1 `card` tender has no approval code, brand or last four digits,
 * which a v2 card tender must record; no released app produced one (its pay screen took cash only), so such a sale is
 * refused rather than given made-up proof of payment. A v1 line discount (never offered by a released app either)
 * becomes a manual line discount with reason `other`, so the line's discounts still add up to its discount.
 * Everything v1 did not know takes the value the till used then: tax rounded per line, no cash rounding, no voided
 * lines, shift, approval or CPF.
 */
function upgradeV1(doc: SaleV1 | Sale): Sale {
  if (isCurrent(doc)) return doc;
  const { tenders, lines, totals, ...rest } = doc;
  return {
    ...rest,
    taxRounding: 'line',
    cashRoundingStep: 1,
    receiptNumber: legacyReceiptNumber(doc.storeId, doc.id),
    shiftId: null,
    lines: lines.map((line) => ({ ...line, discounts: line.discount > 0 ? [legacyDiscount(line.discount)] : [] })),
    voidedLines: [],
    tenders: tenders.map(upgradeTender),
    discountApprovedBy: null,
    totals: { ...totals, cashRounding: 0 },
    customerTaxId: null,
  };
}

const legacyDiscount = (amount: number): LineDiscount => ({ source: 'manual', scope: 'line', reason: 'other', amount });

function upgradeTender(tender: SaleV1['tenders'][number], index: number): PaymentTender {
  if (tender.kind === 'cash') return { id: tender.id, kind: 'cash', amount: tender.amount };
  throw new DomainError(
    ErrorCode.VALIDATION_FAILED,
    'a card payment from an older app has no approval code, brand or last four digits: update the app and ring the sale up again',
    [{ path: `tenders.${index}.kind`, message: 'a card payment needs its approval code, brand and last four digits (update the app)' }],
  );
}

/**
 * v2 → v1, for an app still on v1 pulling sales rung up on updated tills: a card or Pix tender becomes a v1 `card`
 * tender of its amount (v1 knew cash and "not cash"), reversed tenders are left out (v1 had no reversal, and the
 * amount paid excludes them), and what v1 did not know is dropped. The cash rounding is dropped with the rest: such
 * a sale is shown, not re-checked, by the old app.
 */
function downgradeV1(sale: Sale): SaleV1 {
  const {
    taxRounding: _taxRounding,
    cashRoundingStep: _cashRoundingStep,
    receiptNumber: _receiptNumber,
    shiftId: _shiftId,
    voidedLines: _voidedLines,
    discountApprovedBy: _discountApprovedBy,
    customerTaxId: _customerTaxId,
    lines,
    tenders,
    totals: { cashRounding: _cashRounding, ...totals },
    ...v1
  } = sale;
  return {
    ...v1,
    lines: lines.map(({ discounts: _discounts, ...line }) => line),
    tenders: tenders.filter((t) => !t.reversal).map((t) => ({ id: t.id, kind: t.kind === 'cash' ? 'cash' : 'card', amount: t.amount })),
    totals,
  };
}

/** The txid a credit tender carries when shown to a v2 app as Pix: no Pix code is ever drawn with it. */
export const CREDIT_AS_PIX_TXID = 'STORECREDIT';

/**
 * v3 → v2, for an app still on v2 pulling sales rung up on updated tills of its store. v2 knows no credit tender, and
 * dropping it would leave the sale short of its total, so a credit tender is shown as a Pix of its amount whose
 * txid is `STORECREDIT` and whose reference says "store credit ••••1234" (the code masked: it is a bearer
 * instrument): the v2 receipt and sales list read that note, and the amounts still add up. Its shift report counts it
 * under Pix for the few minutes of a rollout; the server, which keeps the v3 sale, is never misled.
 */
export function downgradeV2(sale: Sale): SaleV2 {
  const v3 = downgradeV3(sale);
  return { ...v3, tenders: v3.tenders.map((t) => creditAsPix(t, sale.associateId)) };
}

/** The SKU a gift card sold shows under to apps before v4: no product has it (a product's SKU is the chain's). */
export const GIFT_CARD_AS_LINE_SKU = 'GIFT-CARD';

/**
 * v4 → v3, for an app still on v3 pulling sales of updated tills: each gift card sold becomes a tax-exempt line of
 * its value named "Gift card ••••1234" (the code masked: it is a bearer instrument), added to the subtotal and the
 * total, so the old app's receipt and sales list show what was paid for and the amounts still add up. Such a sale is
 * shown, not re-checked, by the old app; the server keeps the v4 sale.
 */
export function downgradeV3(sale: Sale): SaleV3 {
  const { giftCards = [], ...rest } = sale;
  if (giftCards.length === 0) return rest;
  const cardLines = giftCards.map(
    (card, i): SaleLineV2 => ({
      lineNo: sale.lines.length + i + 1,
      sku: GIFT_CARD_AS_LINE_SKU,
      name: `Gift card ${maskCreditCode(card.code)}`,
      quantity: 1,
      unitPrice: card.amount,
      discount: 0,
      taxClass: 'exempt',
      taxRateBp: 0,
      net: card.amount,
      tax: 0,
      total: card.amount,
      discounts: [],
    }),
  );
  const value = cardLines.reduce((sum, l) => sum + l.total, 0);
  return {
    ...rest,
    lines: [...sale.lines, ...cardLines],
    totals: { ...sale.totals, subtotal: sale.totals.subtotal + value, total: sale.totals.total + value },
  };
}

/** Sales v3 (before gift cards sold): a v3 sale is a v4 sale as it is. */
export const saleV3: LegacyVersion<typeof SaleSchemaV3, Sale> = {
  version: 3,
  schema: SaleSchemaV3,
  upgrade: (doc) => doc,
  upgradeIsIdentity: true,
  downgrade: downgradeV3,
};

function creditAsPix(tender: PaymentTender, associateId: string): PaymentTenderV2 {
  if (tender.kind !== 'credit') return tender;
  const { code, check: _check, kind: _kind, ...rest } = tender;
  return { ...rest, kind: 'pix', txid: CREDIT_AS_PIX_TXID, reference: `store credit ${maskCreditCode(code)}`, confirmedBy: associateId };
}

/** Sales v2 (every tender but credit): a v2 sale is a v4 sale as it is. */
export const saleV2: LegacyVersion<typeof SaleSchemaV2, Sale> = {
  version: 2,
  schema: SaleSchemaV2,
  upgrade: (doc) => doc,
  upgradeIsIdentity: true,
  downgrade: downgradeV2,
};

/** Sales v1 (a customer, cash tenders): pushed by apps before v2 during the rollout, upgraded and checked as v2. */
export const saleV1: LegacyVersion<typeof SaleSchemaV1, Sale> = {
  version: 1,
  schema: SaleSchemaV1,
  upgrade: (doc) => upgradeV1(doc),
  downgrade: (sale) => downgradeV1(downgradeV3(sale)),
};

/** Sales v0 (no customer): upgraded with no customer, then as v1; pulled without one. */
export const saleV0: LegacyVersion<typeof SaleSchemaV0, Sale> = {
  version: 0,
  schema: SaleSchemaV0,
  upgrade: (doc) => (isCurrent(doc) ? doc : upgradeV1({ ...doc, customerId: (doc as Partial<SaleV1>).customerId ?? null })),
  downgrade: (sale) => {
    const { customerId: _dropped, ...v0 } = downgradeV1(downgradeV3(sale));
    return v0;
  },
};
