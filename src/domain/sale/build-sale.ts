import type { IdGenerator } from '../kernel/ids.js';
import type { Clock } from '../kernel/clock.js';
import { DomainError, ErrorCode } from '../kernel/errors.js';
import { parseOrThrow } from '../kernel/validation.js';
import type { Store, TaxClass } from '../catalog/schema.js';
import { priceCart } from '../tax/price-cart.js';
import { settleTenders } from '../tender/state.js';
import type { PaymentTender } from '../tender/schema.js';
import { amountDue, checkGiftCards } from './gift-cards.js';
import { SaleSchema, type GiftCardSold, type LineDiscount, type Sale, type VoidedLine } from './schema.js';

/** A cart line as the till holds it: what was rung up, and the discounts (promotions, manual) it carries. */
export interface SaleLineInput {
  sku: string;
  name: string;
  quantity: number;
  unitPrice: number;
  taxClass: TaxClass;
  discounts?: readonly LineDiscount[];
}

export interface CompleteSaleInput {
  store: Store;
  deviceId: string;
  associateId: string;
  receiptNumber: string;
  shiftId?: string | null;
  lines: readonly SaleLineInput[];
  /** Gift cards sold in the sale (no stock, no tax), paid with the items. */
  giftCards?: readonly GiftCardSold[];
  voidedLines?: readonly VoidedLine[];
  /** Every tender taken, reversed ones included (they stay in the sale's record). */
  tenders: readonly PaymentTender[];
  discountApprovedBy?: string | null;
  /** The customer the sale is for, when the associate looked them up (clienteling); null for an anonymous sale. */
  customerId?: string | null;
  /** CPF or CNPJ digits for "CPF na nota". */
  customerTaxId?: string | null;
  newId: IdGenerator;
  clock: Clock;
}

/**
 * Builds the immutable, validated sale fact the till writes locally and pushes: the lines priced by priceCart under
 * the store's tax mode and rounding, the gift cards checked (gift-cards.ts), the tenders settled (they must cover the
 * total and the gift cards; change only from cash, rounded to the store's cash step). Throws DomainError with field errors when it cannot stand.
 */
export function completeSale(input: CompleteSaleInput): Sale {
  const { store } = input;
  const taxRounding = store.taxRounding ?? 'line';
  const cashRoundingStep = store.cashRounding ?? 1;
  const priced = priceCart(
    input.lines.map((line) => ({ ...line, discount: sumOf(line.discounts ?? []) })),
    { pricesIncludeTax: store.pricesIncludeTax, taxRates: store.taxRates, taxRounding },
  );
  const lines = priced.lines.map((line, i) => ({ ...line, discounts: [...(input.lines[i]!.discounts ?? [])] }));
  const giftCards = input.giftCards ?? [];
  const cards = checkGiftCards({ lines, giftCards, tenders: input.tenders }, priced.totals.total);
  if (!cards.ok) throw cards.error;
  const settled = settleTenders(amountDue(priced.totals.total, giftCards), input.tenders, cashRoundingStep);
  if (!settled.ok) throw settled.error;
  const state = settled.value;
  return parseOrThrow(SaleSchema, {
    id: input.newId(),
    storeId: store.id,
    deviceId: input.deviceId,
    associateId: input.associateId,
    currency: store.currency,
    pricesIncludeTax: store.pricesIncludeTax,
    taxRounding,
    cashRoundingStep,
    receiptNumber: input.receiptNumber,
    shiftId: input.shiftId ?? null,
    lines,
    ...(giftCards.length > 0 && { giftCards: [...giftCards] }),
    voidedLines: [...(input.voidedLines ?? [])],
    tenders: [...input.tenders],
    discountApprovedBy: input.discountApprovedBy ?? null,
    totals: { ...priced.totals, cashRounding: state.cashRounding, tendered: state.paid, change: state.change },
    customerId: input.customerId ?? null,
    customerTaxId: input.customerTaxId ?? null,
    createdAtDevice: input.clock().toISOString(),
  });
}

/**
 * A cash-only sale: what tests, benches and the demo data ring up. Without a receipt number it takes the next of a
 * sequence of this process, on device number 00, so the sales it makes can be told apart by receipt number too.
 */
export function completeCashSale(
  input: Omit<CompleteSaleInput, 'tenders' | 'receiptNumber'> & { cashTendered: number; receiptNumber?: string },
): Sale {
  if (input.cashTendered <= 0)
    throw new DomainError(ErrorCode.SALE_UNDERPAID, 'no cash was tendered', [{ path: 'tenders', message: 'the tenders do not cover the total' }]);
  const tenders: PaymentTender[] = [{ id: input.newId(), kind: 'cash', amount: input.cashTendered }];
  const receiptNumber = input.receiptNumber ?? `${input.store.id}-00-${String(++cashSaleSequence % 1_000_000).padStart(6, '0')}`;
  return completeSale({ ...input, tenders, receiptNumber });
}
let cashSaleSequence = 0;

const sumOf = (discounts: readonly LineDiscount[]) => discounts.reduce((total, d) => total + d.amount, 0);
