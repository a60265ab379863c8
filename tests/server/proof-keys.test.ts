import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DomainError,
  ErrorCode,
  exportProofPublicKey,
  generateProofKeyPair,
  kidOf,
  newId,
  readProofOfPurchase,
  signProof,
  systemClock,
  type Order,
  type ProofKey,
  type ProofSummary,
} from '../../src/domain/index.js';
import { pickupIntake } from '../../src/domain/testing/orders.js';
import { revokeDevice } from '../../sync-server/auth/revocation.js';
import { orderWrite } from '../../sync-server/orders/documents.js';
import { newPickupCode, newPickupToken } from '../../sync-server/pickup/token.js';
import { rotateServerProofKey, setServerProofKeyStatus } from '../../sync-server/proof/server-keys.js';
import { syncClient } from './client.js';
import { startTestServer, type TestServer } from './harness.js';
import { mintKey } from './integration-probe.js';
import { pickupWorld } from './pickup-fixture.js';

/**
 * Proofs of purchase on the server: the order intake answer carries one the chain's keyring verifies; the server's
 * key rotates (old proofs still verify, new ones carry the new kid), is retired or revoked; a till's key is
 * registered at enrollment (or on its first start after), reaches another store's devices and is revoked with the
 * till. Every keyring here is what a device of another store pulls from the `keys` collection.
 */
let server: TestServer;
let apiKey: string;
/** A device of store S2: reads the chain's keyring as any till would. */
let otherStore: ReturnType<typeof syncClient>;

beforeAll(async () => {
  server = await startTestServer({ catalogSize: 20 });
  apiKey = (await mintKey(server.store)).apiKey;
  otherStore = syncClient(server.url, (await server.enrollDevice('S2', 'S2 till')).token);
});
afterAll(() => server.close());

const keyring = async () => (await otherStore.pullAll('keys')).documents as unknown as ProofKey[];
const codeOf = (reading: Awaited<ReturnType<typeof readProofOfPurchase>>) => (reading instanceof DomainError ? reading.code : 'ok');

async function takeOrder(): Promise<{ order: Order & { proof: { text: string; kid: string; summary: ProofSummary } } }> {
  const product = server.products[0]!;
  const input = pickupIntake('S1', [{ sku: product.sku, quantity: 2, unitPrice: product.price.amount }]);
  const res = await fetch(`${server.url}/api/orders`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/json', 'Idempotency-Key': newId() },
    body: JSON.stringify(input),
  });
  expect(res.status).toBe(201);
  return { order: await res.json() };
}

async function enrollWithKey(storeId: string) {
  const pair = await generateProofKeyPair();
  const publicKey = await exportProofPublicKey(pair.publicKey);
  const code = await server.mintEnrollmentCode(storeId);
  const res = await fetch(`${server.url}/api/devices/enroll`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ code, name: 'Till with a key', publicKey }),
  });
  expect(res.status).toBe(200);
  const enrolled = (await res.json()) as { deviceId: string; token: string };
  return { ...enrolled, pair, publicKey, kid: await kidOf(publicKey) };
}

const saleSummary = (storeId: string): ProofSummary => ({
  v: 1,
  kind: 'sale',
  id: newId(),
  number: `${storeId}-07-000001`,
  storeId,
  at: '2026-11-26T10:00:00.000Z',
  receivedAt: null,
  currency: 'BRL',
  total: 5_000,
  tax: 500,
  lines: [{ lineNo: 1, sku: 'TSH-00001-M-BLK', quantity: 1, total: 5_000, received: null }],
  tenders: [{ method: 'cash', amount: 5_000 }],
});

describe('proofs of purchase', () => {
  it('answers an online order with a proof signed by the server that a till of another store verifies offline', async () => {
    const { order } = await takeOrder();
    expect(order.proof.text.startsWith(`VP1.${order.proof.kid}.`)).toBe(true);
    expect(new TextEncoder().encode(order.proof.text).length).toBeLessThanOrEqual(600);
    const reading = await readProofOfPurchase(order.proof.text, await keyring(), new Date());
    if (reading instanceof DomainError) throw reading;
    expect(reading.summary).toMatchObject({ kind: 'order', id: order.id, number: order.number, storeId: 'S1', total: order.totals.total });
    expect(reading.summary.lines).toEqual([expect.objectContaining({ lineNo: 1, quantity: 2, received: null })]);
    expect(reading.signer).toMatchObject({ signer: 'server', kid: order.proof.kid, status: 'active' });
    expect(order.proof.summary).toEqual(reading.summary);
  });

  it('documents the proof in the intake answer of the OpenAPI document', async () => {
    const doc = await (await fetch(`${server.url}/api/openapi.json`)).json();
    const created = doc.paths['/api/orders'].post.responses['201'].content['application/json'].schema;
    expect(JSON.stringify(created)).toContain('CreatedOrder');
    expect(doc.components.schemas.CreatedOrder.required).toContain('proof');
  });

  it('rotates: old proofs still verify under the retired key, new ones carry the new kid; a revoked key verifies nothing', async () => {
    const before = (await takeOrder()).order.proof;
    const { active, retired } = await rotateServerProofKey(server.store, { clock: systemClock });
    expect(retired.map((k) => k.kid)).toContain(before.kid);
    const after = (await takeOrder()).order.proof;
    expect(after.kid).toBe(active.kid);
    expect(after.kid).not.toBe(before.kid);

    const ring = await keyring();
    expect(ring.find((k) => k.kid === before.kid)?.status).toBe('retired');
    const old = await readProofOfPurchase(before.text, ring, new Date());
    expect(codeOf(old)).toBe('ok');
    expect((old as { signer: { status: string } }).signer.status).toBe('retired');
    expect(codeOf(await readProofOfPurchase(after.text, ring, new Date()))).toBe('ok');

    // Retiring the signing key hands signing to a new one at once; revoking a (leaked) key refuses its proofs.
    const { replacedBy } = await setServerProofKeyStatus(server.store, active.kid, 'retired', { clock: systemClock });
    expect(replacedBy?.status).toBe('active');
    expect((await takeOrder()).order.proof.kid).toBe(replacedBy!.kid);
    await setServerProofKeyStatus(server.store, before.kid, 'revoked', { clock: systemClock });
    expect(codeOf(await readProofOfPurchase(before.text, await keyring(), new Date()))).toBe(ErrorCode.PROOF_KEY_REVOKED);
    expect(codeOf(await readProofOfPurchase(after.text, await keyring(), new Date()))).toBe('ok');
  });

  it("registers a till's key at enrollment, reaches another store's devices, and revokes it with the till", async () => {
    const till = await enrollWithKey('S1');
    const proof = await signProof(saleSummary('S1'), { kid: till.kid, privateKey: till.pair.privateKey });
    const ring = await keyring();
    expect(ring.find((k) => k.kid === till.kid)).toMatchObject({ signer: 'device', deviceId: till.deviceId, storeId: 'S1', status: 'active' });
    const reading = await readProofOfPurchase(proof, ring, new Date());
    expect(codeOf(reading)).toBe('ok');
    expect((reading as { signer: { deviceId: string } }).signer.deviceId).toBe(till.deviceId);

    const { revokedKeys } = await revokeDevice(server.store, till.deviceId, { clock: systemClock });
    expect(revokedKeys).toEqual([till.kid]);
    const refused = await readProofOfPurchase(proof, await keyring(), new Date());
    expect(codeOf(refused)).toBe(ErrorCode.PROOF_KEY_REVOKED);
  });

  it('lets a till enrolled before proofs register its key once; another key for the same till is refused', async () => {
    const device = await server.enrollDevice('S1', 'Old till');
    const register = async (publicKey: string) =>
      fetch(`${server.url}/api/devices/proof-key`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${device.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ publicKey }),
      });
    const publicKey = await exportProofPublicKey((await generateProofKeyPair()).publicKey);
    const first = await register(publicKey);
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ kid: await kidOf(publicKey), deviceId: device.deviceId, status: 'active' });
    expect((await register(publicKey)).status).toBe(200);
    const other = await register(await exportProofPublicKey((await generateProofKeyPair()).publicKey));
    expect(other.status).toBe(403);
    expect((await keyring()).filter((k) => k.deviceId === device.deviceId)).toHaveLength(1);
    const notAKey = await register('A'.repeat(87));
    expect(notAKey.status).toBe(400);
  });

  it("shows the order's proof as a QR on the customer's pickup page", async () => {
    const { order } = await takeOrder();
    const stored = JSON.parse((await server.store.getDocument('orders', order.id))!.body) as Order;
    const token = newPickupToken();
    const at = new Date().toISOString();
    await server.store.transaction((tx) =>
      tx.putDocuments([
        orderWrite({
          ...stored,
          state: 'ready',
          pickingAt: at,
          readyAt: at,
          lines: stored.lines.map((l) => ({ ...l, picked: l.quantity })),
          pickup: { ...stored.pickup!, code: newPickupCode() },
          pickupToken: token,
          updatedAt: at,
        }),
      ]),
    );
    const html = await (await fetch(`${server.url}/pickup/${token}`, { headers: { Accept: 'text/html' } })).text();
    // The QR only: the page never spells out amounts or tenders (the pickup page test checks it holds no price).
    expect(html).toMatch(/<section id="proof"[^>]*>\s*<h2>Comprovante de compra<\/h2>\s*<figure class="qr" role="img" aria-label="[^"]*"><svg /);
    expect(html).not.toContain('VP1.');
  });

  it('sends the proof of what the customer took home in order.collected', async () => {
    const world = pickupWorld(server, apiKey);
    const counter = await server.enrollDevice('S1', 'Pickup counter');
    const order = await world.postOrder([2]);
    const accept = async (fact: ReturnType<typeof world.fact>) => {
      expect((await world.push(counter, fact)).status).toBe(200);
      expect(await world.outcome(fact)).toMatchObject({ status: 'accepted' });
    };
    await accept(world.fact(counter, 'pickup.start', order, {}));
    await accept(world.fact(counter, 'pickup.pick', order, { sku: order.lines[0]!.sku, quantity: 2 }));
    await accept(world.fact(counter, 'pickup.ready', order, {}));
    const code = (await world.order(order.id)).pickup!.code!;
    await accept(
      world.fact(counter, 'pickup.handoff', order, { collector: { kind: 'customer' }, verification: { method: 'code', code }, lines: null }),
    );
    const collected = (await world.outbox(order.id)).find((r) => r.type === 'order.collected')!;
    const { proof } = JSON.parse(collected.payload) as { proof: string };
    const reading = await readProofOfPurchase(proof, await keyring(), new Date());
    if (reading instanceof DomainError) throw reading;
    expect(reading.summary).toMatchObject({ kind: 'order', id: order.id, receivedAt: expect.any(String) });
    expect(reading.summary.lines).toEqual([expect.objectContaining({ quantity: 2, received: 2 })]);
  });
});
