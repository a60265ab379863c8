import { describe, expect, it } from 'vitest';
import { DomainError, ErrorCode } from '../kernel/errors.js';
import { exportProofPublicKey, generateProofKeyPair, kidOf } from './keys.js';
import type { ProofKey, ProofSummary } from './schema.js';
import { signProof } from './sign.js';
import { saleProofSummary } from './summaries.js';
import { readProofOfPurchase } from './verify.js';
import type { Sale } from '../sale/schema.js';

const now = new Date('2026-11-26T12:00:00Z');

/** A 10-line store sale with demo-catalog SKUs (style-size-colour) and a UUIDv7 id. */
const summary = (over: Partial<ProofSummary> = {}): ProofSummary => ({
  v: 1,
  kind: 'sale',
  id: '019ac0b2-7c4e-7a31-9d2f-3b8e5c1a0f42',
  number: 'S1-03-000123',
  storeId: 'S1',
  at: '2026-11-20T15:04:05.000Z',
  receivedAt: null,
  currency: 'BRL',
  total: 1_234_560,
  tax: 222_221,
  lines: Array.from({ length: 10 }, (_, i) => ({
    lineNo: i + 1,
    sku: `TSH-${String(10_000 + i)}-XL-BLK`,
    quantity: 2,
    total: 123_456,
    received: null,
  })),
  tenders: [
    { method: 'card', amount: 1_000_000 },
    { method: 'cash', amount: 234_560 },
  ],
  ...over,
});

async function keyOf(signer: 'server' | 'device', storeId: string | null = signer === 'device' ? 'S1' : null) {
  const pair = await generateProofKeyPair();
  const publicKey = await exportProofPublicKey(pair.publicKey);
  const kid = await kidOf(publicKey);
  const doc: ProofKey = {
    kid,
    publicKey,
    signer,
    deviceId: signer === 'device' ? 'dev-1' : null,
    storeId,
    status: 'active',
    createdAt: '2026-11-01T00:00:00.000Z',
    retiredAt: null,
    revokedAt: null,
  };
  return { doc, sign: (s: ProofSummary) => signProof(s, { kid, privateKey: pair.privateKey }) };
}

const codeOf = (reading: Awaited<ReturnType<typeof readProofOfPurchase>>) => (reading instanceof DomainError ? reading.code : 'ok');

describe('proof of purchase', () => {
  it('reads back exactly what the till signed, with who signed it, and a 10-line purchase fits in 600 bytes', async () => {
    const till = await keyOf('device');
    const text = await till.sign(summary());
    expect(new TextEncoder().encode(text).length).toBeLessThanOrEqual(600); // 561 today
    const reading = await readProofOfPurchase(text, [till.doc], now);
    if (reading instanceof DomainError) throw reading;
    expect(reading.summary).toEqual(summary());
    expect(reading.signer).toEqual({ kid: till.doc.kid, signer: 'device', deviceId: 'dev-1', storeId: 'S1', status: 'active' });
  });

  it('refuses a proof whose amount was changed after signing, naming it as altered', async () => {
    const till = await keyOf('device');
    const text = await till.sign(summary());
    const tampered = text.replace(',2,123456]', ',2,923456]');
    expect(tampered).not.toBe(text);
    const reading = await readProofOfPurchase(tampered, [till.doc], now);
    expect(codeOf(reading)).toBe(ErrorCode.PROOF_TAMPERED);
    expect((reading as DomainError).message).toMatch(/altered/);
  });

  it('refuses a proof signed by a key the keyring does not hold, even one that looks like a known kid', async () => {
    const known = await keyOf('server');
    const forger = await keyOf('server');
    const forged = await forger.sign(summary({ kind: 'order', storeId: 'S1' }));
    expect(codeOf(await readProofOfPurchase(forged, [known.doc], now))).toBe(ErrorCode.PROOF_UNKNOWN_KEY);
    // The forger's signature under the known kid is just a signature that does not match.
    const underKnownKid = forged.replace(forger.doc.kid, known.doc.kid);
    expect(codeOf(await readProofOfPurchase(underKnownKid, [known.doc], now))).toBe(ErrorCode.PROOF_TAMPERED);
  });

  it('refuses a proof of a revoked key but still verifies one of a retired key', async () => {
    const old = await keyOf('server');
    const text = await old.sign(summary({ kind: 'order' }));
    const retired = { ...old.doc, status: 'retired' as const, retiredAt: '2026-11-25T00:00:00.000Z' };
    const reading = await readProofOfPurchase(text, [retired], now);
    expect(codeOf(reading)).toBe('ok');
    expect((reading as { signer: { status: string } }).signer.status).toBe('retired');
    const revoked = { ...old.doc, status: 'revoked' as const, revokedAt: '2026-11-25T00:00:00.000Z' };
    const refused = await readProofOfPurchase(text, [revoked], now);
    expect(codeOf(refused)).toBe(ErrorCode.PROOF_KEY_REVOKED);
    expect((refused as DomainError).message).toMatch(/revoked/);
  });

  it("refuses a till's key vouching for an online order or another store's sale", async () => {
    const till = await keyOf('device', 'S1');
    expect(codeOf(await readProofOfPurchase(await till.sign(summary({ kind: 'order' })), [till.doc], now))).toBe(ErrorCode.PROOF_TAMPERED);
    expect(codeOf(await readProofOfPurchase(await till.sign(summary({ storeId: 'S2' })), [till.doc], now))).toBe(ErrorCode.PROOF_TAMPERED);
  });

  it('answers a QR that is not a proof (a receipt link, a pickup code, a cut-off scan) as not one', async () => {
    const till = await keyOf('device');
    const text = await till.sign(summary());
    for (const scanned of ['https://vitrine.example/receipts/abc', 'vitrine-pickup:W-1:123456', text.slice(0, 40), 'VP1.x.y.z'])
      expect(codeOf(await readProofOfPurchase(scanned, [till.doc], now))).toBe(ErrorCode.PROOF_MALFORMED);
  });

  it("a sale's proof lists what the store kept: reversed tenders left out, the change off the cash", () => {
    const sale = {
      id: 's-1',
      receiptNumber: 'S1-03-000001',
      storeId: 'S1',
      createdAtDevice: '2026-11-20T12:04:05.678-03:00',
      currency: 'BRL',
      totals: { total: 9_000, tax: 1_000, change: 1_500 },
      lines: [{ lineNo: 1, sku: 'A-1', quantity: 1, total: 9_000 }],
      tenders: [
        { kind: 'card', id: 't1', amount: 9_000, reversal: { reason: 'payment_failed', reversedBy: 'S1-1' } },
        { kind: 'pix', id: 't2', amount: 4_000 },
        { kind: 'cash', id: 't3', amount: 6_500 },
      ],
    } as unknown as Sale;
    const s = saleProofSummary(sale);
    expect(s.tenders).toEqual([
      { method: 'pix', amount: 4_000 },
      { method: 'cash', amount: 5_000 },
    ]);
    expect(s.at).toBe('2026-11-20T15:04:05.000Z');
  });
});
