import { applyMovement, stockLevelId, type Clock, type StockLevel, type StockMovement, type Store } from '../../src/domain/index.js';
import type { DocumentWrite, SyncStore } from '../store/store.js';
import { generateCatalog } from './catalog.js';
import { random } from './prng.js';

const storeBase = {
  currency: 'BRL',
  locale: 'pt-BR',
  timeZone: 'America/Sao_Paulo',
  pricesIncludeTax: true,
  taxRates: { standard: 1800, reduced: 1200, exempt: 0 },
} as const;

export const DEMO_STORES: readonly Store[] = [
  { id: 'S1', name: 'Vitrine Paulista', ...storeBase, taxRates: { ...storeBase.taxRates } },
  { id: 'S2', name: 'Vitrine Savassi', ...storeBase, taxRates: { ...storeBase.taxRates } },
  { id: 'S3', name: 'Vitrine Batel', ...storeBase, taxRates: { ...storeBase.taxRates } },
];
/** City of each demo store, for the startup banner. */
export const DEMO_STORE_CITIES: Readonly<Record<string, string>> = { S1: 'São Paulo', S2: 'Belo Horizonte', S3: 'Curitiba' };

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
 * Fills an empty database with the demo stores, the catalog and opening stock (one `receipt` movement per store and
 * SKU with stock, and a level document for every store and SKU). Does nothing when any store exists, so a restart
 * never duplicates or resets data. One transaction: a crash mid-seed leaves an empty database, seeded next start.
 */
export async function seedDemoData(store: SyncStore, { catalogSize, clock }: { catalogSize: number; clock: Clock }): Promise<SeedResult> {
  const products = generateCatalog(catalogSize);
  const at = clock().toISOString();
  return store.transaction(async (tx) => {
    if ((await tx.listStores()).length > 0) return { seeded: false, products: 0, levels: 0, movements: 0 };
    for (const s of DEMO_STORES) await tx.upsertStore(s);
    await tx.putDocuments(products.map((p) => ({ collection: 'products', id: p.sku, storeId: '', body: p })));

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
