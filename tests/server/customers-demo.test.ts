import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomerProfileSchema, SaleSchema, systemClock, type CustomerProfile, type Sale } from '../../src/domain/index.js';
import { DEMO_CUSTOMERS_PER_STORE, seedDemoCustomers } from '../../sync-server/demo/customers.js';
import { seedDemoOrders } from '../../sync-server/demo/orders.js';
import { DEMO_STORES } from '../../sync-server/demo/seed.js';
import { syncClient } from './client.js';
import { startTestServer, type TestServer } from './harness.js';

/** `npm start`'s demo customers: each store's book on its devices, with purchase history, and the demo orders' customers. */
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ catalogSize: 200 });
});
afterAll(() => server.close());

describe('the demo customers', () => {
  it('give every store a book of at least 50 profiles on its devices, some with sales naming them; a second start adds nothing', async () => {
    const seeded = await seedDemoCustomers(server.store, { clock: systemClock });
    expect(seeded.customers).toBe(DEMO_CUSTOMERS_PER_STORE * DEMO_STORES.length);
    expect(seeded.sales).toBeGreaterThan(DEMO_STORES.length * 20);
    expect(await seedDemoCustomers(server.store, { clock: systemClock })).toEqual({ customers: 0, sales: 0 });

    for (const store of DEMO_STORES) {
      const device = syncClient(server.url, await server.enroll(store.id));
      const book = (await device.pullAll('customers')).documents as CustomerProfile[];
      expect(book.length).toBeGreaterThanOrEqual(50);
      expect(book.every((p) => p.stores.includes(store.id) && CustomerProfileSchema.safeParse(p).success)).toBe(true);
      const sales = (await device.pullAll('sales')).documents as Sale[];
      expect(sales.every((s) => SaleSchema.safeParse(s).success)).toBe(true);
      const named = new Set(sales.flatMap((s) => (s.customerId ? [s.customerId] : [])));
      expect(named.size).toBeGreaterThan(10);
      for (const id of named) expect(book.some((p) => p.id === id)).toBe(true);
    }
  });

  it('match or add the demo orders’ customers at intake, in their pickup store’s book', async () => {
    await seedDemoOrders(server.store, { clock: systemClock });
    const device = syncClient(server.url, await server.enroll('S1'));
    const book = (await device.pullAll('customers')).documents as CustomerProfile[];
    expect(book.filter((p) => p.history.some((e) => e.kind === 'order_matched')).length).toBeGreaterThanOrEqual(2);
  });
});
