import { looksLikeBarcode, normalizeSearchText, type Product } from '../../domain/index.js';
import type { VitrineDatabase } from './database.js';
import { productCodesOf } from './product-codes.js';

/**
 * Scan lookup: the product codes held in memory (product-codes.ts) when they know the answer; otherwise the `barcode`
 * index first, then the SKU (primary key), both single index reads.
 */
export async function lookupBarcode(db: VitrineDatabase, code: string): Promise<Product | null> {
  const trimmed = code.trim();
  if (!trimmed) return null;
  const held = productCodesOf(db)?.find(trimmed);
  if (held !== undefined) return held;
  if (looksLikeBarcode(trimmed)) {
    const byBarcode = await db.products.findOne({ selector: { barcode: trimmed } }).exec();
    if (byBarcode) return byBarcode.toJSON() as Product;
  }
  const bySku = await db.products.findOne(trimmed.toUpperCase()).exec();
  return bySku ? (bySku.toJSON() as Product) : null;
}

const HIGH = '\uffff';

/**
 * Name prefix search on the `searchName` index (accent- and case-folded like the server derives it), plus an SKU
 * prefix range on the primary key when the text could be an SKU. Never a regex: that would scan every product.
 */
export async function searchProducts(db: VitrineDatabase, text: string, limit = 20): Promise<Product[]> {
  const q = normalizeSearchText(text);
  if (!q) return [];
  const byName = await db.products.find({ selector: { searchName: { $gte: q, $lt: q + HIGH } }, sort: [{ searchName: 'asc' }], limit }).exec();
  const results = byName.map((d) => d.toJSON() as Product);
  const sku = text.trim().toUpperCase();
  if (results.length < limit && /^[A-Z0-9-]+$/.test(sku)) {
    const bySku = await db.products
      .find({ selector: { sku: { $gte: sku, $lt: sku + HIGH } }, sort: [{ sku: 'asc' }], limit: limit - results.length })
      .exec();
    const seen = new Set(results.map((p) => p.sku));
    for (const d of bySku) if (!seen.has(d.sku)) results.push(d.toJSON() as Product);
  }
  return results;
}
