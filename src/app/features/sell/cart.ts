import {
  applyManualDiscounts,
  amountDue,
  applyPromotions,
  priceCart as priceSaleLines,
  type AppliedPromotion,
  type GiftCardSold,
  type ManualDiscount,
  type Product,
  type Promotion,
  type SaleLineInput,
  type SaleLineV2,
  type Store,
} from '../../../domain/index.js';

/** A cart line is what the till knows before payment; pricing is always the domain's. */
export type CartLine = Omit<SaleLineInput, 'discounts'> & {
  barcode?: string;
  /** The product's category, for promotions on a category. */
  category?: string;
  manualDiscount?: ManualDiscount;
};

export function addToCart(lines: CartLine[], product: Product): CartLine[] {
  const existing = lines.find((l) => l.sku === product.sku);
  if (existing) return lines.map((l) => (l.sku === product.sku ? { ...l, quantity: Math.min(l.quantity + 1, 9_999) } : l));
  return [
    ...lines,
    {
      sku: product.sku,
      name: product.name,
      quantity: 1,
      unitPrice: product.price.amount,
      taxClass: product.taxClass,
      barcode: product.barcode,
      category: product.category,
    },
  ];
}

export function setQuantity(lines: CartLine[], sku: string, quantity: number): CartLine[] {
  if (quantity <= 0) return removeLine(lines, sku);
  return lines.map((l) => (l.sku === sku ? { ...l, quantity: Math.min(quantity, 9_999) } : l));
}

export const removeLine = (lines: CartLine[], sku: string) => lines.filter((l) => l.sku !== sku);

export interface PricedCart {
  /** The lines as the sale will carry them, discounts included. */
  lines: SaleLineV2[];
  /** What completeSale takes: each line with its discounts. */
  inputs: SaleLineInput[];
  subtotal: number;
  tax: number;
  /** What the items come to (store credit may pay these only). */
  itemsDue: number;
  /** The gift cards sold in the sale: not items, paid with them. */
  giftCards: GiftCardSold[];
  /** What the customer pays: the items and the gift cards. */
  due: number;
  /** Units rung up, gift cards included. */
  items: number;
  /** The promotions that gave something on this cart. */
  promotions: AppliedPromotion[];
}

export interface CartExtras {
  /** The promotions of the `promotions` collection (the engine picks those in force for the store at `at`). */
  promotions?: readonly Promotion[];
  cartDiscount?: ManualDiscount | null;
  /** Gift cards sold in the sale (the cart's extras): never discounted, never taxed. */
  giftCards?: readonly GiftCardSold[] | undefined;
  /** ISO instant the cart is priced at; now by default. */
  at?: string;
}

/**
 * Prices the cart as the sale will be priced: promotions first, then the associate's manual discounts on the lines and
 * on the cart, then tax under the store's tax mode and rounding (the domain's priceCart, which the server re-runs).
 */
export function priceCart(lines: CartLine[], store: Store, extras: CartExtras = {}): PricedCart {
  const promoted = applyPromotions(lines, extras.promotions ?? [], {
    storeId: store.id,
    at: extras.at ?? new Date().toISOString(),
    currency: store.currency,
  });
  const discounts = applyManualDiscounts(
    lines.map((l, i) => ({ quantity: l.quantity, unitPrice: l.unitPrice, discounts: promoted.discounts[i] ?? [] })),
    lines.map((l) => l.manualDiscount),
    extras.cartDiscount ?? null,
  );
  const inputs: SaleLineInput[] = lines.map(({ sku, name, quantity, unitPrice, taxClass }, i) => ({
    sku,
    name,
    quantity,
    unitPrice,
    taxClass,
    discounts: discounts[i] ?? [],
  }));
  const priced = priceSaleLines(
    inputs.map((l) => ({ ...l, discount: (l.discounts ?? []).reduce((sum, d) => sum + d.amount, 0) })),
    { pricesIncludeTax: store.pricesIncludeTax, taxRates: store.taxRates, taxRounding: store.taxRounding ?? 'line' },
  );
  return {
    lines: priced.lines.map((l, i) => ({ ...l, discounts: [...(inputs[i]!.discounts ?? [])] })),
    inputs,
    subtotal: priced.totals.subtotal,
    tax: priced.totals.tax,
    itemsDue: priced.totals.total,
    giftCards: [...(extras.giftCards ?? [])],
    due: amountDue(priced.totals.total, extras.giftCards),
    items: lines.reduce((a, l) => a + l.quantity, 0) + (extras.giftCards?.length ?? 0),
    promotions: promoted.applied,
  };
}
