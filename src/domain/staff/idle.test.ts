import { describe, expect, it } from 'vitest';
import { StoreSchema } from '../catalog/schema.js';
import { storeS1 } from '../testing/fixtures.js';
import { DEFAULT_IDLE_SIGN_OUT_SECONDS, idleSignOutMs } from './idle.js';

describe('idleSignOutMs', () => {
  it('defaults to 10 minutes, follows the store setting, and 0 turns it off', () => {
    expect(DEFAULT_IDLE_SIGN_OUT_SECONDS).toBe(600);
    expect(idleSignOutMs(storeS1)).toBe(600_000);
    expect(idleSignOutMs({ ...storeS1, idleSignOutSeconds: 90 })).toBe(90_000);
    expect(idleSignOutMs({ ...storeS1, idleSignOutSeconds: 0 })).toBeNull();
  });

  it('is validated with the store: whole seconds, at most a day', () => {
    expect(StoreSchema.safeParse({ ...storeS1, idleSignOutSeconds: 1.5 }).success).toBe(false);
    expect(StoreSchema.safeParse({ ...storeS1, idleSignOutSeconds: 86_401 }).success).toBe(false);
    expect(StoreSchema.safeParse({ ...storeS1, idleSignOutSeconds: -1 }).success).toBe(false);
    expect(StoreSchema.safeParse(storeS1).success).toBe(true); // optional: stores saved before the setting existed
  });
});
