import { z } from 'zod';
import { CurrencyCodeSchema } from '../kernel/money.js';
import { DiscountReasonSchema } from '../sale/schema.js';

/**
 * A register shift: opened with a float, cash moved in and out with reasons, closed with what was counted per
 * tender kind and its Z report. Each step is a fact of the `facts` collection whose subject is the shift's id,
 * generated on the device (UUIDv7), so a shift opens, runs and closes offline.
 */
export const ShiftIdSchema = z.uuid({ version: 'v7' }).max(36);

const Amount = z.int().min(0).max(1_000_000_000_000);
const PositiveAmount = Amount.min(1);
/** Over/short and rounding are signed. */
const Signed = z.int().min(-1_000_000_000_000).max(1_000_000_000_000);

/** `shift.opened`: the float put in the drawer, on this register (the fact's device; its name as staff see it). */
export const ShiftOpenedPayloadSchema = z.object({
  float: Amount,
  currency: CurrencyCodeSchema,
  registerName: z.string().trim().min(1).max(80),
});
export type ShiftOpenedPayload = z.infer<typeof ShiftOpenedPayloadSchema>;

/** Why cash went into or out of the drawer during a shift. */
export const CashMoveReasonSchema = z.enum(['change_fund', 'bank_deposit', 'safe_drop', 'petty_cash', 'other']);
export type CashMoveReason = z.infer<typeof CashMoveReasonSchema>;

/** `shift.cash-moved`: cash put in (change fund) or taken out (bank deposit, petty cash) with its reason. */
export const ShiftCashMovedPayloadSchema = z
  .object({
    direction: z.enum(['in', 'out']),
    amount: PositiveAmount,
    reason: CashMoveReasonSchema,
    note: z.string().trim().max(200).optional(),
  })
  .refine((move) => move.reason !== 'other' || (move.note ?? '').length > 0, {
    message: 'say what the cash was for when the reason is "other"',
    path: ['note'],
  });
export type ShiftCashMovedPayload = z.infer<typeof ShiftCashMovedPayloadSchema>;

/** An amount per tender kind: cash in the drawer, card from the terminal's report, Pix from the bank statement. */
export const PerTenderSchema = z.object({ cash: Signed, card: Signed, pix: Signed });
export type PerTender = z.infer<typeof PerTenderSchema>;

const CountAndAmount = z.object({ count: z.int().min(0), amount: Amount });
export type CountAndAmount = z.infer<typeof CountAndAmount>;

/**
 * The Z report: a shift's sales, tenders, discounts, voids, returns and cash movements, what the drawer and the
 * terminals should hold and, once counted, how far off they are. Computed on the device from every sale of the
 * shift (synced or not) by `computeZReport`, printed and recorded with the close.
 */
export const ZReportSchema = z.object({
  shiftId: ShiftIdSchema,
  currency: CurrencyCodeSchema,
  openedAt: z.iso.datetime({ offset: true }),
  closedAt: z.iso.datetime({ offset: true }),
  /** Sales counted (the server's rejected ones excluded, they are in `rejectedSales`). */
  salesCount: z.int().min(0),
  /** Of those, how many had not reached the server when the report was made. */
  unsyncedSales: z.int().min(0),
  /** Σ quantity × unit price, before discounts. */
  gross: Amount,
  discounts: z.object({
    total: Amount,
    byPromotion: z.array(z.object({ promotionId: z.string().min(1).max(64), amount: Amount })).max(500),
    byReason: z.array(z.object({ reason: DiscountReasonSchema, amount: Amount })).max(20),
  }),
  tax: Amount,
  /** Σ sale totals: what customers owed for items. */
  net: Amount,
  /** Gift cards sold (not items, not taxed: a liability on the credit ledger); absent from reports made before them. */
  giftCardsSold: CountAndAmount.optional(),
  tenders: z.object({
    /** Cash kept: tendered − change; `cashRounding` is the part of it the store's cash rounding added (signed). */
    cash: z.object({ count: z.int().min(0), tendered: Amount, change: Amount, cashRounding: Signed, net: Amount }),
    card: z.object({
      count: z.int().min(0),
      net: Amount,
      credit: Amount,
      debit: Amount,
      /** Credit payments split into instalments (parcelado), by number of instalments. */
      installments: z.array(z.object({ installments: z.int().min(2).max(12), count: z.int().min(1), amount: Amount })).max(11),
    }),
    pix: z.object({ count: z.int().min(0), net: Amount }),
    /** Store credits and gift cards taken as payment (absent from reports made before the credit tender). */
    storeCredit: z.object({ count: z.int().min(0), net: Amount }).optional(),
  }),
  reversedTenders: CountAndAmount,
  voidedLines: CountAndAmount,
  voidedSales: CountAndAmount,
  /** Returns are not recorded yet (the returns issue fills this in). */
  returns: CountAndAmount,
  /** Sales of the shift the server refused: not counted above, listed so the associate can see why. */
  rejectedSales: CountAndAmount,
  float: Amount,
  cashIn: Amount,
  cashOut: Amount,
  /** float + cash net + cash in − cash out; card and Pix: their net. */
  expected: PerTenderSchema,
  counted: z.object({ cash: Amount, card: Amount, pix: Amount }),
  /** counted − expected: positive is over, negative short. */
  overShort: PerTenderSchema,
});
export type ZReport = z.infer<typeof ZReportSchema>;

/** `shift.closed`: the counts per tender (blind: entered before the expected figures were shown) and the Z report. */
export const ShiftClosedPayloadSchema = z.object({
  blind: z.boolean(),
  zReport: ZReportSchema,
});
export type ShiftClosedPayload = z.infer<typeof ShiftClosedPayloadSchema>;
