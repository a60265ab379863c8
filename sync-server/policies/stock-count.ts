import { decideStockCount, type StockCount } from '../../src/domain/index.js';
import type { FactPolicy } from '../facts/policy.js';

/** `stock.count`: reads the counted SKUs' products and levels and who counted; the domain decides. */
export const stockCountPolicy: FactPolicy<StockCount> = {
  load: (counts) => ({
    documents: { products: counts.map((c) => c.subjectId), staff: counts.map((c) => c.associateId) },
    levels: counts.map((c) => ({ storeId: c.storeId, sku: c.subjectId })),
  }),
  decide: decideStockCount,
};
