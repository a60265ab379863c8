import { z } from 'zod';
import { TaxRatesSchema } from '../catalog/schema.js';

export { TaxRoundingSchema, type TaxRounding } from '../catalog/store-settings.js';
import { TaxRoundingSchema } from '../catalog/store-settings.js';

/** What pricing needs from a store: its tax mode, its rates per tax class, where it rounds tax. */
export const TaxPolicySchema = z.object({
  /** Brazil and the EU print shelf prices with tax included; the US adds tax at the till. */
  pricesIncludeTax: z.boolean(),
  taxRates: TaxRatesSchema,
  /** Absent on stores set up before the setting: per line, as every sale so far was priced. */
  taxRounding: TaxRoundingSchema.default('line'),
});
export type TaxPolicy = z.input<typeof TaxPolicySchema>;
