import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { firstValueFrom } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { blankProfile } from '../../../domain/index.js';
import { createVitrineDatabase, type VitrineDatabase } from '../../db/database.js';
import type { FetchLike } from '../../db/http.js';
import { CUSTOMER_LOOKUP_KEEP_MS, lookedUpCustomers$, lookupCustomers, lookupQueriesOf } from './customer-lookup.js';

let db: VitrineDatabase | undefined;
let n = 0;
const open = async () => (db = await createVitrineDatabase({ storage: getRxStorageMemory(), name: `customerlookup${++n}` }));
afterEach(async () => {
  await db?.remove();
  db = undefined;
});

describe('looking a customer up in the whole chain', () => {
  it('is asked by a whole email, a CPF (in Brazil) and the same digits as a phone, or a phone: never by a name', () => {
    expect(lookupQueriesOf('Ana@Example.com', 'BR')).toEqual([{ email: 'Ana@Example.com' }]);
    expect(lookupQueriesOf('529.982.247-25', 'BR')).toEqual([{ cpf: '52998224725' }]);
    expect(lookupQueriesOf('52998224725', 'BR')).toEqual([{ cpf: '52998224725' }, { phone: '+5552998224725' }]);
    expect(lookupQueriesOf('(11) 98765-4321', 'BR')).toEqual([{ phone: '+5511987654321' }]);
    expect(lookupQueriesOf('ana souza', 'BR')).toEqual([]);
    expect(lookupQueriesOf('98765', 'BR')).toEqual([]);
  });

  it('keeps what it found on the device for 24 hours, then forgets it', async () => {
    const d = await open();
    const carla = { ...blankProfile('c-1', '2026-11-23T16:00:00.000Z'), name: 'Carla' };
    const asked: string[] = [];
    const fetch: FetchLike = async (url) => {
      asked.push(url);
      return new Response(JSON.stringify({ customers: [carla] }), { status: 200, headers: { 'Content-Type': 'application/json' } });
    };
    const t0 = Date.parse('2026-11-23T16:00:00.000Z');
    expect(await lookupCustomers(d, [{ phone: '+5531991112222' }], { baseUrl: 'http://s', token: 't'.repeat(20), fetch, now: () => t0 })).toEqual([
      carla,
    ]);
    expect(asked).toEqual(['http://s/api/lookup/customers?phone=%2B5531991112222']);
    expect(await firstValueFrom(lookedUpCustomers$(d, () => t0 + CUSTOMER_LOOKUP_KEEP_MS - 1))).toEqual([carla]);
    expect(await firstValueFrom(lookedUpCustomers$(d, () => t0 + CUSTOMER_LOOKUP_KEEP_MS))).toEqual([]);
    // A clock set backwards expires the entry rather than keeping it longer.
    expect(await firstValueFrom(lookedUpCustomers$(d, () => t0 - 1))).toEqual([]);
  });
});
