import { decideSale, type Sale } from '../../src/domain/index.js';
import type { FactPolicy } from '../facts/policy.js';

/**
 * Sales on the fact engine: a batch reads the products and staff its new sales name (one query each), and each
 * sale is decided by the domain's decideSale (pricing re-checked, associate allowed, stock out on acceptance).
 */
export const salePolicy: FactPolicy<Sale> = {
  load: (sales) => ({
    documents: {
      products: sales.flatMap((s) => s.lines.map((l) => l.sku)),
      staff: sales.map((s) => s.associateId),
    },
  }),
  decide: decideSale,
};
