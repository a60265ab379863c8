import {
  newId as uuidv7,
  OrderIntakeSchema,
  stockLevelId,
  type Clock,
  type IdGenerator,
  type Product,
  type StockLevel,
} from '../../src/domain/index.js';
import { createIntegration, listIntegrations, rotateIntegrationKey } from '../integrations/registry.js';
import { EXAMPLE_ORDER_SKU } from '../orders/example.js';
import { intakeOrder } from '../orders/intake.js';
import type { StoreReads, SyncStore } from '../store/store.js';
import { makeDemoOrder, type DemoFulfilment } from './order-maker.js';
import { random } from './prng.js';
import { DEMO_STORES } from './stores.js';

/** The e-commerce integration the demo's online orders come from. */
export const DEMO_INTEGRATION_NAME = 'demo webshop';

/** Products the demo orders choose from: the head of the catalog, which every demo catalog size has. */
const CANDIDATES = 60;

/**
 * Seeds a few online orders for each demo store, as the platform would post them and through the same intake
 * (validation, arithmetic, reservation, `order.accepted`): pickup at the counter, curbside, and one shipped home.
 * Runs once, and only on the demo's data: when the demo stores are missing or their orders exist, it does nothing. Leaves the request example's SKU
 * alone, so the documented example still finds its unit at S1.
 */
export async function seedDemoOrders(store: SyncStore, { clock, newId = uuidv7 }: { clock: Clock; newId?: IdGenerator }): Promise<number> {
  // Only into the demo's own data: its stores, and no demo order yet.
  for (const s of DEMO_STORES) if (!(await store.getStore(s.id))) return 0;
  if ((await store.findByKey('orders', 'number', 'DEMO-S1-1')).length > 0) return 0;
  const integration =
    (await listIntegrations(store)).find((i) => i.name === DEMO_INTEGRATION_NAME && !i.revokedAt) ??
    (await createIntegration(store, { name: DEMO_INTEGRATION_NAME }, { clock, newId })).integration;
  const rnd = random(20_261_124);
  return store.transaction(async (tx) => {
    let seeded = 0;
    for (const s of DEMO_STORES) {
      const inStock = await productsInStock(tx, s.id);
      if (inStock.length === 0) continue;
      const plan: DemoFulfilment[] = [
        { type: 'pickup', storeId: s.id, mode: 'counter' },
        { type: 'pickup', storeId: s.id, mode: 'curbside' },
        { type: 'ship' },
      ];
      for (const [i, fulfilment] of plan.entries()) {
        const input = makeDemoOrder(rnd, { number: `DEMO-${s.id}-${i + 1}`, products: inStock, fulfilment, taxRates: s.taxRates, now: clock() });
        await intakeOrder(tx, integration, OrderIntakeSchema.parse(input), { clock, newId });
        seeded++;
      }
    }
    return seeded;
  });
}

/** Products the store has at least two of (a demo line orders one or two), never the request example's. */
async function productsInStock(tx: StoreReads, storeId: string): Promise<Product[]> {
  const page = await tx.pull({ collection: 'products', storeId: '', afterSeq: 0, limit: CANDIDATES });
  const products = page.documents.map((d) => JSON.parse(d.body) as Product).filter((p) => p.active && p.sku !== EXAMPLE_ORDER_SKU);
  const levels = await tx.getDocuments(
    'stock',
    products.map((p) => stockLevelId(storeId, p.sku)),
  );
  const available = new Map(levels.map((d) => [d.id, (JSON.parse(d.body) as StockLevel).available]));
  return products.filter((p) => (available.get(stockLevelId(storeId, p.sku)) ?? 0) >= 2);
}

/** A fresh key for the demo integration, printed at start (the previous start's key stops working). */
export async function demoIntegrationKey(store: SyncStore): Promise<string | undefined> {
  const demo = (await listIntegrations(store)).find((i) => i.name === DEMO_INTEGRATION_NAME && !i.revokedAt);
  return demo && rotateIntegrationKey(store, demo.id);
}
