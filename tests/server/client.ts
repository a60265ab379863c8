import {
  collections,
  completeCashSale,
  isCollectionName,
  newId,
  systemClock,
  type Checkpoint,
  type EnrollResponse,
  type Fact,
  type Product,
  type Sale,
  type Store,
} from '../../src/domain/index.js';
import { demoAssociateId } from '../../sync-server/demo/staff.js';

/** The schema version the current app speaks for a collection (0 for a name the registry does not know). */
export const currentVersion = (collection: string) => (isCollectionName(collection) ? collections[collection].version : 0);

/**
 * Minimal HTTP client of the sync endpoints for server tests: answers status and parsed body, never throws on 4xx.
 * Speaks the current schema version of each collection unless told another (an older app during a rollout).
 */
export function syncClient(url: string, token: string | undefined) {
  const headers = (extra: Record<string, string> = {}) => ({ ...(token ? { Authorization: `Bearer ${token}` } : {}), ...extra });
  const send = async (path: string, init: RequestInit = {}) => {
    const res = await fetch(`${url}${path}`, { ...init, headers: headers(init.body ? { 'Content-Type': 'application/json' } : {}) });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  return {
    pull: (
      collection: string,
      { checkpoint, limit, version = currentVersion(collection) }: { checkpoint?: Checkpoint | null; limit?: number; version?: number } = {},
    ) => {
      const q = new URLSearchParams();
      if (checkpoint) q.set('checkpoint', JSON.stringify(checkpoint));
      if (limit !== undefined) q.set('limit', String(limit));
      return send(`/sync/${collection}/${version}/pull?${q}`);
    },
    push: (collection: string, rows: unknown, version = currentVersion(collection)) =>
      send(`/sync/${collection}/${version}/push`, { method: 'POST', body: typeof rows === 'string' ? rows : JSON.stringify(rows) }),
    /** Pulls everything from a checkpoint, page by page. */
    async pullAll(collection: string, limit = 500, from: Checkpoint | null = null) {
      const documents: Record<string, unknown>[] = [];
      let checkpoint = from;
      for (;;) {
        const { status, body } = await this.pull(collection, { checkpoint, limit });
        if (status !== 200) throw new Error(`pull ${collection}: ${status} ${JSON.stringify(body)}`);
        documents.push(...body.documents);
        checkpoint = body.checkpoint;
        if (body.documents.length < limit) return { documents, checkpoint };
      }
    },
  };
}

/** A valid cash sale built with the domain's own pricing, as a till would push it. */
export function cashSale(store: Store, deviceId: string, items: { product: Product; quantity: number }[], extraCash = 0): Sale {
  const lines = items.map(({ product, quantity }) => ({
    sku: product.sku,
    name: product.name,
    quantity,
    unitPrice: product.price.amount,
    taxClass: product.taxClass,
  }));
  const total = items.reduce((sum, { product, quantity }) => sum + product.price.amount * quantity, 0);
  return completeCashSale({
    store,
    deviceId,
    associateId: demoAssociateId(store.id),
    lines,
    cashTendered: total + extraCash,
    newId,
    clock: systemClock,
  });
}

export const pushRow = (sale: Sale) => ({ assumedMasterState: null, newDocumentState: sale });

/** A fact of the `facts` collection as a device of the store writes it, rung up by the store's demo associate 1001. */
export const deviceFact = (device: EnrollResponse, kind: string, subjectId: string, payload: Record<string, unknown>): Fact => ({
  id: newId(),
  kind,
  storeId: device.storeId,
  deviceId: device.deviceId,
  associateId: `${device.storeId}-1001`,
  createdAtDevice: new Date().toISOString(),
  subjectId,
  payload,
});

/** Pushes facts as new documents, as a device that has not seen them on the server does. */
export const pushFacts = (url: string, device: EnrollResponse, facts: readonly Fact[]) =>
  syncClient(url, device.token).push(
    'facts',
    facts.map((f) => ({ assumedMasterState: null, newDocumentState: f })),
  );
