import { claimedPromotionIds, decideSale, PRICE_GRACE_MS, type Sale } from '../../src/domain/index.js';
import type { FactPolicy } from '../facts/policy.js';
import { saleCustomerKeys, withCustomerBook } from '../customers/sale-book.js';
import { withSaleCredits } from '../credits/effects.js';

/**
 * Sales on the fact engine: a batch reads the products, their price histories and the staff its new sales name, and
 * the store's replaced settings (one query each), and each sale is decided by the domain's decideSale (prices and
 * figures checked, promotions and discounts checked against the promotions it claims, associate allowed, stock out on
 * acceptance).
 */
export const salePolicy: FactPolicy<Sale> = {
  load: (sales) => {
    const skus = [...new Set(sales.flatMap((s) => s.lines.map((l) => l.sku)))];
    return {
      documents: {
        products: skus,
        // The associate, and the manager who approved discounts above the store's limit.
        staff: sales.flatMap((s) => (s.discountApprovedBy === null ? [s.associateId] : [s.associateId, s.discountApprovedBy])),
        promotions: [...new Set(sales.flatMap(claimedPromotionIds))],
      },
      prices: { skus, withinMs: PRICE_GRACE_MS },
      replacedStores: { withinMs: PRICE_GRACE_MS },
      // The customer a sale names joins its store's book (customers/sale-book.ts).
      keys: saleCustomerKeys(sales),
    };
  },
  // A sale's credit tenders redeem their credits on the ledger (credits/effects.ts), whatever the balance.
  decide: (sale, state, decidedAt) => withSaleCredits(sale, withCustomerBook(sale, state, decideSale(sale, state, decidedAt)), decidedAt),
};
