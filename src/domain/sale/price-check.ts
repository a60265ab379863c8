import type { PriceRecord, ReplacedStore } from '../catalog/price-history.js';
import type { Product, Store, TaxClass, TaxRates } from '../catalog/schema.js';
import type { CashRounding, TaxRounding } from '../catalog/store-settings.js';
import { ErrorCode, fail, ok, type Result } from '../kernel/errors.js';
import type { Sale, SaleLine } from './schema.js';

/**
 * How long a replaced price or tax rate is still honoured on a sale, counted back from the server's decision: a
 * tablet rings up offline at the prices it holds, and may sync days after the catalog or the store changed them. A
 * week covers a long weekend without network plus the time to notice; a price older than that, or one the product
 * never had, is refused. The window bounds what a tampered till can claim to the real prices of the last week.
 */
export const PRICE_GRACE_DAYS = 7;
export const PRICE_GRACE_MS = PRICE_GRACE_DAYS * 24 * 60 * 60 * 1000;

/** What the price check reads: the store now and as it was, each line's product now and its price history. */
export interface PriceEvidence {
  store: Store;
  /** Settings the store had before, with when they were replaced (older ones may be included: they are filtered here). */
  replacedStores: readonly ReplacedStore[];
  /** The catalog's products by SKU (every SKU of the sale: unknown SKUs are refused before this check). */
  products: ReadonlyMap<string, Product>;
  /** A SKU's price history, oldest first (possibly only its part from the grace window on). */
  priceHistory(sku: string): readonly PriceRecord[];
}

/** A price a sale line may carry: an amount in the store's currency and the tax class it was sold under. */
export interface AllowedPrice {
  amount: number;
  taxClass: TaxClass;
}

/**
 * The server's check that a sale was rung up at real prices: the store's tax mode, tax rounding and cash rounding
 * step (as one setting of the store: all three in force together), and for every line a unit price
 * and tax class the product had in the store's currency, taxed at the store's rate for that class, as in force at
 * some moment of the grace window before `decidedAt` (the current ones always count). The sale's arithmetic is
 * verifySale's; discounts and promotions are checked after this, on prices this check has accepted.
 */
export function checkSalePrices(sale: Sale, evidence: PriceEvidence, decidedAt: string): Result<Sale> {
  const since = new Date(Date.parse(decidedAt) - PRICE_GRACE_MS).toISOString();
  const { store } = evidence;
  const inForce = taxSettingsInForce(store, evidence.replacedStores, since);
  const inMode = inForce.filter((s) => s.pricesIncludeTax === sale.pricesIncludeTax);
  if (inMode.length === 0) {
    return fail(
      ErrorCode.SALE_TAX_MODE_MISMATCH,
      `the till ${sale.pricesIncludeTax ? 'included tax in' : 'added tax to'} prices; store ${store.id} ${store.pricesIncludeTax ? 'includes tax in' : 'adds tax to'} its prices`,
    );
  }
  const rounded = inMode.filter((s) => s.taxRounding === sale.taxRounding);
  if (rounded.length === 0) {
    return fail(
      ErrorCode.SALE_TAX_ROUNDING_MISMATCH,
      `the till rounded tax ${ROUNDED_WHERE[sale.taxRounding]}; store ${store.id} rounds it ${ROUNDED_WHERE[inMode[0]!.taxRounding]}`,
    );
  }
  const settings = rounded.filter((s) => s.cashRoundingStep === sale.cashRoundingStep);
  if (settings.length === 0) {
    return fail(
      ErrorCode.SALE_CASH_ROUNDING_MISMATCH,
      `the till rounded cash ${cashStep(sale.cashRoundingStep)}; store ${store.id} rounds it ${cashStep(rounded[0]!.cashRoundingStep)}`,
    );
  }
  for (const line of sale.lines) {
    const product = evidence.products.get(line.sku)!;
    const prices = pricesInForce(evidence.priceHistory(line.sku), product, store.currency, since);
    const refused = checkLine(line, prices, settings, store.currency);
    if (refused) return refused;
  }
  return ok(sale);
}

function checkLine(line: SaleLine, prices: readonly AllowedPrice[], settings: readonly TaxSetting[], currency: string): Result<Sale> | undefined {
  const label = `line ${line.lineNo} (${line.name})`;
  const atPrice = prices.filter((p) => p.amount === line.unitPrice);
  if (atPrice.length === 0) {
    const current = prices[0];
    const expected = current ? `the price is ${formatMinor(current.amount, currency)}` : `it has no price in ${currency}`;
    return fail(
      ErrorCode.SALE_PRICE_UNKNOWN,
      `${label}: ${formatMinor(line.unitPrice, currency)} is not a price ${line.sku} had in the last ${PRICE_GRACE_DAYS} days; ${expected}`,
    );
  }
  if (!atPrice.some((p) => p.taxClass === line.taxClass)) {
    return fail(ErrorCode.SALE_TAX_CLASS_MISMATCH, `${label}: sold as tax class ${line.taxClass}, the catalog has ${atPrice[0]!.taxClass}`);
  }
  const rates = settings.map((s) => s.taxRates[line.taxClass]);
  if (!rates.includes(line.taxRateBp)) {
    return fail(
      ErrorCode.SALE_TAX_RATE_MISMATCH,
      `${label}: taxed at ${formatRate(line.taxRateBp)}, the store's ${line.taxClass} rate is ${formatRate(rates[0]!)}`,
    );
  }
  return undefined;
}

/** What a sale must have been rung up under: the store's tax mode, rates and roundings (absent roundings read as defaults). */
export interface TaxSetting {
  pricesIncludeTax: boolean;
  taxRates: TaxRates;
  taxRounding: TaxRounding;
  cashRoundingStep: CashRounding;
}

/** The store's tax settings in force at some moment since `since`: the current ones first. */
export function taxSettingsInForce(store: Store, replaced: readonly ReplacedStore[], since: string): TaxSetting[] {
  return [store, ...replaced.filter((r) => r.replacedAt > since).map((r) => r.store)].map(taxSettingOf);
}

/** A store's tax setting, as completeSale reads it: per-line tax rounding and no cash rounding unless it says so. */
export const taxSettingOf = (store: Store): TaxSetting => ({
  pricesIncludeTax: store.pricesIncludeTax,
  taxRates: store.taxRates,
  taxRounding: store.taxRounding ?? 'line',
  cashRoundingStep: store.cashRounding ?? 1,
});

const ROUNDED_WHERE: Record<TaxRounding, string> = { line: 'per line', total: 'once per rate on the total' };
const cashStep = (step: CashRounding) => (step === 1 ? 'not at all' : `to steps of ${step}`);

/**
 * The prices a product had in `currency` at some moment since `since`: its current catalog price first (a product
 * written before the history existed has none there), then each history record not replaced by then. A record is in
 * force until the next one of its SKU; one replaced at the same instant never was.
 */
export function pricesInForce(history: readonly PriceRecord[], product: Product, currency: string, since: string): AllowedPrice[] {
  const prices: AllowedPrice[] = [{ amount: product.price.amount, taxClass: product.taxClass, currency: product.price.currency }]
    .filter((p) => p.currency === currency)
    .map(({ amount, taxClass }) => ({ amount, taxClass }));
  history.forEach((record, i) => {
    const next = history[i + 1];
    const inForce = next === undefined || (next.validFrom > since && next.validFrom > record.validFrom);
    if (inForce && record.currency === currency) prices.push({ amount: record.amount, taxClass: record.taxClass });
  });
  return prices;
}

/**
 * Minor units as the figure a tag shows, for the server's message (the device translates the code). Only a refused
 * line is formatted: the check runs inside the write transaction, and a formatter per line showed in its profile.
 */
function formatMinor(amount: number, currency: string): string {
  const format = new Intl.NumberFormat('en', { style: 'currency', currency, currencyDisplay: 'code' });
  return format.format(amount / 10 ** (format.resolvedOptions().maximumFractionDigits ?? 2));
}
const formatRate = (bp: number) => `${bp / 100} %`;
