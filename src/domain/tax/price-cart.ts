import { roundDiv } from '../kernel/money.js';
import type { SaleLine } from '../sale/schema.js';
import { type LineInput, priceLine, totalsOfLines } from '../sale/totals.js';
import type { TaxPolicy } from './schema.js';

/** A cart line; `taxRateBp` is the rate the line was sold at when re-pricing a recorded sale (the server's check). */
export interface TaxedLineInput extends LineInput {
  taxRateBp?: number;
}

export interface CartTotals {
  subtotal: number;
  discount: number;
  tax: number;
  total: number;
}

export interface PricedCart {
  lines: SaleLine[];
  totals: CartTotals;
  /**
   * The sale's tax less the sum of its lines' taxes each rounded on its own: what rounding per total moved (0 when the
   * store rounds per line). Σ per-line-rounded line totals + orderRounding = total where tax is added on top.
   */
  orderRounding: number;
  /** Net and tax per rate, as a receipt or a fiscal document lists them. */
  taxByRate: { taxRateBp: number; net: number; tax: number }[];
}

/**
 * Prices a cart under the store's tax policy: the one function the device (ringing up) and the server (checking a
 * pushed sale) both call, so they cannot disagree. Line figures come from priceLine (discount before tax, never
 * below zero); with rounding per total each rate's tax is rounded once and shared out to its lines.
 */
export function priceCart(inputs: readonly TaxedLineInput[], policy: TaxPolicy): PricedCart {
  const perLine = inputs.map((input, i) => priceLine(input, i + 1, policy, input.taxRateBp ?? policy.taxRates[input.taxClass]));
  const lines = (policy.taxRounding ?? 'line') === 'total' ? roundTaxPerRate(perLine, policy.pricesIncludeTax) : perLine;
  const totals = totalsOfLines(lines);
  return { lines, totals, orderRounding: totals.tax - sum(perLine.map((l) => l.tax)), taxByRate: taxByRate(lines) };
}

function roundTaxPerRate(lines: SaleLine[], pricesIncludeTax: boolean): SaleLine[] {
  const taxes = lines.map((l) => l.tax);
  for (const rate of new Set(lines.map((l) => l.taxRateBp))) {
    const denominator = pricesIncludeTax ? 10_000 + rate : 10_000;
    const members = lines.map((l, i) => ({ i, numerator: l.net * rate })).filter(({ i }) => lines[i]!.taxRateBp === rate);
    const groupNumerator = sum(members.map((m) => m.numerator));
    // Rounded exactly as priceLine rounds one line: the group's tax is that of one line holding all of them.
    const groupTax = roundDiv(groupNumerator, denominator);
    let leftover = groupTax;
    for (const m of members) {
      taxes[m.i] = Math.floor(m.numerator / denominator);
      leftover -= taxes[m.i]!;
    }
    // Largest remainder first, ties to the earlier line: deterministic, and never more than one unit per line.
    const byRemainder = [...members].sort((a, b) => (b.numerator % denominator) - (a.numerator % denominator) || a.i - b.i);
    for (const m of byRemainder.slice(0, leftover)) taxes[m.i]! += 1;
  }
  return lines.map((l, i) => ({ ...l, tax: taxes[i]!, total: pricesIncludeTax ? l.net : l.net + taxes[i]! }));
}

function taxByRate(lines: readonly SaleLine[]): PricedCart['taxByRate'] {
  const rates = [...new Set(lines.map((l) => l.taxRateBp))].sort((a, b) => a - b);
  return rates.map((taxRateBp) => {
    const at = lines.filter((l) => l.taxRateBp === taxRateBp);
    return { taxRateBp, net: sum(at.map((l) => l.net)), tax: sum(at.map((l) => l.tax)) };
  });
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
