import type { Store, TaxClass } from './schema.js';

/**
 * A price a product had: the server appends one when a catalog write changes a product's price, currency or tax
 * class (table `price_history`). A record is in force from `validFrom` until the next record of its SKU.
 */
export interface PriceRecord {
  sku: string;
  currency: string;
  amount: number;
  taxClass: TaxClass;
  /** Server time of the catalog write that set this price. */
  validFrom: string;
  /** Who set it: `integration:<id>` or `demo`. */
  source: string;
}

/**
 * Settings a store had until a PUT /api/stores/{id} replaced them (table `store_history`): a sale rung up offline
 * before a change of tax rates still carries the rates of then.
 */
export interface ReplacedStore {
  store: Store;
  /** Server time of the write that replaced them. */
  replacedAt: string;
}
