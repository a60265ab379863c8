import { createPrivateKey, sign as nodeSign, type KeyObject } from 'node:crypto';
import {
  assembleProof,
  DomainError,
  encodeSummary,
  ErrorCode,
  exportProofPublicKey,
  generateProofKeyPair,
  kidOf,
  orderProofSummary,
  proofSigningInput,
  proofSubtle,
  type Clock,
  type Order,
  type ProofKey,
  type ProofSummary,
} from '../../src/domain/index.js';
import { execute, queryRows } from '../outbox/sql.js';
import type { StoreReads, StoreTx, SyncStore } from '../store/store.js';

/**
 * The server's proof-of-purchase keys. The private half is a row of `proof_keys` (migration 11) and never leaves it;
 * the public half and its status are a document of the shared `keys` collection, so every device of the chain can
 * verify offline. Exactly one server key is `active` (signs); rotating retires the previous one, which still
 * verifies what it signed (receipts in customers' hands); a revoked key verifies nothing.
 *
 * Signing is synchronous (node:crypto) because a fact's decision is (the `order.collected` payload is built inside
 * one); the signing key is cached per store for `CACHE_MS`, so a rotation by the CLI in another process is picked up
 * within that time (a proof signed meanwhile by the just-retired key still verifies).
 */
const CACHE_MS = 30_000;

interface SigningKey {
  kid: string;
  key: KeyObject;
  loadedAt: number;
}

const signingKeys = new WeakMap<object, SigningKey>();

export const keyDocument = (doc: { body: string }): ProofKey => JSON.parse(doc.body) as ProofKey;

async function serverKeys(reads: StoreReads, status: ProofKey['status']): Promise<ProofKey[]> {
  return (await reads.findByKey('keys', 'serverStatus', status)).filter((d) => !d.deleted).map(keyDocument);
}

/** Every key of the keyring, server's and devices', newest first (the CLI's --list, tests). */
export async function listProofKeys(store: SyncStore): Promise<ProofKey[]> {
  const rows = await queryRows<{ body: string; deleted: number | boolean }>(
    store.sql,
    "SELECT body, deleted FROM documents WHERE collection = 'keys' ORDER BY seq DESC",
  );
  return rows.filter((r) => !r.deleted).map(keyDocument);
}

async function newServerKey(tx: StoreTx, at: string): Promise<ProofKey> {
  const pair = await generateProofKeyPair(true);
  const publicKey = await exportProofPublicKey(pair.publicKey);
  const kid = await kidOf(publicKey);
  const privateJwk = await proofSubtle().exportKey('jwk', pair.privateKey);
  await execute(tx.sql, 'INSERT INTO proof_keys (kid, private_jwk, created_at) VALUES (?, ?, ?)', [kid, JSON.stringify(privateJwk), at]);
  const key: ProofKey = {
    kid,
    publicKey,
    signer: 'server',
    deviceId: null,
    storeId: null,
    status: 'active',
    createdAt: at,
    retiredAt: null,
    revokedAt: null,
  };
  await tx.putDocuments([{ collection: 'keys', id: kid, storeId: '', body: key }]);
  return key;
}

/** The server's signing key, made at first start (or after the signing key was retired or revoked). */
export async function ensureServerProofKey(store: SyncStore, { clock }: { clock: Clock }): Promise<ProofKey> {
  const [active] = await serverKeys(store, 'active');
  if (active) return active;
  return store.transaction(async (tx) => (await serverKeys(tx, 'active'))[0] ?? newServerKey(tx, clock().toISOString()));
}

async function loadSigningKey(store: SyncStore, clock: Clock): Promise<SigningKey> {
  const active = await ensureServerProofKey(store, { clock });
  const [row] = await queryRows<{ private_jwk: string }>(store.sql, 'SELECT private_jwk FROM proof_keys WHERE kid = ?', [active.kid]);
  if (!row) throw new DomainError(ErrorCode.INTERNAL, `the private half of proof key ${active.kid} is missing`);
  const signing = { kid: active.kid, key: createPrivateKey({ key: JSON.parse(row.private_jwk), format: 'jwk' }), loadedAt: Date.now() };
  signingKeys.set(store, signing);
  return signing;
}

/** Loads (or refreshes, past `CACHE_MS`) the store's signing key so `signServerProofNow` can sign synchronously. */
export async function warmServerProofKey(store: SyncStore, clock: Clock): Promise<void> {
  const cached = signingKeys.get(store);
  if (!cached || Date.now() - cached.loadedAt > CACHE_MS) await loadSigningKey(store, clock);
}

function signWith(signing: SigningKey, summary: ProofSummary): string {
  const compact = encodeSummary(summary);
  const signature = nodeSign('sha256', Buffer.from(proofSigningInput(signing.kid, compact)), { key: signing.key, dsaEncoding: 'ieee-p1363' });
  return assembleProof(signing.kid, new Uint8Array(signature), compact);
}

/** Signs with the cached key; null when it was never loaded in this process (call `warmServerProofKey` first). */
export function signServerProofNow(store: SyncStore, summary: ProofSummary): string | null {
  const signing = signingKeys.get(store);
  return signing ? signWith(signing, summary) : null;
}

/** Signs with the current signing key, loading it if needed. */
export async function signServerProof(store: SyncStore, summary: ProofSummary, clock: Clock): Promise<string> {
  await warmServerProofKey(store, clock);
  return signWith(signingKeys.get(store)!, summary);
}

async function serverKey(tx: StoreTx, kid: string): Promise<ProofKey> {
  const doc = await tx.getDocument('keys', kid);
  const key = doc && !doc.deleted ? keyDocument(doc) : undefined;
  if (key?.signer !== 'server') throw new DomainError(ErrorCode.NOT_FOUND, `no server proof key "${kid}" (see --list)`);
  return key;
}

/** A new signing key; the previous one is retired: it signs no more and still verifies what it signed. */
export async function rotateServerProofKey(store: SyncStore, { clock }: { clock: Clock }): Promise<{ active: ProofKey; retired: ProofKey[] }> {
  const at = clock().toISOString();
  const result = await store.transaction(async (tx) => {
    const previous = await serverKeys(tx, 'active');
    const retired = previous.map((k) => ({ ...k, status: 'retired' as const, retiredAt: at }));
    if (retired.length > 0) await tx.putDocuments(retired.map((k) => ({ collection: 'keys', id: k.kid, storeId: '', body: k })));
    return { active: await newServerKey(tx, at), retired };
  });
  signingKeys.delete(store);
  return result;
}

/**
 * Retires or revokes a server key. Retired: still verifies what it signed. Revoked (a leaked key): verifies nothing,
 * and its private half is deleted. If it was the signing key, a new one takes over at once.
 */
export async function setServerProofKeyStatus(
  store: SyncStore,
  kid: string,
  status: 'retired' | 'revoked',
  { clock }: { clock: Clock },
): Promise<{ key: ProofKey; replacedBy: ProofKey | null }> {
  const at = clock().toISOString();
  const result = await store.transaction(async (tx) => {
    const key = await serverKey(tx, kid);
    if (key.status === 'revoked' || key.status === status) return { key, replacedBy: null };
    const changed: ProofKey = status === 'retired' ? { ...key, status, retiredAt: at } : { ...key, status, revokedAt: at };
    await tx.putDocuments([{ collection: 'keys', id: kid, storeId: '', body: changed }]);
    if (status === 'revoked') await execute(tx.sql, 'DELETE FROM proof_keys WHERE kid = ?', [kid]);
    const replacedBy = key.status === 'active' ? await newServerKey(tx, at) : null;
    return { key: changed, replacedBy };
  });
  signingKeys.delete(store);
  return result;
}

/** The pickup policy's signer of `order.collected` proofs (see PickupPolicyEnv). */
export const orderProofSigner =
  (store: SyncStore) =>
  (order: Order): string | null =>
    signServerProofNow(store, orderProofSummary(order));
