import { amountDue, priceLine, type LineInput, type Product, type SaleLine, type Store } from '../../../domain/index.js';

/** A cart line is what the till knows before payment; pricing is always the domain's. */
export type CartLine = LineInput & { barcode?: string };

export function addToCart(lines: CartLine[], product: Product): CartLine[] {
  const existing = lines.find((l) => l.sku === product.sku);
  if (existing) return lines.map((l) => (l.sku === product.sku ? { ...l, quantity: Math.min(l.quantity + 1, 9_999) } : l));
  return [
    ...lines,
    { sku: product.sku, name: product.name, quantity: 1, unitPrice: product.price.amount, taxClass: product.taxClass, barcode: product.barcode },
  ];
}

export function setQuantity(lines: CartLine[], sku: string, quantity: number): CartLine[] {
  if (quantity <= 0) return removeLine(lines, sku);
  return lines.map((l) => (l.sku === sku ? { ...l, quantity: Math.min(quantity, 9_999) } : l));
}

export const removeLine = (lines: CartLine[], sku: string) => lines.filter((l) => l.sku !== sku);

export interface PricedCart {
  lines: SaleLine[];
  subtotal: number;
  tax: number;
  due: number;
  items: number;
}

export function priceCart(lines: CartLine[], store: Store): PricedCart {
  const priced = lines.map((l, i) => priceLine(l, i + 1, store));
  return {
    lines: priced,
    subtotal: priced.reduce((a, l) => a + l.net, 0),
    tax: priced.reduce((a, l) => a + l.tax, 0),
    due: amountDue(priced),
    items: lines.reduce((a, l) => a + l.quantity, 0),
  };
}
