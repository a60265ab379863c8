import { applyMovement, stockLevelId, type Clock, type StockLevel, type StockMovement } from '../../src/domain/index.js';
import { upsertProducts } from '../catalog/products.js';
import { upsertPromotions } from '../catalog/promotions.js';
import { saveStore } from '../catalog/stores.js';
import type { DocumentWrite, SyncStore } from '../store/store.js';
import { generateCatalog } from './catalog.js';
import { demoPromotions } from './promotions.js';
import { random } from './prng.js';
import { DEMO_STORES } from './stores.js';

export { DEMO_STORES, DEMO_STORE_CITIES } from './stores.js';

/** The demo opening stock of a store and SKU: 0..12, about one in eight at zero. Deterministic per store. */
export function openingQuantities(storeIndex: number, count: number): number[] {
  const rnd = random(9_001 + storeIndex);
  return Array.from({ length: count }, () => (rnd.next() < 0.125 ? 0 : rnd.int(1, 12)));
}

export interface SeedResult {
  seeded: boolean;
  products: number;
  levels: number;
  movements: number;
}

/**
 * Fills an empty database with the demo stores, the catalog (its prices in the price history) and opening stock (one
 * `receipt` movement per store and SKU with stock, and a level document for every store and SKU). Does nothing when any store exists, so a restart
 * never duplicates or resets data. One transaction: a crash mid-seed leaves an empty database, seeded next start.
 */
export async function seedDemoData(store: SyncStore, { catalogSize, clock }: { catalogSize: number; clock: Clock }): Promise<SeedResult> {
  const at = clock().toISOString();
  return store.transaction(async (tx) => {
    if ((await tx.listStores()).length > 0) return { seeded: false, products: 0, levels: 0, movements: 0 };
    // Generated only for an empty database: every later start skips it (at 100,000 products it takes half a second).
    const products = generateCatalog(catalogSize);
    // The same code as PUT /api/stores and PUT /api/products: stores and catalog replicate, prices enter the history.
    for (const s of DEMO_STORES) await saveStore(tx, s, { at });
    await upsertProducts(tx, products, { at, source: 'demo' });
    await upsertPromotions(tx, demoPromotions(at));

    let levels = 0;
    let movements = 0;
    for (const [storeIndex, s] of DEMO_STORES.entries()) {
      const quantities = openingQuantities(storeIndex, products.length);
      const moves: StockMovement[] = [];
      const docs: DocumentWrite[] = products.map((p, i) => {
        const quantity = quantities[i]!;
        const movement: StockMovement = {
          id: `opening:${s.id}:${p.sku}`,
          storeId: s.id,
          sku: p.sku,
          quantity,
          reason: 'receipt',
          sourceId: `opening-${s.id}`,
          recordedAt: at,
        };
        if (quantity > 0) moves.push(movement);
        const level: StockLevel = applyMovement(undefined, movement, at);
        return { collection: 'stock', id: stockLevelId(s.id, p.sku), storeId: s.id, body: level };
      });
      await tx.insertMovements(moves);
      await tx.putDocuments(docs);
      levels += docs.length;
      movements += moves.length;
    }
    return { seeded: true, products: products.length, levels, movements };
  });
}
