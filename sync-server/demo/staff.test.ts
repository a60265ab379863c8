import { afterEach, describe, expect, it } from 'vitest';
import { StaffMemberSchema, verifyPin } from '../../src/domain/index.js';
import { storeS1 } from '../../src/domain/testing/fixtures.js';
import { tempStore } from '../testing/temp-store.js';
import { DEMO_STAFF, seedDemoStaff } from './staff.js';

const disposers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const d of disposers.splice(0)) await d();
});

describe('seedDemoStaff', () => {
  it('seeds valid staff with working PINs into demo stores only, once', async () => {
    const t = await tempStore();
    disposers.push(t.dispose);
    await t.store.transaction((tx) => tx.upsertStore({ ...storeS1, id: 'REAL1', name: 'A real store' }));
    expect(await seedDemoStaff(t.store)).toBe(DEMO_STAFF.length);
    expect(await seedDemoStaff(t.store)).toBe(0);
    expect((await t.store.pull({ collection: 'staff', storeId: 'REAL1', afterSeq: 0, limit: 10 })).documents).toEqual([]);
    const docs = (await t.store.pull({ collection: 'staff', storeId: 'S1', afterSeq: 0, limit: 10 })).documents;
    const staff = docs.map((d) => StaffMemberSchema.parse(JSON.parse(d.body)));
    const manager = staff.find((m) => m.staffNumber === '9001')!;
    expect(manager).toMatchObject({ id: 'S1-9001', role: 'manager', active: true });
    expect(await verifyPin('9999', manager.pinVerifier)).toBe(true);
    expect(docs.some((d) => d.body.includes('"pin"'))).toBe(false);
  });
});
