import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StockLevelSchema, stockLevelId, type Sale, type StockLevel } from '../../src/domain/index.js';
import { startServer } from '../../sync-server/main.js';
import { silentLogger } from '../../sync-server/logger.js';
import { startTestServer, type TestServer } from '../server/harness.js';
import { eventually, openTill, type Till } from './till.js';

let server: TestServer;
const open: Till[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((t) => t.close()));
  await server?.close();
});

const till = async (storeId: string) => {
  const t = await openTill(await server.enrollDevice(storeId), server.url);
  open.push(t);
  return t;
};

async function serverLevels(storeId: string): Promise<Map<string, StockLevel>> {
  const page = await server.store.pull({ collection: 'stock', storeId, afterSeq: 0, limit: 5_000 });
  return new Map(page.documents.map((d) => [d.id, StockLevelSchema.parse(JSON.parse(d.body))]));
}

async function serverSale(id: string): Promise<Sale | undefined> {
  const doc = await server.store.getDocument('sales', id);
  return doc ? (JSON.parse(doc.body) as Sale) : undefined;
}

async function replicaLevels(t: Till): Promise<Map<string, StockLevel>> {
  const docs = await t.db.stock.find().exec();
  return new Map(docs.map((d) => [d.id, StockLevelSchema.parse(d.toMutableJSON())]));
}

describe('tills replicating with the sync server', () => {
  it('two offline tills sell the last unit; both sales land once each, even with duplicated pushes, and every replica converges', async () => {
    server = await startTestServer({ catalogSize: 60 });
    const [a, b] = [await till('S1'), await till('S1')];
    const levels = await serverLevels('S1');
    const level = [...levels.values()].find((l) => l.available >= 1)!;
    const product = server.products.find((p) => p.sku === level.sku)!;
    const lastUnits = level.available;

    a.network.up = false;
    b.network.up = false;
    const saleA = await a.sell([{ product, quantity: lastUnits }]);
    const saleB = await b.sell([{ product, quantity: lastUnits }]);
    await new Promise((r) => setTimeout(r, 500));
    expect(await serverSale(saleA.id)).toBeUndefined();

    a.network.duplicatePushes = true;
    b.network.duplicatePushes = true;
    a.network.up = true;
    b.network.up = true;

    await eventually(async () => {
      expect((await a.sale(saleA.id))?.outcome?.status).toBe('accepted');
      expect((await b.sale(saleB.id))?.outcome?.status).toBe('accepted');
    });
    expect(a.network.pushesSent + b.network.pushesSent).toBeGreaterThanOrEqual(2);

    const movements = await server.store.movementsFor('S1', product.sku);
    expect(
      movements
        .filter((m) => m.reason === 'sale')
        .map((m) => m.sourceId)
        .sort(),
    ).toEqual([saleA.id, saleB.id].sort());
    const after = (await serverLevels('S1')).get(stockLevelId('S1', product.sku))!;
    expect(after).toMatchObject({ onHand: level.onHand - 2 * lastUnits, available: -lastUnits, belowZero: true });

    // Every replica of S1 equals the server's S1 stock; each till also has the other till's sale with its outcome.
    await eventually(async () => {
      const truth = await serverLevels('S1');
      for (const t of [a, b]) {
        expect(await replicaLevels(t)).toEqual(truth);
        expect((await t.sale(saleA.id))?.outcome?.status).toBe('accepted');
        expect((await t.sale(saleB.id))?.outcome?.status).toBe('accepted');
      }
    });
  });

  it('a sale the server rejects is set aside with its reason and the sale queued behind it still lands', async () => {
    server = await startTestServer({ catalogSize: 30 });
    const t = await till('S1');
    const product = server.products[0]!;
    t.network.up = false;
    const good = await t.sell([{ product, quantity: 1 }]);
    const tampered = {
      ...good,
      id: `${good.id.slice(0, -4)}beef`,
      totals: { ...good.totals, total: good.totals.total - 1, change: good.totals.change + 1 },
    };
    await t.db.sales.insert(tampered);
    const behind = await t.sell([{ product, quantity: 1 }]);
    t.network.up = true;

    await eventually(async () => {
      expect((await t.sale(tampered.id))?.outcome).toMatchObject({ status: 'rejected', code: 'SALE_TOTALS_MISMATCH' });
      expect((await t.sale(good.id))?.outcome?.status).toBe('accepted');
      expect((await t.sale(behind.id))?.outcome?.status).toBe('accepted');
    });
    const movements = await server.store.movementsFor('S1', product.sku);
    expect(
      movements
        .filter((m) => m.reason === 'sale')
        .map((m) => m.sourceId)
        .sort(),
    ).toEqual([good.id, behind.id].sort());
  });

  it('a server restart mid-sync loses nothing: sales made while it is down land once when it is back', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'vitrine-restart-'));
    server = await startTestServer({ catalogSize: 30, dataDir });
    const t = await till('S1');
    const product = server.products[1]!;
    const before = (await serverLevels('S1')).get(stockLevelId('S1', product.sku))!;

    await server.close();
    const first = await t.sell([{ product, quantity: 1 }]);
    const second = await t.sell([{ product, quantity: 2 }]);

    const restarted = await startServer({ port: 0, host: '127.0.0.1', dataDir, catalogSize: 30, logger: silentLogger });
    t.network.baseUrl = restarted.url;
    try {
      await eventually(async () => {
        expect((await t.sale(first.id))?.outcome?.status).toBe('accepted');
        expect((await t.sale(second.id))?.outcome?.status).toBe('accepted');
      }, 30_000);
      const page = await restarted.store.pull({ collection: 'stock', storeId: 'S1', afterSeq: 0, limit: 5_000 });
      const level = page.documents.map((d) => StockLevelSchema.parse(JSON.parse(d.body))).find((l) => l.sku === product.sku)!;
      expect(level.onHand).toBe(before.onHand - 3);
      const movements = await restarted.store.movementsFor('S1', product.sku);
      expect(movements.filter((m) => m.reason === 'sale')).toHaveLength(2);
    } finally {
      await restarted.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
