import { describe, expect, it } from 'vitest';
import { product, storeS1 } from '../testing/fixtures.js';
import type { StaffMember } from '../staff/schema.js';
import type { StockLevel } from '../stock/schema.js';
import { decideStockCount, stockCount, type StockCount } from '../stock/count.js';
import { factKinds } from './kinds.js';
import { FactSchema } from './schema.js';
import { BatchState } from './state.js';

const at = '2026-11-23T16:00:00.000Z';
const sku = 'TEN-0001-42-PRE';
const staff = (role: StaffMember['role'], over: Partial<StaffMember> = {}): StaffMember => ({
  id: `S1-${role}`,
  storeId: 'S1',
  staffNumber: role === 'manager' ? '9001' : '1001',
  name: 'Carla',
  role,
  active: true,
  pinVerifier: { algorithm: 'PBKDF2-SHA256', iterations: 100_000, salt: 'c2FsdHNhbHRzYWx0c2FsdA==', hash: 'aGFzaGhhc2hoYXNoaGFzaA==' },
  ...over,
});
const level = (onHand: number, reserved = 0): StockLevel => ({
  id: `S1:${sku}`,
  storeId: 'S1',
  sku,
  onHand,
  reserved,
  available: onHand - reserved,
  belowZero: onHand - reserved < 0,
  updatedAt: at,
});
let n = 0;
const count = (counted: number, associateId = 'S1-manager', subjectId = sku): StockCount => ({
  id: `0193a000-0000-7000-8000-${String(++n).padStart(12, '0')}`,
  kind: 'stock.count',
  storeId: 'S1',
  deviceId: 'd1',
  associateId,
  createdAtDevice: at,
  subjectId,
  payload: { counted },
});
/** The state a server batch would load for counts of `sku`. */
const loaded = (onHand: number | undefined) =>
  new BatchState(storeS1)
    .loadDocuments('products', [sku, 'NOPE-1'], [product({ sku })])
    .loadDocuments(
      'staff',
      ['S1-manager', 'S1-associate', 'S2-manager'],
      [staff('manager'), staff('associate'), staff('manager', { id: 'S2-manager', storeId: 'S2' })],
    )
    .loadLevels([`S1:${sku}`], onHand === undefined ? [] : [level(onHand, 2)]);

describe('the facts collection', () => {
  it('takes only UUIDv7 ids and kinds shaped like "area.verb"; every registry entry is filed under its own kind', () => {
    const valid = count(3);
    expect(FactSchema.safeParse(valid).success).toBe(true);
    expect(FactSchema.safeParse({ ...valid, id: 'not-a-uuid' }).success).toBe(false);
    expect(FactSchema.safeParse({ ...valid, id: '0193a000-0000-4000-8000-000000000001' }).success).toBe(false);
    expect(FactSchema.safeParse({ ...valid, kind: 'Count' }).success).toBe(false);
    for (const [name, kind] of Object.entries(factKinds)) expect(kind.kind).toBe(name);
  });
});

describe('BatchState', () => {
  it('lets the facts of one batch see each other: movements fold into the loaded levels, in order', () => {
    const state = loaded(5);
    const first = decideStockCount(count(3), state, at);
    expect(first).toMatchObject({ status: 'accepted', effects: { movements: [{ quantity: -2, reason: 'adjustment' }] } });
    if (first.status === 'accepted') state.apply(first.effects);
    expect(state.level('S1', sku)).toMatchObject({ onHand: 3, reserved: 2, available: 1 });
    const second = decideStockCount(count(4), state, at);
    expect(second).toMatchObject({ status: 'accepted', effects: { movements: [{ quantity: 1 }] } });
  });

  it('refuses to answer what the policy did not load, so a forgotten read fails loudly instead of deciding on nothing', () => {
    const state = loaded(5);
    expect(() => state.level('S1', 'OTHER-1')).toThrow(/not loaded/);
    expect(() => state.document('products', 'OTHER-1')).toThrow(/not loaded/);
    expect(state.document('products', 'NOPE-1')).toBeUndefined();
  });
});

describe('stock.count', () => {
  it('records counted − on hand as an adjustment at decision time (nothing when they agree); a never-stocked SKU counts from 0', () => {
    expect(decideStockCount(count(7), loaded(5), at)).toEqual({
      status: 'accepted',
      effects: {
        movements: [expect.objectContaining({ storeId: 'S1', sku, quantity: 2, reason: 'adjustment', recordedAt: at })],
        documents: [],
        events: [],
      },
    });
    expect(decideStockCount(count(5), loaded(5), at)).toMatchObject({ status: 'accepted', effects: { movements: [] } });
    expect(decideStockCount(count(4), loaded(undefined), at)).toMatchObject({ status: 'accepted', effects: { movements: [{ quantity: 4 }] } });
  });

  it('is a manager’s act: an associate, another store’s manager and an unknown id are refused alike; an unknown SKU is refused', () => {
    const refusal = (c: StockCount) => {
      const d = decideStockCount(c, loaded(5), at);
      return d.status === 'rejected' ? [d.error.code, d.error.message] : d.status;
    };
    expect(refusal(count(1, 'S1-associate'))).toEqual(['ASSOCIATE_NOT_ALLOWED', 'the associate role may not record stock counts']);
    const foreign = refusal({ ...count(1, 'S2-manager') });
    expect(foreign).toEqual(['ASSOCIATE_NOT_ALLOWED', 'associate S2-manager is not staff of store S1']);
    const state = loaded(5).loadDocuments('staff', ['S1-ghost'], []);
    const ghost = decideStockCount(count(1, 'S1-ghost'), state, at);
    expect(ghost.status === 'rejected' && ghost.error.message).toBe('associate S1-ghost is not staff of store S1');
    expect(refusal(count(1, 'S1-manager', 'NOPE-1'))).toEqual(['UNKNOWN_SKU', 'SKU NOPE-1 is not in the catalog']);
  });

  it('shows its pending effect on a device with the same derivation the server records', () => {
    const pending = count(9);
    const onDevice = stockCount.movements?.(pending, { level: () => level(5) }, at);
    const decided = decideStockCount(pending, loaded(5), at);
    expect(decided.status === 'accepted' && decided.effects.movements).toEqual(onDevice);
  });
});
