import { decideSaleVoided, type SaleVoided } from '../../src/domain/index.js';
import type { FactPolicy } from '../facts/policy.js';

/** `sale.voided`: reads who voided; the domain accepts it from an active associate, with no stock effect. */
export const saleVoidedPolicy: FactPolicy<SaleVoided> = {
  load: (voids) => ({ documents: { staff: voids.map((v) => v.associateId) } }),
  decide: decideSaleVoided,
};
