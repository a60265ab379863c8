import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { afterEach, describe, expect, it } from 'vitest';
import type { CustomerPurchases } from '../../../domain/index.js';
import { createVitrineDatabase, type VitrineDatabase } from '../../db/database.js';
import { isNetworkUnreachable, type FetchLike } from '../../db/http.js';
import { otherStorePurchases, PURCHASES_KEEP_MS } from './other-store-purchases.js';

let db: VitrineDatabase | undefined;
let n = 0;
const open = async () => (db = await createVitrineDatabase({ storage: getRxStorageMemory(), name: `purchases${++n}` }));
afterEach(async () => {
  await db?.remove();
  db = undefined;
});

const answer: CustomerPurchases = {
  customerId: 'c-1',
  currency: 'BRL',
  summary: { count: 2, total: 45_980, lastAt: '2026-11-20T15:00:00.000Z' },
  stores: [{ storeId: 'S2', name: 'Vitrine Savassi', count: 2, total: 45_980, lastAt: '2026-11-20T15:00:00.000Z' }],
};

function fakeServer() {
  const state = { online: true };
  const fetch: FetchLike = async (url) => {
    if (!state.online) throw new TypeError('Failed to fetch');
    if (url !== 'http://server/api/customers/c-1/purchases') {
      return new Response(JSON.stringify({ error: { code: 'NOT_FOUND', message: 'no such customer', fieldErrors: [] } }), { status: 404 });
    }
    return new Response(JSON.stringify(answer), { status: 200, headers: { 'Content-Type': 'application/json' } });
  };
  return { state, fetch };
}

const t0 = Date.parse('2026-11-23T10:00:00Z');
const options = (fetch: FetchLike, now = t0) => ({ baseUrl: 'http://server', token: 'tok', fetch, now: () => now });

describe("a customer's purchases in the other stores", () => {
  it('answers the server online and, offline, its last answer with when it was fetched, for 24 hours only', async () => {
    const database = await open();
    const server = fakeServer();
    expect(await otherStorePurchases(database, 'c-1', options(server.fetch))).toEqual({ answer, fetchedAt: t0, source: 'server' });
    server.state.online = false;
    expect(await otherStorePurchases(database, 'c-1', options(server.fetch, t0 + 3_600_000))).toEqual({ answer, fetchedAt: t0, source: 'saved' });
    const expired = otherStorePurchases(database, 'c-1', options(server.fetch, t0 + PURCHASES_KEEP_MS));
    await expect(expired).rejects.toSatisfy(isNetworkUnreachable);
  });

  it('says the server’s refusal (an erased customer) as it is, never an old answer', async () => {
    const database = await open();
    const server = fakeServer();
    await expect(otherStorePurchases(database, 'c-gone', options(server.fetch))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
