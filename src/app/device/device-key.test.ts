import { describe, expect, it } from 'vitest';
import { DomainError, readProofOfPurchase, type ProofKey, type Sale } from '../../domain/index.js';
import { storeS1 } from '../../domain/testing/fixtures.js';
import type { FetchLike } from '../db/http.js';
import { ensureDeviceKeyRegistered, signSaleProof, type DeviceKeyStore, type DeviceProofKey } from './device-key.js';
import { enrollDevice } from './enrollment.js';

/** The key store as IndexedDB keeps it: the CryptoKey object itself (structured clone), never its bytes. */
function memoryKeyStore(): DeviceKeyStore & { value?: DeviceProofKey } {
  const store: DeviceKeyStore & { value?: DeviceProofKey } = {
    get: async () => store.value,
    put: async (key) => {
      store.value = key;
    },
  };
  return store;
}

const sale = {
  id: '019ac0b2-7c4e-7a31-9d2f-3b8e5c1a0f42',
  receiptNumber: 'S1-03-000001',
  storeId: 'S1',
  createdAtDevice: '2026-11-26T09:00:00.000-03:00',
  currency: 'BRL',
  totals: { total: 9_000, tax: 1_000, change: 0 },
  lines: [{ lineNo: 1, sku: 'TSH-00001-M-BLK', quantity: 1, total: 9_000 }],
  tenders: [{ kind: 'card', id: 't1', amount: 9_000 }],
} as unknown as Sale;

const keyDoc = (key: DeviceProofKey, status: ProofKey['status'] = 'active'): ProofKey => ({
  kid: key.kid,
  publicKey: key.publicKey,
  signer: 'device',
  deviceId: 'dev-1',
  storeId: 'S1',
  status,
  createdAt: '2026-11-26T00:00:00.000Z',
  retiredAt: null,
  revokedAt: status === 'revoked' ? '2026-11-26T10:00:00.000Z' : null,
});

describe("the till's proof key", () => {
  it('is made at enrollment with a private key that cannot be exported, and its public half goes with the enrollment', async () => {
    const keys = memoryKeyStore();
    let sent: Record<string, unknown> = {};
    const fetch: FetchLike = async (_url, init) => {
      sent = JSON.parse(String(init?.body));
      return new Response(JSON.stringify({ token: 'x'.repeat(32), storeId: 'S1', deviceId: 'dev-1', store: storeS1 }));
    };
    await enrollDevice({
      baseUrl: 'http://x',
      form: { code: 'ABCD-EFGH', name: 'Till 1' },
      fetch,
      requestPersistence: async () => 'refused',
      keyStore: keys,
    });
    expect(sent.publicKey).toBe(keys.value!.publicKey);
    expect(keys.value!.registered).toBe(true);
    expect(keys.value!.privateKey.extractable).toBe(false);
    await expect(crypto.subtle.exportKey('jwk', keys.value!.privateKey)).rejects.toThrow();
  });

  it("signs a sale offline that any till verifies against the keyring, and that nobody verifies once the till's key is revoked", async () => {
    const keys = memoryKeyStore();
    const proof = (await signSaleProof(sale, keys))!;
    const key = keys.value!;
    const reading = await readProofOfPurchase(proof, [keyDoc(key)], new Date());
    if (reading instanceof DomainError) throw reading;
    expect(reading.summary).toMatchObject({ kind: 'sale', id: sale.id, number: 'S1-03-000001', total: 9_000 });
    expect(await readProofOfPurchase(proof, [keyDoc(key, 'revoked')], new Date())).toBeInstanceOf(DomainError);
  });

  it('a till enrolled before proofs registers its key on start, once', async () => {
    const keys = memoryKeyStore();
    const calls: string[] = [];
    const fetch: FetchLike = async (url, init) => {
      calls.push(`${url} ${init?.body}`);
      return new Response('{}');
    };
    await ensureDeviceKeyRegistered({ baseUrl: 'http://x', token: 't'.repeat(32), store: keys, fetch });
    await ensureDeviceKeyRegistered({ baseUrl: 'http://x', token: 't'.repeat(32), store: keys, fetch });
    expect(calls).toEqual([`http://x/api/devices/proof-key ${JSON.stringify({ publicKey: keys.value!.publicKey })}`]);
  });
});
