import { afterEach, describe, expect, it } from 'vitest';
import { firstValueFrom, filter, BehaviorSubject } from 'rxjs';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { completeCashSale, type Sale } from '../../domain/index.js';
import { fixedClock, product, sequentialIds, storeS1 } from '../../domain/testing/fixtures.js';
import { createVitrineDatabase, type VitrineDatabase } from './database.js';
import { quarantineFacts } from './quarantine.js';
import { computeSyncStatus, saleSyncState, syncStatus$, type SyncStatus } from './sync-status.js';

let db: VitrineDatabase | undefined;
let n = 0;
afterEach(async () => {
  await db?.remove();
  db = undefined;
});

const ids = sequentialIds('s');
const sale = (): Sale =>
  completeCashSale({
    store: storeS1,
    deviceId: 'dev-1',
    associateId: 'A-7',
    lines: [{ sku: product().sku, name: product().name, quantity: 1, unitPrice: 12990, taxClass: 'standard' }],
    cashTendered: 15000,
    newId: ids,
    clock: fixedClock(),
  });

const until = (obs: ReturnType<typeof syncStatus$>, pred: (s: SyncStatus) => boolean) => firstValueFrom(obs.pipe(filter(pred)));

describe('syncStatus$', () => {
  it('counts local sales without an outcome as pending, and rejected ones (server or quarantine) apart', async () => {
    db = await createVitrineDatabase({ storage: getRxStorageMemory(), name: `status${++n}`, devMode: true });
    const online$ = new BehaviorSubject(true);
    const status$ = syncStatus$({ db, online$ });
    expect((await until(status$, () => true)).pending).toBe(0);

    const [a, b, c] = [sale(), sale(), sale()];
    await db.sales.bulkInsert([a, b, c]);
    expect((await until(status$, (s) => s.pending === 3)).rejected).toBe(0);

    const doc = await db.sales.findOne(a.id).exec();
    await doc!.incrementalPatch({ outcome: { status: 'accepted', code: null, message: null, decidedAt: '2026-11-23T16:06:00.000Z' } });
    const docB = await db.sales.findOne(b.id).exec();
    await docB!.incrementalPatch({
      outcome: { status: 'rejected', code: 'SALE_UNKNOWN_SKU', message: 'unknown', decidedAt: '2026-11-23T16:06:00.000Z' },
    });
    let s = await until(status$, (x) => x.pending === 1);
    expect(s.rejected).toBe(1);

    await quarantineFacts(db, 'sales', { [c.id]: { code: 'VALIDATION_FAILED', message: 'bad', fieldErrors: [], at: 'now' } });
    s = await until(status$, (x) => x.pending === 0);
    expect(s.rejected).toBe(2);
    expect(s.state).toBe('online');

    online$.next(false);
    expect((await until(status$, (x) => x.state === 'offline')).pending).toBe(0);
  });
});

describe('computeSyncStatus / saleSyncState', () => {
  it('is offline when the last replication attempt failed after the last success', () => {
    const base = { browserOnline: true, unsynced: [], rejectedByServer: 0, quarantine: {} };
    const replication = {
      outdated: false,
      unauthorized: false,
      lastError: 'fetch failed',
      lastErrorAt: 20,
      lastSyncedAt: 10,
      progress: {},
      initialProgress: 1,
      initialSyncDone: true,
      isLeader: true,
      active: false,
    };
    expect(computeSyncStatus({ ...base, replication }).state).toBe('offline');
    expect(computeSyncStatus({ ...base, replication: { ...replication, lastSyncedAt: 30 } }).state).toBe('online');
    expect(computeSyncStatus({ ...base, replication: null }).state).toBe('online');
  });

  it('maps a sale to pending, accepted or rejected', () => {
    expect(saleSyncState({ id: 'x' })).toBe('pending');
    expect(saleSyncState({ id: 'x' }, { sales: { x: { code: 'VALIDATION_FAILED', message: '', fieldErrors: [], at: '' } } })).toBe('rejected');
    // Keyed by collection: a fact of another collection with the same id is not this sale.
    expect(saleSyncState({ id: 'x' }, { facts: { x: { code: 'VALIDATION_FAILED', message: '', fieldErrors: [], at: '' } } })).toBe('pending');
    expect(saleSyncState({ id: 'x', outcome: { status: 'accepted', code: null, message: null, decidedAt: '2026-11-23T16:06:00.000Z' } })).toBe(
      'accepted',
    );
  });
});
