import { createRxDatabase } from 'rxdb';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { describe, expect, it } from 'vitest';
import { collections, StoreSchema, toRxJsonSchema } from '../../domain/index.js';
import { storeS1 } from '../../domain/testing/fixtures.js';
import { createVitrineDatabase } from './database.js';

describe('stores schema v0 → v1 on the device', () => {
  it('an app updated over a tablet that stored its store under an older v0 schema opens, keeps the store and its settings', async () => {
    const storage = getRxStorageMemory();
    const name = `stores-upgrade-${Date.now()}`;
    const before = await createRxDatabase({ name, storage, multiInstance: false });
    // The v0 shape of apps before the offline credit limit: the same version with another schema (RxDB DB6 without v1).
    const v0Schema = StoreSchema.omit({ offlineCreditLimit: true, pickupGeofenceMeters: true });
    const v0Spec = { ...collections.stores, schema: v0Schema, version: 0, legacy: [] };
    await before.addCollections({ stores: { schema: toRxJsonSchema(v0Spec as never) as never } });
    const { offlineCreditLimit: _limit, pickupGeofenceMeters: _geofence, ...held } = { ...storeS1, offlineCreditLimit: 5_000 };
    await before.stores!.insert(held);
    await before.close();

    const after = await createVitrineDatabase({ storage, name, collections: ['stores'] });
    try {
      expect(collections.stores.version).toBeGreaterThan(0);
      const opened = await after.stores.findOne('S1').exec();
      expect(opened?.toJSON()).toMatchObject({ id: 'S1', currency: held.currency, taxRates: held.taxRates });
    } finally {
      await after.remove();
    }
  });
});
