import { exportProofPublicKey, generateProofKeyPair, kidOf, saleProofSummary, signProof, type ProofSummary, type Sale } from '../../domain/index.js';
import { postApi, type FetchLike } from '../db/http.js';

/**
 * This device's proof-of-purchase key: an ECDSA P-256 pair made by WebCrypto with a NON-extractable private key, kept
 * in IndexedDB as the CryptoKey itself (structured clone: the browser stores a handle, the key bytes never reach
 * script), not in RxDB, whose documents are JSON. The till signs each sale's summary with it, offline; its public half
 * goes to the server with enrollment (or on the first start after, for devices enrolled before proofs).
 */
export interface DeviceProofKey {
  kid: string;
  publicKey: string;
  privateKey: CryptoKey;
  /** The server has the public half (so other stores' tills will trust what this one signs). */
  registered: boolean;
}

/** Where the key lives; IndexedDB in the app, a Map in tests. */
export interface DeviceKeyStore {
  get(): Promise<DeviceProofKey | undefined>;
  put(key: DeviceProofKey): Promise<void>;
}

const DB_NAME = 'vitrine-device-key';
const STORE = 'keys';
const ID = 'proof';

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

async function openKeyDb(): Promise<IDBDatabase> {
  const open = indexedDB.open(DB_NAME, 1);
  open.onupgradeneeded = () => open.result.createObjectStore(STORE);
  return request(open);
}

export const indexedDbKeyStore: DeviceKeyStore = {
  async get() {
    const db = await openKeyDb();
    try {
      return (await request(db.transaction(STORE).objectStore(STORE).get(ID))) as DeviceProofKey | undefined;
    } finally {
      db.close();
    }
  },
  async put(key) {
    const db = await openKeyDb();
    try {
      const tx = db.transaction(STORE, 'readwrite');
      tx.objectStore(STORE).put(key, ID);
      await new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
    } finally {
      db.close();
    }
  },
};

/** The key store of this browser, or none where IndexedDB is missing (the device then signs nothing). */
export const defaultKeyStore = (): DeviceKeyStore | null => (typeof indexedDB === 'undefined' ? null : indexedDbKeyStore);

/** This device's key, made on first use. */
export async function loadOrCreateDeviceKey(store: DeviceKeyStore): Promise<DeviceProofKey> {
  return (await store.get()) ?? createDeviceKey(store);
}

/** A new key for this device, replacing any earlier one (enrollment: a new device identity). */
export async function createDeviceKey(store: DeviceKeyStore): Promise<DeviceProofKey> {
  const pair = await generateProofKeyPair(false);
  const publicKey = await exportProofPublicKey(pair.publicKey);
  const key: DeviceProofKey = { kid: await kidOf(publicKey), publicKey, privateKey: pair.privateKey, registered: false };
  await store.put(key);
  return key;
}

export async function markDeviceKeyRegistered(store: DeviceKeyStore): Promise<void> {
  const key = await store.get();
  if (key && !key.registered) await store.put({ ...key, registered: true });
}

/**
 * A device enrolled before proofs registers its key on start (POST /api/devices/proof-key); a registered key costs
 * nothing. Failures (offline) are left for the next start: the device still signs, and the proofs verify once the key
 * has reached the other tills.
 */
export async function ensureDeviceKeyRegistered(options: {
  baseUrl: string;
  token: string;
  store?: DeviceKeyStore | null;
  fetch?: FetchLike;
}): Promise<DeviceProofKey | null> {
  const store = options.store === undefined ? defaultKeyStore() : options.store;
  if (!store) return null;
  const key = await loadOrCreateDeviceKey(store);
  if (key.registered) return key;
  await postApi({
    baseUrl: options.baseUrl,
    token: options.token,
    path: '/api/devices/proof-key',
    body: { publicKey: key.publicKey },
    fetch: options.fetch,
  });
  await markDeviceKeyRegistered(store);
  return { ...key, registered: true };
}

/** The signed proof of a sale this device rang up, offline; null where the device has no key store. */
export async function signSaleProof(sale: Sale, store: DeviceKeyStore | null = defaultKeyStore()): Promise<string | null> {
  if (!store) return null;
  const key = await loadOrCreateDeviceKey(store);
  return signProof(saleProofSummary(sale), key);
}

export type { ProofSummary };
