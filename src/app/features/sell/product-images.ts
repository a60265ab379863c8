import { map } from 'rxjs';
import type { Product } from '../../../domain/index.js';
import type { VitrineDatabase } from '../../db/database.js';
import { useObservable } from '../../ui/hooks.js';

/**
 * The pictures of these SKUs (by SKU), for rows that hold a SKU rather than a product (cart lines): read by primary
 * key, live, so a picture the catalog adds later appears.
 */
export function useProductImages(db: VitrineDatabase, skus: readonly string[]): Map<string, string> {
  const key = skus.join(',');
  return useObservable<Map<string, string>>(
    () =>
      skus.length
        ? db.products.findByIds([...skus]).$.pipe(
            map((docs) => {
              const urls = new Map<string, string>();
              for (const [sku, doc] of docs) {
                const url = (doc.toJSON() as Product).imageUrl;
                if (url) urls.set(sku, url);
              }
              return urls;
            }),
          )
        : null,
    new Map(),
    [key, db],
  );
}
