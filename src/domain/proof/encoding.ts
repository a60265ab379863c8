import { ProofSummarySchema, type ProofSummary } from './schema.js';

/**
 * The compact form a QR code carries: a positional JSON array, so ten lines of a purchase fit in about 600 bytes
 * with the signature (a keyed object would spend a third of that on names).
 *   [1, 's'|'o', id, number, storeId, at (unix s), receivedAt (unix s) | 0, currency, total, tax,
 *    [[lineNo, sku, quantity, total(, received)]…], [[method, amount]…]]
 * `received` appears only on order lines that have one.
 */
type Line = [number, string, number, number] | [number, string, number, number, number];
type Compact = [1, 's' | 'o', string, string, string | null, number, number, string, number, number, Line[], [string, number][]];

const seconds = (iso: string): number => Math.floor(Date.parse(iso) / 1000);
const instant = (s: number): string => new Date(s * 1000).toISOString();

/** An instant as a proof keeps it: UTC, to the second (what decoding gives back). */
export const proofInstant = (iso: string): string => instant(seconds(iso));

export function encodeSummary(summary: ProofSummary): string {
  const compact: Compact = [
    1,
    summary.kind === 'sale' ? 's' : 'o',
    summary.id,
    summary.number,
    summary.storeId,
    seconds(summary.at),
    summary.receivedAt === null ? 0 : seconds(summary.receivedAt),
    summary.currency,
    summary.total,
    summary.tax,
    summary.lines.map(
      (l): Line => (l.received === null ? [l.lineNo, l.sku, l.quantity, l.total] : [l.lineNo, l.sku, l.quantity, l.total, l.received]),
    ),
    summary.tenders.map((t): [string, number] => [t.method, t.amount]),
  ];
  return JSON.stringify(compact);
}

/** The summary a compact text holds, or null when it is not one. */
export function decodeSummary(text: string): ProofSummary | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!Array.isArray(value) || value.length !== 12 || value[0] !== 1) return null;
  const [, kind, id, number, storeId, at, receivedAt, currency, total, tax, lines, tenders] = value as unknown[];
  if (typeof at !== 'number' || typeof receivedAt !== 'number' || !Array.isArray(lines) || !Array.isArray(tenders)) return null;
  const parsed = ProofSummarySchema.safeParse({
    v: 1,
    kind: kind === 's' ? 'sale' : kind === 'o' ? 'order' : undefined,
    id,
    number,
    storeId,
    at: Number.isInteger(at) ? instant(at) : undefined,
    receivedAt: receivedAt === 0 ? null : Number.isInteger(receivedAt) ? instant(receivedAt) : undefined,
    currency,
    total,
    tax,
    lines: lines.map((l: unknown) =>
      Array.isArray(l) ? { lineNo: l[0], sku: l[1], quantity: l[2], total: l[3], received: l.length === 5 ? l[4] : null } : null,
    ),
    tenders: tenders.map((t: unknown) => (Array.isArray(t) && t.length === 2 ? { method: t[0], amount: t[1] } : null)),
  });
  return parsed.success ? parsed.data : null;
}
