import type { Product, Store } from '../catalog/schema.js';
import type { FactState } from '../fact/state.js';
import { ErrorCode, fail, ok, type Result } from '../kernel/errors.js';
import { computePromotions, runsInStore } from '../promotion/apply.js';
import type { Promotion } from '../promotion/schema.js';
import { checkAssociate } from '../staff/permissions.js';
import type { StaffMember } from '../staff/schema.js';
import { manualDiscountNeedsApproval } from './discounts.js';
import { PRICE_GRACE_DAYS, PRICE_GRACE_MS } from './price-check.js';
import type { Sale, SaleLineV2 } from './schema.js';

/** What the discount check reads: the promotions the sale claims and who it says approved its manual discounts. */
export interface DiscountEvidence {
  store: Store;
  /** The promotions the sale names, by id, as the server holds them now (an id not here does not exist). */
  promotions: ReadonlyMap<string, Promotion>;
  /** The catalog's products by SKU: a category promotion matches on the catalog's category. */
  products: ReadonlyMap<string, Product>;
  /** The staff member `discountApprovedBy` names; undefined when it names none or nobody known. */
  approver: StaffMember | undefined;
}

/** The promotion ids a sale claims, each once, in the order they first appear on its lines. */
export const claimedPromotionIds = (sale: Pick<Sale, 'lines'>): string[] => [
  ...new Set(sale.lines.flatMap((l) => l.discounts.flatMap((d) => (d.source === 'promotion' ? [d.promotionId] : [])))),
];

/** Reads the evidence from a fact batch whose load named the claimed promotions and the approver (policies/sales.ts). */
export function discountEvidence(sale: Sale, state: FactState, products: ReadonlyMap<string, Product>): DiscountEvidence {
  const promotions = new Map<string, Promotion>();
  for (const id of claimedPromotionIds(sale)) {
    const promotion = state.document('promotions', id);
    if (promotion) promotions.set(id, promotion);
  }
  const approver = sale.discountApprovedBy === null ? undefined : state.document('staff', sale.discountApprovedBy);
  return { store: state.store, promotions, products, approver };
}

/**
 * The server's check of a sale's discounts, on prices checkSalePrices has accepted:
 * - every promotion it claims exists, is on, runs in the sale's store (in its currency) and was in its dates at some
 *   moment of the price grace window before `decidedAt` (a tablet offline for days still lands);
 * - re-running the promotion engine (the device's code) on the sale's lines at gross with exactly those promotions
 *   gives each line exactly the promotion amounts it claims: an inflated, invented or re-targeted promotion is refused;
 * - manual discounts carry their reason (the schema's), and above the store's limit `discountApprovedBy` is an
 *   active manager of the store; an approver named at all must be one.
 * A promotion is checked as the server holds it now: one whose rule was edited after an offline sale may refuse it,
 * so chains end a promotion and start a new id rather than rewrite one that ran.
 */
export function checkSaleDiscounts(sale: Sale, evidence: DiscountEvidence, decidedAt: string): Result<Sale> {
  const claimed: Promotion[] = [];
  for (const id of claimedPromotionIds(sale)) {
    const promotion = evidence.promotions.get(id);
    const refused = notApplicable(id, promotion, sale, decidedAt);
    if (refused) return refused;
    claimed.push(promotion!);
  }
  const expected = computePromotions(
    sale.lines.map((l) => ({ sku: l.sku, category: evidence.products.get(l.sku)?.category, quantity: l.quantity, unitPrice: l.unitPrice })),
    claimed,
  ).discounts;
  for (const [i, line] of sale.lines.entries()) {
    const refused = promotionMismatch(line, byPromotion(line.discounts), byPromotion(expected[i]!), evidence.promotions, sale.currency);
    if (refused) return refused;
  }
  return checkApproval(sale, evidence);
}

function notApplicable(id: string, promotion: Promotion | undefined, sale: Sale, decidedAt: string): Result<Sale> | undefined {
  const refuse = (why: string) => fail<Sale>(ErrorCode.SALE_PROMOTION_NOT_APPLICABLE, why);
  if (!promotion) return refuse(`promotion ${id} is not one of the chain's promotions`);
  const name = `promotion "${promotion.name}" (${id})`;
  if (!promotion.active) return refuse(`${name} is switched off`);
  if (!runsInStore(promotion, sale.storeId)) return refuse(`${name} does not run in store ${sale.storeId}`);
  if (promotion.currency !== null && promotion.currency !== sale.currency) {
    return refuse(`${name} is in ${promotion.currency}, the sale in ${sale.currency}`);
  }
  const since = Date.parse(decidedAt) - PRICE_GRACE_MS;
  if (Date.parse(promotion.validFrom) > Date.parse(decidedAt) || Date.parse(promotion.validTo) <= since) {
    return refuse(`${name} runs from ${promotion.validFrom} to ${promotion.validTo}, not in the last ${PRICE_GRACE_DAYS} days`);
  }
  return undefined;
}

const byPromotion = (discounts: readonly SaleLineV2['discounts'][number][]): Map<string, number> => {
  const amounts = new Map<string, number>();
  for (const d of discounts) if (d.source === 'promotion') amounts.set(d.promotionId, (amounts.get(d.promotionId) ?? 0) + d.amount);
  return amounts;
};

function promotionMismatch(
  line: SaleLineV2,
  claimed: ReadonlyMap<string, number>,
  expected: ReadonlyMap<string, number>,
  promotions: ReadonlyMap<string, Promotion>,
  currency: string,
): Result<Sale> | undefined {
  for (const id of new Set([...claimed.keys(), ...expected.keys()])) {
    const gives = expected.get(id) ?? 0;
    const claims = claimed.get(id) ?? 0;
    if (gives === claims) continue;
    const name = promotions.get(id)?.name ?? id;
    const what = gives === 0 ? 'gives nothing on it' : `gives ${formatMinor(gives, currency)} on it`;
    return fail(
      ErrorCode.SALE_PROMOTION_MISMATCH,
      `line ${line.lineNo} (${line.name}): promotion "${name}" ${what}, the till took ${formatMinor(claims, currency)} off`,
    );
  }
  return undefined;
}

function checkApproval(sale: Sale, evidence: DiscountEvidence): Result<Sale> {
  const needed = manualDiscountNeedsApproval(sale.lines, evidence.store.discountLimitBasisPoints);
  if (sale.discountApprovedBy === null) {
    if (!needed) return ok(sale);
    const limit = (evidence.store.discountLimitBasisPoints ?? 0) / 100;
    return fail(ErrorCode.SALE_DISCOUNT_NOT_APPROVED, `the manual discounts are above the store's limit of ${limit} % and no manager approved them`);
  }
  const approver = checkAssociate(evidence.approver, { associateId: sale.discountApprovedBy, storeId: sale.storeId }, 'discount.approve');
  if (!approver.ok) return fail(ErrorCode.SALE_DISCOUNT_NOT_APPROVED, `the discount approval is not valid: ${approver.error.message}`);
  return ok(sale);
}

/** Minor units as the figure a tag shows, for the server's message (the device translates the code). */
function formatMinor(amount: number, currency: string): string {
  const format = new Intl.NumberFormat('en', { style: 'currency', currency, currencyDisplay: 'code' });
  return format.format(amount / 10 ** (format.resolvedOptions().maximumFractionDigits ?? 2));
}
