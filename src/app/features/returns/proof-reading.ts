import { DomainError, ErrorCode, type Product, type Returnable } from '../../../domain/index.js';
import { readProofOfPurchase, type ProofKey, type ProofSummary } from '../../../domain/proof/index.js';
import type { VitrineDatabase } from '../../db/database.js';
import type { MessageKey } from '../../i18n/catalog.js';

export type ScannedProof = { ok: true; purchase: Returnable } | { ok: false; message: MessageKey };

const PROOF_PREFIX = 'VP1.';

/**
 * A scanned signed proof of purchase (QR of a receipt or an order confirmation), verified on this device against the
 * replicated keys, with no network: the purchase it proves, or why it is refused (tampered, unknown or revoked key).
 * Answers undefined for a scan that is not a proof (a receipt number, a pickup QR): the caller searches for it.
 */
export async function readScannedProof(db: VitrineDatabase, text: string): Promise<ScannedProof | undefined> {
  const scanned = text.trim();
  if (!scanned.startsWith(PROOF_PREFIX)) return undefined;
  const keys = (await db.keys.find().exec()).map((d) => d.toJSON() as ProofKey);
  const reading = await readProofOfPurchase(scanned, keys, new Date());
  if (reading instanceof DomainError) return { ok: false, message: proofProblem(reading.code) };
  const skus = reading.summary.lines.map((l) => l.sku);
  const products = new Map((await db.products.findByIds(skus).exec()).entries());
  const nameOf = (sku: string) => (products.get(sku)?.toJSON() as Product | undefined)?.name ?? sku;
  return { ok: true, purchase: { ...returnableOfProof(reading.summary, nameOf), proof: scanned } };
}

function proofProblem(code: ErrorCode): MessageKey {
  if (code === ErrorCode.PROOF_TAMPERED) return 'returns.qr.tampered';
  if (code === ErrorCode.PROOF_UNKNOWN_KEY) return 'returns.qr.unknownKey';
  if (code === ErrorCode.PROOF_KEY_REVOKED) return 'returns.qr.revoked';
  return 'returns.qr.malformed';
}

/** The purchase a verified proof carries: what a return needs, as signed when it was bought. */
export function returnableOfProof(p: ProofSummary, nameOf: (sku: string) => string): Returnable {
  const order = p.kind === 'order';
  const paid = p.tenders.flatMap((t) =>
    t.method === 'cash' || t.method === 'card' || t.method === 'pix' ? [{ kind: t.method as 'cash' | 'card' | 'pix', amount: t.amount }] : [],
  );
  return {
    source: order ? { kind: 'order', orderId: p.id } : { kind: 'sale', saleId: p.id },
    kind: p.kind,
    number: p.number,
    storeId: p.storeId,
    currency: p.currency,
    receivedAt: order ? p.receivedAt : p.at,
    customerId: null,
    lines: p.lines.map((l) => ({
      lineNo: l.lineNo,
      sku: l.sku,
      name: nameOf(l.sku),
      bought: order ? (l.received ?? 0) : l.quantity,
      total: l.total,
      quantity: l.quantity,
      returned: 0,
    })),
    paidBy: order ? { kind: 'order', order: { payments: p.tenders } } : { kind: 'sale', sale: { tenders: paid, totals: { total: p.total } } },
  };
}
