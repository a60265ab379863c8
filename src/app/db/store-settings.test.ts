import { firstValueFrom, filter, take, toArray } from 'rxjs';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../../domain/index.js';
import { createVitrineDatabase, type VitrineDatabase } from './database.js';
import { storeSettings$ } from './store-settings.js';

let db: VitrineDatabase | undefined;
afterEach(async () => {
  await db?.remove();
  db = undefined;
});

/** A store as a device enrolled before the integration API holds it: none of the newer settings. */
const enrolled: Store = {
  id: 'S1',
  name: 'Vitrine Paulista',
  currency: 'BRL',
  locale: 'pt-BR',
  timeZone: 'America/Sao_Paulo',
  pricesIncludeTax: true,
  taxRates: { standard: 1800, reduced: 1200, exempt: 0 },
};

describe('storeSettings$', () => {
  it("answers the enrollment's store until the store's document replicates, then the live settings", async () => {
    db = await createVitrineDatabase({ storage: getRxStorageMemory(), name: `storesettings${Date.now()}`, devMode: true, collections: ['stores'] });
    const settings = storeSettings$(db, { storeId: 'S1', store: enrolled });
    expect(await firstValueFrom(settings)).toEqual(enrolled);

    const seen = firstValueFrom(
      settings.pipe(
        filter((s) => s.pickupHoldDays !== undefined),
        take(1),
        toArray(),
      ),
    );
    await db.stores.insert({ ...enrolled, name: 'Vitrine Paulista (reformada)', pickupHoldDays: 5 });
    const [live] = await seen;
    expect(live).toMatchObject({ name: 'Vitrine Paulista (reformada)', pickupHoldDays: 5 });
  });

  it("ignores other stores' documents", async () => {
    db = await createVitrineDatabase({ storage: getRxStorageMemory(), name: `storesettings${Date.now()}b`, devMode: true, collections: ['stores'] });
    await db.stores.insert({ ...enrolled, id: 'S2', name: 'Vitrine Savassi' });
    expect(await firstValueFrom(storeSettings$(db, { storeId: 'S1', store: enrolled }))).toEqual(enrolled);
  });
});
