import { z } from 'zod';
import { SkuSchema } from '../catalog/schema.js';
import { CreditCodeSchema } from '../credit/schema.js';
import { defineFactKind, type FactOf } from '../fact/kind.js';
import { ID_MAX_LENGTH } from '../kernel/ids.js';
import { MinorUnitsSchema } from '../kernel/money.js';
import type { StockMovement } from '../stock/schema.js';

const IdSchema = z.string().min(1).max(ID_MAX_LENGTH);
const StaffIdSchema = z.string().min(1).max(40);

/** Why the customer brings the item back; required on every line (a return without one cannot be saved). */
export const ReturnReasonSchema = z.enum(['defective', 'wrong_size', 'not_as_described', 'changed_mind', 'arrived_late', 'other']);
export type ReturnReason = z.infer<typeof ReturnReasonSchema>;

/** Resellable units go back to the returning store's sellable stock; damaged ones never do. */
export const ReturnConditionSchema = z.enum(['resellable', 'damaged']);
export type ReturnCondition = z.infer<typeof ReturnConditionSchema>;

/** What is being returned: a store sale (of any store of the chain) or an online order. */
export const ReturnSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('sale'), saleId: IdSchema }),
  z.object({ kind: z.literal('order'), orderId: IdSchema }),
]);
export type ReturnSource = z.infer<typeof ReturnSourceSchema>;

export const ReturnLineSchema = z.object({
  /** The purchase's line, with its SKU repeated so a line of another item is refused rather than guessed. */
  lineNo: z.int().min(1).max(999),
  sku: SkuSchema,
  quantity: z.int().min(1).max(9_999),
  reason: ReturnReasonSchema,
  condition: ReturnConditionSchema,
});
export type ReturnLine = z.infer<typeof ReturnLineSchema>;

/**
 * Where the money goes, per kind: cash from the drawer, card and Pix recorded for the terminal or the bank, an
 * online order's payment refunded by the platform (`platform`), or store credit. Computed by refund.ts from the
 * returned lines; the server recomputes it and refuses a refund that differs.
 */
export const RefundTenderKindSchema = z.enum(['cash', 'card', 'pix', 'platform', 'store_credit']);
export type RefundTenderKind = z.infer<typeof RefundTenderKindSchema>;
/**
 * `exchange`: the return's value becomes a store credit applied at once as a tender to the new sale at the till (the
 * difference paid with other tenders; what the new items do not use stays on the credit).
 */
export const RefundMethodSchema = z.enum(['original_tender', 'store_credit', 'exchange']);
export type RefundMethod = z.infer<typeof RefundMethodSchema>;
/** The refund methods a till offers, in the order its picker shows them. */
export const TILL_REFUND_METHODS: readonly RefundMethod[] = ['original_tender', 'store_credit', 'exchange'];
export const RefundSchema = z.object({
  method: RefundMethodSchema,
  tenders: z.array(z.object({ kind: RefundTenderKindSchema, amount: MinorUnitsSchema.min(1) })).max(5),
  /**
   * The code of the credit a `store_credit` refund issues, drawn by the device (offline) and printed for the
   * customer; the server issues the credit under it when it accepts the return (sync-server/credits).
   */
  creditCode: CreditCodeSchema.optional(),
});
export type Refund = z.infer<typeof RefundSchema>;

export const ReturnRecordedPayloadSchema = z
  .object({
    source: ReturnSourceSchema,
    lines: z.array(ReturnLineSchema).min(1).max(200),
    refund: RefundSchema,
    /** The manager who allowed a return outside the store's policy (their PIN on the device); null when none was needed. */
    approvedBy: StaffIdSchema.nullable(),
    /** Why the manager allowed it: required with `approvedBy`. */
    approvalReason: z.string().trim().min(1).max(200).nullable(),
    customerId: z.string().min(1).max(64).nullable(),
    /**
     * The register shift open on the device when the return was taken (null: none open, e.g. a phone): its Z report
     * counts the return, and cash refunded leaves that drawer. Absent on returns recorded before it existed.
     */
    shiftId: IdSchema.nullable().optional(),
    /**
     * The signed proof of purchase the purchase was found by (the QR as scanned), when it was: the server verifies it
     * too, and a verified proof of another store's sale stands for the lookup a till with no network could not make.
     */
    proof: z.string().max(1_000).nullable().optional(),
  })
  .refine((p) => (p.approvedBy === null) === (p.approvalReason === null), {
    message: "a manager's approval needs its reason, and a reason needs the manager",
    path: ['approvalReason'],
  })
  .refine((p) => new Set(p.lines.map((l) => `${l.lineNo}:${l.condition}`)).size === p.lines.length, {
    message: 'a purchase line appears at most once per condition',
    path: ['lines'],
  });
export type ReturnRecordedPayload = z.infer<typeof ReturnRecordedPayloadSchema>;

/** The subject is the return's own id (a client UUID, like the fact's). */
const ReturnSubjectSchema = IdSchema;
export type ReturnRecorded = FactOf<typeof ReturnSubjectSchema, typeof ReturnRecordedPayloadSchema>;

/**
 * A store's damaged location in the ledger: a location of its own (levels `${location}:${sku}`), never sellable. It is
 * no store of the chain, so no till replicates it, sells from it or shows it in "other stores"; its movements and
 * levels are on the server for the store's write-offs and vendor claims.
 */
export const damagedLocationOf = (storeId: string): string => `${storeId}_damaged`;

/**
 * The stock effect of a return, the same on the device (optimistic) and on the server: resellable units back into
 * the returning store's on-hand ('return'); damaged units into the store's damaged location, which nothing sells.
 */
export function returnMovements(fact: Pick<ReturnRecorded, 'id' | 'storeId' | 'payload'>, at: string): StockMovement[] {
  return fact.payload.lines.map((l) => ({
    id: `${fact.id}:${l.condition === 'resellable' ? 'r' : 'd'}${l.lineNo}`,
    storeId: l.condition === 'resellable' ? fact.storeId : damagedLocationOf(fact.storeId),
    sku: l.sku,
    quantity: l.quantity,
    reason: 'return',
    sourceId: fact.id,
    recordedAt: at,
  }));
}

/** `return.recorded`: what a store took back, from which purchase, and how the money went back. */
export const returnRecorded = defineFactKind({
  kind: 'return.recorded',
  subject: ReturnSubjectSchema,
  payload: ReturnRecordedPayloadSchema,
  movements: (fact, _stock, at) => returnMovements(fact, at),
});
