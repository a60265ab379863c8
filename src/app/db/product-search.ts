import { looksLikeBarcode, type Product } from '../../domain/index.js';
import type { VitrineDatabase } from './database.js';
import { searchProducts } from './lookup.js';
import type { ProductSearchIndex } from './product-search-index.js';

export interface ProductSearchAnswer {
  /** The first `limit` products, ranked. */
  products: Product[];
  /** Every product the query finds; null while the word index builds (the prefix search does not count). */
  total: number | null;
  /** Categories of the word matches with their counts, for the filter; empty while the word index builds. */
  categories: { category: string; count: number }[];
}

/**
 * The selling screen's search: the product whose barcode is the whole query (the database's barcode index, as a scan
 * finds it), then what the word index finds: the product whose SKU is the query, matches of any words of name, brand,
 * colour or size in any order (accents and case ignored, one typo per word) ranked, SKUs starting with the query.
 * A typed barcode is shown whatever the category filter: typing it asks for that product. Until the word index is
 * ready it answers with the indexed name and SKU prefix search.
 */
export async function searchCatalog(
  db: VitrineDatabase,
  index: ProductSearchIndex,
  text: string,
  { limit, category = null }: { limit: number; category?: string | null },
): Promise<ProductSearchAnswer> {
  const query = text.trim();
  if (!query) return { products: [], total: 0, categories: [] };
  if (!index.state.ready) {
    const found = await searchProducts(db, query, limit);
    return { products: category ? found.filter((p) => p.category === category) : found, total: null, categories: [] };
  }
  const byBarcode = looksLikeBarcode(query) ? await db.products.findOne({ selector: { barcode: query } }).exec() : null;
  const found = index.words.search(query, { limit, category });
  const ids = byBarcode ? [byBarcode.sku, ...found.ids.filter((id) => id !== byBarcode.sku)].slice(0, limit) : found.ids;
  const documents = await db.products.findByIds(ids).exec();
  const products = ids.flatMap((id) => {
    const doc = documents.get(id);
    return doc ? [doc.toJSON() as Product] : [];
  });
  return { products, total: found.total + (byBarcode ? 1 : 0), categories: found.categories };
}
