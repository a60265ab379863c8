import { afterEach, describe, expect, it } from 'vitest';
import { firstValueFrom, filter, of } from 'rxjs';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { completeCashSale, DomainError, ErrorCode, type Fact, type Sale, type StockLevel } from '../../domain/index.js';
import { fixedClock, storeS1 } from '../../domain/testing/fixtures.js';
import { createVitrineDatabase, openCollectionNames, type VitrineDatabase } from './database.js';
import { optimisticStockLevels$ } from './optimistic-stock.js';
import { assertNothingPending, countPendingFacts } from './pending.js';
import { quarantineFacts, readQuarantine } from './quarantine.js';
import { syncStatus$ } from './sync-status.js';

let db: VitrineDatabase | undefined;
let n = 0;
afterEach(async () => {
  await db?.remove();
  db = undefined;
});
const open = async (
  options: { name?: string; storage?: ReturnType<typeof getRxStorageMemory>; collections?: ('stock' | 'sales' | 'facts')[] } = {},
) =>
  (db = await createVitrineDatabase({
    storage: options.storage ?? getRxStorageMemory(),
    name: options.name ?? `pending${++n}`,
    devMode: true,
    collections: options.collections,
  }));

let ids = 0;
const uuid = () => `01900000-0000-7000-8000-${String(++ids).padStart(12, '0')}`;
const SKU = 'TEN-0001-42-PRE';
const sale = (quantity = 1): Sale =>
  completeCashSale({
    store: storeS1,
    deviceId: 'dev-1',
    associateId: 'A-7',
    lines: [{ sku: SKU, name: 'Tênis', quantity, unitPrice: 1000, taxClass: 'standard' }],
    cashTendered: 100_000,
    newId: uuid,
    clock: fixedClock(),
  });
const count = (counted: number): Fact => ({
  id: uuid(),
  kind: 'stock.count',
  storeId: 'S1',
  deviceId: 'dev-1',
  associateId: 'M-1',
  createdAtDevice: '2026-11-23T13:05:00.000-03:00',
  subjectId: SKU,
  payload: { counted },
});
const level = (onHand: number): StockLevel => ({
  id: `S1:${SKU}`,
  storeId: 'S1',
  sku: SKU,
  onHand,
  reserved: 0,
  available: onHand,
  belowZero: false,
  updatedAt: '2026-11-23T09:00:00.000Z',
});
const accepted = { status: 'accepted', code: null, message: null, decidedAt: '2026-11-23T16:06:00.000Z' } as const;

describe('pending work across every fact collection', () => {
  it('counts unsynced sales and other facts as pending, set-aside ones as rejected, and refuses a reset until none is pending', async () => {
    const d = await open();
    const status$ = syncStatus$({ db: d, online$: of(true) });
    const [s, c] = [sale(), count(3)];
    await d.sales.insert(s);
    await d.facts.insert(c);
    expect((await firstValueFrom(status$.pipe(filter((x) => x.pending === 2)))).rejected).toBe(0);
    expect(await countPendingFacts(d)).toBe(2);
    const refused = (await assertNothingPending(d).catch((e) => e)) as DomainError;
    expect(refused).toBeInstanceOf(DomainError);
    expect(refused.code).toBe(ErrorCode.PENDING_SALES_BLOCK_RESET);

    // The same id in another collection is another fact: the quarantine is keyed by collection and id.
    await quarantineFacts(d, 'sales', { [c.id]: { code: 'VALIDATION_FAILED', message: 'bad', fieldErrors: [], at: 'now' } });
    expect(await countPendingFacts(d)).toBe(2);
    await quarantineFacts(d, 'facts', { [c.id]: { code: 'VALIDATION_FAILED', message: 'bad', fieldErrors: [], at: 'now' } });
    const withCountSetAside = await firstValueFrom(status$.pipe(filter((x) => x.pending === 1)));
    expect(withCountSetAside.rejected).toBe(1);

    await (await d.sales.findOne(s.id).exec())!.incrementalPatch({ outcome: accepted });
    expect((await firstValueFrom(status$.pipe(filter((x) => x.pending === 0)))).rejected).toBe(1);
    await expect(assertNothingPending(d)).resolves.toBeUndefined();
  });

  it('moves the sales-only quarantine of an older app under sales when the database opens', async () => {
    const storage = getRxStorageMemory();
    const name = `legacy${++n}`;
    const before = await open({ storage, name });
    const entry = { code: 'VALIDATION_FAILED', message: 'bad', fieldErrors: [{ path: 'associateId', message: 'unknown' }], at: 'now' };
    await before.upsertLocal('quarantine', { entries: { 'sale-1': entry } });
    await before.close();

    const after = await open({ storage, name });
    expect(await readQuarantine(after)).toEqual({ sales: { 'sale-1': entry } });
    expect(await after.getLocal('quarantine')).toBeNull();
  });

  it('opens only the collections asked for, and counts pending work in those', async () => {
    const d = await open({ collections: ['sales'] });
    expect(openCollectionNames(d)).toEqual(['sales']);
    await d.sales.insert(sale());
    expect(await countPendingFacts(d)).toBe(1);
  });
});

describe('optimisticStockLevels$', () => {
  it('lowers a level at once by an offline sale and shows the server level alone once the outcome is in', async () => {
    const d = await open();
    await d.stock.insert(level(5));
    const levels$ = optimisticStockLevels$(d, 'S1', [SKU]);
    const onHand = (value: number) => firstValueFrom(levels$.pipe(filter((m) => m.get(SKU)?.onHand === value)));
    await onHand(5);

    const offline = sale(2);
    await d.sales.insert(offline);
    expect((await onHand(3)).get(SKU)).toMatchObject({ available: 3, belowZero: false });

    // A pending count replaces on hand; the sale after it is taken from the count.
    await d.facts.insert(count(10));
    const later = sale(1);
    await d.sales.insert(later);
    await onHand(9);

    // The server decides all three: its level, written in the same transaction, holds their effect; nothing is
    // counted twice.
    await (await d.stock.findOne(`S1:${SKU}`).exec())!.incrementalPatch({ onHand: 9, available: 9, updatedAt: accepted.decidedAt });
    for (const id of [offline.id, later.id]) await (await d.sales.findOne(id).exec())!.incrementalPatch({ outcome: accepted });
    const facts = await d.facts.find().exec();
    for (const f of facts) await f.incrementalPatch({ outcome: accepted });
    await onHand(9);
    expect((await firstValueFrom(levels$)).get(SKU)?.onHand).toBe(9);
  });

  it('keeps showing an accepted sale until the level that includes it arrives, so the level never jumps back', async () => {
    const d = await open();
    await d.stock.insert(level(5));
    const levels$ = optimisticStockLevels$(d, 'S1', [SKU]);
    const shown = async () => (await firstValueFrom(levels$)).get(SKU)?.onHand;
    const sold = sale(2);
    await d.sales.insert(sold);
    await firstValueFrom(levels$.pipe(filter((m) => m.get(SKU)?.onHand === 3)));

    // The outcome comes back with the push answer, before the stock stream brings the new level.
    await (await d.sales.findOne(sold.id).exec())!.incrementalPatch({ outcome: accepted });
    expect(await shown()).toBe(3);
    await (await d.stock.findOne(`S1:${SKU}`).exec())!.incrementalPatch({ onHand: 3, available: 3, updatedAt: accepted.decidedAt });
    expect(await shown()).toBe(3);

    // A rejected sale moved nothing on the server, and shows nothing here.
    const refused = sale(1);
    await d.sales.insert(refused);
    await firstValueFrom(levels$.pipe(filter((m) => m.get(SKU)?.onHand === 2)));
    await (await d.sales.findOne(refused.id).exec())!.incrementalPatch({
      outcome: { ...accepted, status: 'rejected', code: 'SALE_TOTALS_MISMATCH', message: 'no' },
    });
    await firstValueFrom(levels$.pipe(filter((m) => m.get(SKU)?.onHand === 3)));
  });

  it('leaves out a quarantined sale: it will never reach the server', async () => {
    const d = await open();
    await d.stock.insert(level(5));
    const bad = sale(4);
    await d.sales.insert(bad);
    const levels$ = optimisticStockLevels$(d, 'S1', [SKU]);
    await firstValueFrom(levels$.pipe(filter((m) => m.get(SKU)?.onHand === 1)));
    await quarantineFacts(d, 'sales', { [bad.id]: { code: 'VALIDATION_FAILED', message: 'bad', fieldErrors: [], at: 'now' } });
    await firstValueFrom(levels$.pipe(filter((m) => m.get(SKU)?.onHand === 5)));
  });
});
