import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { completeCashSale, newId, systemClock, type EnrollResponse, type Product, type Sale } from '../../src/domain/index.js';
import { createVitrineDatabase, type VitrineDatabase } from '../../src/app/db/database.js';
import { startReplication, type VitrineReplication } from '../../src/app/db/replication.js';
import { demoAssociateId } from '../../sync-server/demo/staff.js';

/**
 * A till in Node: the PWA's own database and replication code on RxDB's memory storage, talking to a live server
 * through a network we can cut, restore, re-point and make deliver every push twice.
 */
export class Network {
  up = true;
  /** Sends every push twice, as a retry after a lost response would. */
  duplicatePushes = false;
  pushesSent = 0;
  constructor(public baseUrl: string) {}

  fetch = async (input: string, init?: RequestInit): Promise<Response> => {
    if (!this.up) throw new TypeError('fetch failed: network is down');
    const url = input.replace(/^https?:\/\/[^/]+/, this.baseUrl);
    if (init?.method === 'POST' && url.includes('/push')) {
      this.pushesSent++;
      if (this.duplicatePushes) await (await fetch(url, init)).arrayBuffer();
    }
    return fetch(url, init);
  };
}

/** The demo associate of store S1 who may ring sales (`demoAssociateId(storeId)` for the other stores). */
export const DEMO_ASSOCIATE_ID = demoAssociateId('S1');

let tills = 0;

export interface Till {
  db: VitrineDatabase;
  replication: VitrineReplication;
  network: Network;
  enrollment: EnrollResponse;
  sell(items: { product: Product; quantity: number }[]): Promise<Sale>;
  sale(id: string): Promise<Sale | undefined>;
  close(): Promise<void>;
}

export async function openTill(enrollment: EnrollResponse, serverUrl: string): Promise<Till> {
  const network = new Network(serverUrl);
  const db = await createVitrineDatabase({ storage: getRxStorageMemory(), name: `till${++tills}`, devMode: true });
  const replication = startReplication({ db, baseUrl: 'http://server.invalid', token: enrollment.token, fetch: network.fetch, retryTime: 300 });
  await replication.awaitInitialReplication();
  return {
    db,
    replication,
    network,
    enrollment,
    async sell(items) {
      const sale = completeCashSale({
        store: enrollment.store,
        deviceId: enrollment.deviceId,
        associateId: demoAssociateId(enrollment.storeId),
        lines: items.map(({ product, quantity }) => ({
          sku: product.sku,
          name: product.name,
          quantity,
          unitPrice: product.price.amount,
          taxClass: product.taxClass,
        })),
        cashTendered: items.reduce((a, { product, quantity }) => a + product.price.amount * quantity, 0) + 1_000,
        newId,
        clock: systemClock,
      });
      await db.sales.insert(sale);
      return sale;
    },
    async sale(id) {
      return (await db.sales.findOne(id).exec())?.toMutableJSON() as Sale | undefined;
    },
    async close() {
      await replication.cancel();
      await db.remove();
    },
  };
}

/** Polls until `check` stops throwing (assertions inside), or fails with its last error. */
export async function eventually(check: () => Promise<void> | void, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
