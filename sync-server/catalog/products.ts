import { z } from 'zod';
import { normalizeSearchText, ProductSchema, type Product } from '../../src/domain/index.js';
import type { StoreTx } from '../store/store.js';
import { recordPrices } from './price-history.js';

/** A product as the chain's systems send it: `searchName` is the server's to derive. */
export const ProductInputSchema = ProductSchema.omit({ searchName: true });
export type ProductInput = z.infer<typeof ProductInputSchema>;

/** Products per PUT /api/products: a page of an export, ~300 bytes each, well inside the route's body limit. */
export const PRODUCTS_PER_PUT = 1_000;
export const PRODUCTS_BODY_MAX_BYTES = 1024 * 1024;

export const ProductsPutSchema = z.object({
  products: z
    .array(ProductInputSchema)
    .min(1)
    .max(PRODUCTS_PER_PUT)
    .superRefine((products, ctx) => {
      // One SKU twice in a batch would make its final state depend on order; one barcode on two SKUs would make a scan ambiguous.
      for (const field of ['sku', 'barcode'] as const) {
        const first = new Map<string, number>();
        products.forEach((p, i) => {
          const earlier = first.get(p[field]);
          if (earlier === undefined) first.set(p[field], i);
          else ctx.addIssue({ code: 'custom', message: `${field} ${p[field]} is also products.${earlier}.${field}`, path: [i, field] });
        });
      }
    }),
});

export interface UpsertSummary {
  created: number;
  updated: number;
  unchanged: number;
  /** Price history rows written: new products and changes of price, currency or tax class. */
  pricesRecorded: number;
}

/**
 * Writes products (already validated: ProductsPutSchema, or the demo's generated catalog) into the replicated catalog
 * in the caller's transaction: new and changed products get a new seq
 * (devices pull them), identical ones are left alone, and each new price is appended to the price history.
 */
export async function upsertProducts(
  tx: StoreTx,
  inputs: readonly ProductInput[],
  { at, source }: { at: string; source: string },
): Promise<UpsertSummary> {
  const existing = new Map<string, Product>();
  for (const doc of await tx.getDocuments(
    'products',
    inputs.map((p) => p.sku),
  ))
    existing.set(doc.id, JSON.parse(doc.body) as Product);
  const written: Product[] = [];
  const repriced: Product[] = [];
  let created = 0;
  for (const input of inputs) {
    const product = canonical({ ...input, searchName: normalizeSearchText(input.name) });
    const before = existing.get(product.sku);
    if (before && JSON.stringify(canonical(before)) === JSON.stringify(product)) continue;
    if (!before) created++;
    written.push(product);
    if (
      !before ||
      before.price.amount !== product.price.amount ||
      before.price.currency !== product.price.currency ||
      before.taxClass !== product.taxClass
    ) {
      repriced.push(product);
    }
  }
  await tx.putDocuments(written.map((p) => ({ collection: 'products', id: p.sku, storeId: '', body: p })));
  await recordPrices(tx.sql, repriced, at, source);
  return { created, updated: written.length - created, unchanged: inputs.length - written.length, pricesRecorded: repriced.length };
}

/** The product's fields in the schema's order, so two versions compare as JSON text. */
const canonical = (p: Product): Product => ({
  sku: p.sku,
  barcode: p.barcode,
  name: p.name,
  searchName: p.searchName,
  brand: p.brand,
  category: p.category,
  styleCode: p.styleCode,
  size: p.size,
  colour: p.colour,
  price: { amount: p.price.amount, currency: p.price.currency },
  taxClass: p.taxClass,
  active: p.active,
  ...(p.imageUrl !== undefined && { imageUrl: p.imageUrl }),
  ...(p.finalSale !== undefined && { finalSale: p.finalSale }),
});
