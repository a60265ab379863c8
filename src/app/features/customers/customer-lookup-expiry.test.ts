import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { afterEach, describe, expect, it } from 'vitest';
import { blankProfile } from '../../../domain/index.js';
import { createVitrineDatabase, type VitrineDatabase } from '../../db/database.js';
import type { FetchLike } from '../../db/http.js';
import { CUSTOMER_LOOKUP_KEEP_MS, forgetExpiredLookups, lookedUpCustomers$, lookupCustomers } from './customer-lookup.js';

let db: VitrineDatabase | undefined;
let n = 0;
const open = async () =>
  (db = await createVitrineDatabase({ storage: getRxStorageMemory(), name: `lookupexpiry${++n}`, collections: ['customers'] }));
afterEach(async () => {
  await db?.remove();
  db = undefined;
});

const carla = { ...blankProfile('c-1', '2026-11-23T16:00:00.000Z'), name: 'Carla Mendes', phone: '+5531991112222' };
const answering: FetchLike = async () =>
  new Response(JSON.stringify({ customers: [carla] }), { status: 200, headers: { 'Content-Type': 'application/json' } });
const lookUp = (d: VitrineDatabase, now: () => number) =>
  lookupCustomers(d, [{ phone: carla.phone }], { baseUrl: 'http://s', token: 't'.repeat(20), fetch: answering, now });
/** What the device holds, read from its storage (not what the screen shows). */
const stored = async (d: VitrineDatabase) => JSON.stringify((await d.getLocal('customer-lookups'))?.toJSON().data ?? null);

describe('a customer looked up outside the store’s book', () => {
  it('is purged from the device’s storage after 24 hours, not only hidden', async () => {
    const d = await open();
    const t0 = Date.parse('2026-11-23T16:00:00.000Z');
    await lookUp(d, () => t0);
    expect(await stored(d)).toContain('Carla Mendes');
    expect(await forgetExpiredLookups(d, () => t0 + CUSTOMER_LOOKUP_KEEP_MS - 1)).toBe(0);
    expect(await stored(d)).toContain('Carla Mendes');
    expect(await forgetExpiredLookups(d, () => t0 + CUSTOMER_LOOKUP_KEEP_MS)).toBe(1);
    expect(await stored(d)).not.toContain('Carla');
  });

  it('leaves the open book at its 24th hour by itself, and the storage with it', async () => {
    const d = await open();
    // Looked up almost 24 hours ago: it expires 150 ms from now, while the book is open.
    await lookUp(d, () => Date.now() - CUSTOMER_LOOKUP_KEEP_MS + 150);
    const seen: string[][] = [];
    const sub = lookedUpCustomers$(d).subscribe((list) => seen.push(list.map((p) => p.name)));
    await expect.poll(() => seen.at(-1), { timeout: 2_000 }).toEqual([]);
    sub.unsubscribe();
    expect(seen[0]).toEqual(['Carla Mendes']);
    expect(await stored(d)).not.toContain('Carla');
  });
});
