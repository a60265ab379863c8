import { roundDiv } from '../kernel/money.js';
import { DomainError, ErrorCode } from '../kernel/errors.js';
import type { TaxRates, TaxClass } from '../catalog/schema.js';
import type { SaleLine, SaleTotals } from './schema.js';

/** What the cart knows about a line; everything else on a SaleLine is computed here. */
export interface LineInput {
  sku: string;
  name: string;
  quantity: number;
  unitPrice: number;
  discount?: number;
  taxClass: TaxClass;
}

export interface PricingContext {
  pricesIncludeTax: boolean;
  taxRates: TaxRates;
}

/**
 * The one place a line's net, tax and total are computed, on the device and on the server.
 * Tax-inclusive: tax = round(net × r / (1 + r)); tax-exclusive: tax = round(net × r), total = net + tax.
 */
export function priceLine(input: LineInput, lineNo: number, ctx: PricingContext, taxRateBp = ctx.taxRates[input.taxClass]): SaleLine {
  const discount = input.discount ?? 0;
  const gross = input.unitPrice * input.quantity;
  if (discount > gross) throw new DomainError(ErrorCode.VALIDATION_FAILED, `line ${lineNo}: discount exceeds the line amount`);
  const net = gross - discount;
  const tax = ctx.pricesIncludeTax ? roundDiv(net * taxRateBp, 10_000 + taxRateBp) : roundDiv(net * taxRateBp, 10_000);
  const total = ctx.pricesIncludeTax ? net : net + tax;
  return {
    lineNo,
    sku: input.sku,
    name: input.name,
    quantity: input.quantity,
    unitPrice: input.unitPrice,
    discount,
    taxClass: input.taxClass,
    taxRateBp,
    net,
    tax,
    total,
  };
}

/** What priced lines (a sale's, a cart's, an order's) add up to: before discounts, the discounts, the tax and the total. */
export function totalsOfLines(
  lines: readonly Pick<SaleLine, 'quantity' | 'unitPrice' | 'discount' | 'tax' | 'total'>[],
): Pick<SaleTotals, 'subtotal' | 'discount' | 'tax' | 'total'> {
  return {
    subtotal: sum(lines.map((l) => l.unitPrice * l.quantity)),
    discount: sum(lines.map((l) => l.discount)),
    tax: sum(lines.map((l) => l.tax)),
    total: sum(lines.map((l) => l.total)),
  };
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
