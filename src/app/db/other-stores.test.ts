import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { afterEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../domain/index.js';
import type { SkuStock, StyleStock } from '../../domain/stock/availability.js';
import { createVitrineDatabase, type VitrineDatabase } from './database.js';
import type { FetchLike } from './http.js';
import { isNetworkUnreachable } from './http.js';
import { lookupOtherStores, OTHER_STORES_KEEP_MS } from './other-stores.js';

let db: VitrineDatabase | undefined;
let n = 0;
const open = async () => (db = await createVitrineDatabase({ storage: getRxStorageMemory(), name: `otherstores${++n}` }));
afterEach(async () => {
  await db?.remove();
  db = undefined;
});

const skuStock = (sku: string, available: number): SkuStock => ({
  sku,
  stores: [
    {
      storeId: 'S2',
      name: 'Vitrine Savassi',
      available,
      onHand: available,
      reserved: 0,
      distanceKm: 490.2,
      openingHours: null,
      timeZone: 'America/Sao_Paulo',
      openNow: null,
    },
  ],
});

/** A server answering per path while online, a network that can be cut. */
function fakeServer(answers: Record<string, unknown>) {
  const state = { online: true, requests: [] as string[] };
  const fetch: FetchLike = async (url) => {
    if (!state.online) throw new TypeError('Failed to fetch');
    state.requests.push(url);
    const path = url.replace('http://server', '');
    const body = answers[path];
    if (!body) return new Response(JSON.stringify({ error: { code: 'NOT_FOUND', message: 'no such SKU', fieldErrors: [] } }), { status: 404 });
    return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });
  };
  return { state, fetch };
}

const t0 = Date.parse('2026-11-23T10:00:00Z');
const options = (fetch: FetchLike, now = t0) => ({ baseUrl: 'http://server', token: 'tok', fetch, now: () => now });

describe('lookupOtherStores', () => {
  it("answers the server's figures online and, offline, the last answer with when it was fetched", async () => {
    const database = await open();
    const server = fakeServer({ '/api/stock/A-1': skuStock('A-1', 4) });
    const online = await lookupOtherStores(database, { sku: 'A-1' }, options(server.fetch));
    expect(online).toMatchObject({ source: 'server', fetchedAt: t0 });
    expect(online.answer.stores[0]!.available).toBe(4);
    server.state.online = false;
    const offline = await lookupOtherStores(database, { sku: 'A-1' }, options(server.fetch, t0 + 3_600_000));
    expect(offline).toEqual({ source: 'saved', fetchedAt: t0, answer: online.answer });
  });

  it('offline, finds a SKU inside a saved answer for its whole style', async () => {
    const database = await open();
    const style: StyleStock = { styleCode: 'A', skus: [skuStock('A-1', 1), skuStock('A-2', 7)] };
    const server = fakeServer({ '/api/stock?style=A': style });
    await lookupOtherStores(database, { style: 'A' }, options(server.fetch));
    server.state.online = false;
    const offline = await lookupOtherStores(database, { sku: 'A-2' }, options(server.fetch, t0 + 1000));
    expect(offline.source).toBe('saved');
    expect(offline.answer.stores[0]!.available).toBe(7);
  });

  it('offline with nothing saved, or saved more than a week ago, throws the network error (the screen says it needs the network)', async () => {
    const database = await open();
    const server = fakeServer({ '/api/stock/A-1': skuStock('A-1', 4) });
    server.state.online = false;
    const never = await lookupOtherStores(database, { sku: 'A-1' }, options(server.fetch)).catch((e: unknown) => e);
    expect(isNetworkUnreachable(never)).toBe(true);
    server.state.online = true;
    await lookupOtherStores(database, { sku: 'A-1' }, options(server.fetch));
    server.state.online = false;
    const stale = await lookupOtherStores(database, { sku: 'A-1' }, options(server.fetch, t0 + OTHER_STORES_KEEP_MS)).catch((e: unknown) => e);
    expect(isNetworkUnreachable(stale)).toBe(true);
  });

  it("passes the server's refusal on (an unknown SKU), never a saved answer in its place", async () => {
    const database = await open();
    const server = fakeServer({});
    await expect(lookupOtherStores(database, { sku: 'NOPE' }, options(server.fetch))).rejects.toMatchObject({ code: ErrorCode.NOT_FOUND });
  });
});
