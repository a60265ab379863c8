import { map, type Observable } from 'rxjs';
import type { Product } from '../../domain/index.js';
import type { VitrineDatabase } from './database.js';

/**
 * A style's variants, read through the products' `styleCode` index (a range of a few dozen entries, however large the
 * catalog: ~1 ms at 100,000 products, style-variants.test.ts), live: a variant replicated in while the grid is open
 * appears in it.
 */
export const styleVariantsQuery = (db: VitrineDatabase, styleCode: string) => db.products.find({ selector: { styleCode } });

export const styleVariants$ = (db: VitrineDatabase, styleCode: string): Observable<Product[]> =>
  styleVariantsQuery(db, styleCode).$.pipe(map((docs) => docs.map((doc) => doc.toJSON() as Product)));

export async function styleVariants(db: VitrineDatabase, styleCode: string): Promise<Product[]> {
  return (await styleVariantsQuery(db, styleCode).exec()).map((doc) => doc.toJSON() as Product);
}
