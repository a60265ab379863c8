import { afterEach, describe, expect, it } from 'vitest';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import type { OrderSummary } from '../../domain/index.js';
import { createVitrineDatabase, type VitrineDatabase } from './database.js';
import type { FetchLike } from './http.js';
import { lookupOrders, ORDER_LOOKUP_KEEP_MS } from './order-lookup.js';

let db: VitrineDatabase | undefined;
let n = 0;
const open = async () => (db = await createVitrineDatabase({ storage: getRxStorageMemory(), name: `orderlookup${++n}` }));
afterEach(async () => {
  await db?.remove();
  db = undefined;
});

const summary = (number: string): OrderSummary => ({
  id: `id-${number}`,
  number,
  channel: 'web',
  state: 'delivered',
  storeId: null,
  fulfilment: 'ship',
  deliveryCity: 'Curitiba',
  customerName: 'Ana Souza',
  currency: 'BRL',
  pricesIncludeTax: true,
  lines: [
    {
      lineNo: 1,
      sku: 'TEN-0001-42-PRE',
      name: 'Tênis',
      quantity: 1,
      unitPrice: 12990,
      discount: 0,
      tax: 1982,
      total: 12990,
      collected: 0,
      returned: 0,
    },
  ],
  totals: { subtotal: 12990, discount: 0, shipping: 0, tax: 1982, total: 12990 },
  payments: [{ method: 'pix', amount: 12990, status: 'paid' }],
  placedAt: '2026-11-20T12:00:00.000Z',
  collectedAt: null,
  deliveredAt: '2026-11-22T12:00:00.000Z',
  cancelledAt: null,
});

/** A server that answers `orders` while online, and a network that can be cut. */
function fakeServer(orders: OrderSummary[]) {
  const state = { online: true, requests: [] as string[] };
  const fetch: FetchLike = async (url) => {
    if (!state.online) throw new TypeError('Failed to fetch');
    state.requests.push(url);
    return new Response(JSON.stringify({ orders }), { status: 200, headers: { 'Content-Type': 'application/json' } });
  };
  return { state, fetch };
}

const t0 = Date.parse('2026-11-23T10:00:00Z');

describe('lookupOrders', () => {
  it('asks the server while online and answers the saved lookup when the connection is down', async () => {
    const d = await open();
    const server = fakeServer([summary('WEB-1')]);
    const options = { baseUrl: 'https://vitrine.test/', token: 'tok', fetch: server.fetch, now: () => t0 };
    const online = await lookupOrders(d, { phone: '(41) 99876-5432' }, options);
    expect(online).toEqual({ orders: [summary('WEB-1')], source: 'server', fetchedAt: t0 });
    expect(server.state.requests).toEqual(['https://vitrine.test/api/lookup/orders?phone=%2841%29+99876-5432']);

    server.state.online = false;
    const later = { ...options, now: () => t0 + 60_000 };
    expect(await lookupOrders(d, { phone: '41 99876 5432' }, later)).toEqual({ orders: [summary('WEB-1')], source: 'saved', fetchedAt: t0 });
    // A number found through any earlier lookup is found offline too, in any case.
    expect((await lookupOrders(d, { number: 'web-1' }, later)).orders).toEqual([summary('WEB-1')]);
  });

  it('forgets a lookup after 24 hours, or when the clock was set back: offline it then says the network is down', async () => {
    const d = await open();
    const server = fakeServer([summary('WEB-2')]);
    await lookupOrders(d, { number: 'WEB-2' }, { baseUrl: 'https://v', token: 't', fetch: server.fetch, now: () => t0 });
    server.state.online = false;
    const at = (ms: number) => ({ baseUrl: 'https://v', token: 't', fetch: server.fetch, now: () => ms });
    expect((await lookupOrders(d, { number: 'WEB-2' }, at(t0 + ORDER_LOOKUP_KEEP_MS - 1))).source).toBe('saved');
    await expect(lookupOrders(d, { number: 'WEB-2' }, at(t0 + ORDER_LOOKUP_KEEP_MS))).rejects.toThrow('network unreachable');
    await expect(lookupOrders(d, { number: 'WEB-2' }, at(t0 - 1))).rejects.toThrow('network unreachable');
  });

  it('drops expired lookups from the device when it saves a new one', async () => {
    const d = await open();
    const server = fakeServer([summary('WEB-3')]);
    await lookupOrders(d, { email: 'ana@example.com' }, { baseUrl: 'https://v', token: 't', fetch: server.fetch, now: () => t0 });
    await lookupOrders(d, { number: 'WEB-3' }, { baseUrl: 'https://v', token: 't', fetch: server.fetch, now: () => t0 + ORDER_LOOKUP_KEEP_MS + 1 });
    const saved = (await d.getLocal<{ lookups: Record<string, unknown> }>('order-lookups'))!.toJSON().data.lookups;
    expect(Object.keys(saved)).toEqual(['number:WEB-3']);
  });

  it("passes the server's refusals on, even with a saved answer", async () => {
    const d = await open();
    await lookupOrders(d, { number: 'WEB-4' }, { baseUrl: 'https://v', token: 't', fetch: fakeServer([summary('WEB-4')]).fetch, now: () => t0 });
    const refusing: FetchLike = async () =>
      new Response(JSON.stringify({ error: { code: 'RATE_LIMITED', message: 'too many order lookups', fieldErrors: [] } }), { status: 429 });
    await expect(
      lookupOrders(d, { number: 'WEB-4' }, { baseUrl: 'https://v', token: 't', fetch: refusing, now: () => t0 + 1 }),
    ).rejects.toMatchObject({ code: 'RATE_LIMITED' });
  });
});
