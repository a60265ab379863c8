import { firstValueFrom, filter } from 'rxjs';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Fact } from '../../../domain/index.js';
import { product } from '../../../domain/testing/fixtures.js';
import { level } from '../../../domain/testing/orders.js';
import { createVitrineDatabase, type VitrineDatabase } from '../../db/database.js';
import { optimisticStockLevels$ } from '../../db/optimistic-stock.js';
import { belowZero$, recordCount, recordTransferStep, transfers$, waitingCount$, type TransferRecorder } from './transfer-data.js';

const SKU = product().sku;
const decided = { status: 'accepted' as const, code: null, message: null, decidedAt: '2026-11-26T12:00:00.000Z' };
let db: VitrineDatabase;
let n = 0;
let by: TransferRecorder;

/** A hold S1 asked of S2, as it reaches S2's tablets: decided by the server, with the customer to hand it over. */
const request: Fact = {
  id: '0193a0b0-0000-7000-8000-000000000001',
  kind: 'transfer.requested',
  storeId: 'S1',
  deviceId: 's1-tablet',
  associateId: 'S1-1001',
  createdAtDevice: '2026-11-26T11:59:00.000Z',
  subjectId: '0193a0b0-0000-7000-8000-000000000001',
  payload: {
    mode: 'hold',
    fromStoreId: 'S2',
    sku: SKU,
    quantity: 2,
    holdUntil: '2099-01-01T18:00:00.000Z',
    customer: { name: 'Maria Silva', phone: '+55 31 98888-7777', address: null },
    note: '',
  },
  outcome: decided,
};

beforeEach(async () => {
  db = await createVitrineDatabase({
    storage: getRxStorageMemory(),
    name: `transfers${++n}`,
    devMode: true,
    collections: ['facts', 'stock', 'products'],
  });
  await db.products.insert(product());
  await db.stock.insert(level('S2', SKU, 1));
  by = { db, storeId: 'S2', deviceId: 's2-tablet', staffId: 'S2-1001' };
});
afterEach(async () => {
  await db.remove();
});

describe('holds and transfers on the device', () => {
  it('a request from another store waits on the badge; accepting it holds the units here at once, flagged beyond what is available', async () => {
    await db.facts.insert(request);
    expect(await firstValueFrom(waitingCount$(db, 'S2'))).toBe(1);
    const [shown] = await firstValueFrom(transfers$(db));
    expect(shown).toMatchObject({ state: 'requested', customer: { name: 'Maria Silva' }, requestingStoreId: 'S1' });

    const accept = await recordTransferStep(by, shown!, 'transfer.accepted');
    expect(accept.payload).toMatchObject({ peerStoreId: 'S1', sku: SKU, quantity: 2, availableSeen: 1, holdUntil: request.payload.holdUntil });
    const [held] = await firstValueFrom(transfers$(db).pipe(filter((list) => list[0]?.state === 'held')));
    expect(held).toMatchObject({ state: 'held', short: 1 });
    expect(held!.steps).toEqual([expect.objectContaining({ kind: 'transfer.accepted', pending: true })]);
    expect(await firstValueFrom(waitingCount$(db, 'S2'))).toBe(0);
    // The reservation shows on this tablet before the server answers: 2 held of 1 on hand.
    const levels = await firstValueFrom(optimisticStockLevels$(db, 'S2', [SKU]));
    expect(levels.get(SKU)).toMatchObject({ onHand: 1, reserved: 2, available: -1 });
  });

  it('offers a level below zero for a count until its count is sent', async () => {
    await db.stock.upsert(level('S2', SKU, -1));
    const listed = await firstValueFrom(belowZero$(db, 'S2'));
    expect(listed.levels.map((l) => l.sku)).toEqual([SKU]);
    expect(listed.pendingCounts.has(SKU)).toBe(false);
    await recordCount(by, SKU, 3);
    const after = await firstValueFrom(belowZero$(db, 'S2').pipe(filter((x) => x.pendingCounts.size > 0)));
    expect(after.pendingCounts.has(SKU)).toBe(true);
    const [count] = (await db.facts.find({ selector: { kind: 'stock.count' } }).exec()).map((d) => d.toJSON());
    expect(count).toMatchObject({ subjectId: SKU, storeId: 'S2', payload: { counted: 3 } });
  });
});
