import type { Product } from '../catalog/schema.js';
import { acceptFact, rejectFact, type Decision } from '../fact/decision.js';
import type { FactState } from '../fact/state.js';
import { checkAssociate } from '../staff/permissions.js';
import type { StockMovement } from '../stock/schema.js';
import { checkSaleDiscounts, discountEvidence } from './discount-check.js';
import { checkSalePrices } from './price-check.js';
import type { Sale } from './schema.js';
import { verifySale } from './verify-sale.js';

/**
 * The server's decision on a pushed sale: the shared pricing rules (verifySale: the figures and tenders add up), then
 * the prices themselves (checkSalePrices: each a price the product had, at the store's tax and roundings), then the
 * discounts (promotions that applied, manual ones allowed), then who rang it up, checked when the server applies it,
 * so a sale rung up offline by someone deactivated meanwhile is recorded rejected (shown on the device, never
 * dropped). An accepted sale takes its lines out of stock.
 */
export function decideSale(sale: Sale, state: FactState, decidedAt: string): Decision {
  const products = new Map<string, Product>();
  for (const { sku } of sale.lines) {
    const product = state.document('products', sku);
    if (product) products.set(sku, product);
  }
  const checked = verifySale(sale, state.store, products);
  if (!checked.ok) return rejectFact(checked.error);
  const priced = checkSalePrices(
    sale,
    { store: state.store, replacedStores: state.replacedStores(), products, priceHistory: (sku) => state.priceHistory(sku) },
    decidedAt,
  );
  if (!priced.ok) return rejectFact(priced.error);
  const discounts = checkSaleDiscounts(sale, discountEvidence(sale, state, products), decidedAt);
  if (!discounts.ok) return rejectFact(discounts.error);
  const associate = checkAssociate(state.document('staff', sale.associateId), sale, 'sale.create');
  if (!associate.ok) return rejectFact(associate.error);
  return acceptFact({ movements: saleMovements(sale, decidedAt) });
}

/**
 * A sale's effect on stock: one movement per line (id `${saleId}:${lineNo}`, so re-applying is a no-op). The
 * server records them when it accepts the sale; a device folds them over its levels while the sale is pending.
 */
export const saleMovements = (sale: Sale, at: string): StockMovement[] =>
  sale.lines.map((line) => ({
    id: `${sale.id}:${line.lineNo}`,
    storeId: sale.storeId,
    sku: line.sku,
    quantity: -line.quantity,
    reason: 'sale',
    sourceId: sale.id,
    recordedAt: at,
  }));
