import { z } from 'zod';
import { TaxRatesSchema } from '../catalog/schema.js';

/**
 * Where tax is rounded to the minor unit, a store setting:
 * - `line`: each line's tax is rounded on its own (today's receipts; what most US point-of-sale systems do).
 *   The sale's tax is the sum of rounded line taxes, so it may differ from the tax of the sale's total by a few
 *   centavos.
 * - `total`: the tax of all lines at one rate is rounded once, on their summed net (the EU VAT invoice rule, and
 *   NFC-e's sum); that tax is then shared out to the lines by largest remainder, so each line still shows its tax and
 *   the lines still add up to the sale exactly. A line's tax then differs from its own rounding by at most 1.
 */
export const TaxRoundingSchema = z.enum(['line', 'total']);
export type TaxRounding = z.infer<typeof TaxRoundingSchema>;

/** What pricing needs from a store: its tax mode, its rates per tax class, where it rounds tax. */
export const TaxPolicySchema = z.object({
  /** Brazil and the EU print shelf prices with tax included; the US adds tax at the till. */
  pricesIncludeTax: z.boolean(),
  taxRates: TaxRatesSchema,
  /** Absent on stores set up before the setting: per line, as every sale so far was priced. */
  taxRounding: TaxRoundingSchema.default('line'),
});
export type TaxPolicy = z.input<typeof TaxPolicySchema>;
