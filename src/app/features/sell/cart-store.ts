import { map, type Observable } from 'rxjs';
import { z } from 'zod';
import {
  CreditCodeSchema,
  GiftCardSoldSchema,
  ManualDiscountSchema,
  PaymentTenderSchema,
  TaxClassSchema,
  VoidedLineSchema,
} from '../../../domain/index.js';
import type { VitrineDatabase } from '../../db/database.js';
import { localDocument$ } from '../../db/local-document.js';
import type { CartLine } from './cart.js';

/**
 * Carts live in RxDB local documents of this device (never replicated: a cart is not a fact until it is paid).
 * `cart` is the one in progress, written on every change, so a reload, a crash, an app update or an idle sign-out
 * finds it again; `parked-carts` holds the carts put aside with a name, to be resumed on this device.
 */
const CART = 'cart';
const PARKED = 'parked-carts';

/** Lines are checked on the way in, and fields a newer app adds (discounts, promotions) are kept as they are. */
const CartLineSchema = z.looseObject({
  sku: z.string(),
  name: z.string(),
  quantity: z.number().int().positive(),
  unitPrice: z.number().int(),
  taxClass: TaxClassSchema,
  /** A damaged discount reads as none rather than losing the line. */
  manualDiscount: ManualDiscountSchema.optional().catch(undefined),
});
const LinesSchema = z.array(CartLineSchema).transform((lines) => lines as CartLine[]);
const StaffRefSchema = z.object({ staffId: z.string(), name: z.string() });
export type StaffRef = z.infer<typeof StaffRefSchema>;

/**
 * What the sale in progress carries beside its lines, each optional (absent: none) so a cart saved by an older app
 * reads as it was, and each read on its own (`catch`), so one damaged field never loses the lines. Tenders are kept
 * too: a card charged on the terminal must not be forgotten by a reload before the sale completes.
 */
const SaleExtrasSchema = {
  cartDiscount: ManualDiscountSchema.nullable().optional().catch(undefined),
  /** The manager whose PIN allowed the manual discounts above the store's limit. */
  discountApprovedBy: z.string().min(1).nullable().optional().catch(undefined),
  /** What the manager saw when approving (manual total and gross): more, in amount or share, needs the PIN again. */
  discountApproval: z
    .object({ amount: z.int().min(0), gross: z.int().min(0) })
    .nullable()
    .optional()
    .catch(undefined),
  /** Lines rung up and taken off again, with who did it (the shift's record keeps them). */
  voidedLines: z.array(VoidedLineSchema).optional().catch(undefined),
  /** "CPF na nota": digits only, validated where typed. */
  customerTaxId: z.string().nullable().optional().catch(undefined),
  /** The customer attached at the till (features/customers): the sale carries their id. */
  customerId: z.string().min(1).max(64).nullable().optional().catch(undefined),
  tenders: z.array(PaymentTenderSchema).optional().catch(undefined),
  /** Gift cards sold in this sale, each with the value to load on it. */
  giftCards: z.array(GiftCardSoldSchema).max(20).optional().catch(undefined),
  /** An exchange: the credit its return issued, paid into this sale first (features/returns opens the till with it). */
  exchangeCredit: z
    .object({ code: CreditCodeSchema, amount: z.int().min(1), returnId: z.string().min(1).max(64) })
    .optional()
    .catch(undefined),
};
export type SaleExtras = { [K in keyof typeof SaleExtrasSchema]?: z.infer<(typeof SaleExtrasSchema)[K]> };

export const SavedCartSchema = z.object({
  lines: LinesSchema,
  ...SaleExtrasSchema,
  /** Who rang up the first line: the cart is the device's, the next associate is told whose it was. */
  startedBy: StaffRefSchema.nullable(),
  /**
   * Set just before the sale of these lines is written: if the app dies between that write and emptying the cart,
   * the cart is dropped at the next start when the sale exists (never sold twice), kept when it does not (never lost).
   */
  completingSaleId: z.string().optional(),
});
export type SavedCart = z.infer<typeof SavedCartSchema>;
export const emptyCart: SavedCart = { lines: [], startedBy: null };

/** A sale is in progress while something is rung up: an item or a gift card. */
export const holdsSale = (cart: Pick<SavedCart, 'lines' | 'giftCards'>): boolean => cart.lines.length > 0 || (cart.giftCards?.length ?? 0) > 0;

export const ParkedCartSchema = z.object({
  id: z.string(),
  name: z.string(),
  lines: LinesSchema,
  parkedBy: StaffRefSchema.nullable(),
  parkedAt: z.string(),
  ...SaleExtrasSchema,
});
export type ParkedCart = z.infer<typeof ParkedCartSchema>;

export async function writeCart(db: VitrineDatabase, cart: SavedCart): Promise<void> {
  await db.upsertLocal(CART, cart);
}

/** The cart in progress at start, settled: the cart of a sale that was durably written is gone. */
export async function restoreCart(db: VitrineDatabase): Promise<SavedCart> {
  const doc = await db.getLocal(CART);
  const parsed = SavedCartSchema.safeParse(doc?.toJSON().data);
  if (!parsed.success) return emptyCart;
  const { completingSaleId, ...cart } = parsed.data;
  if (completingSaleId === undefined) return cart;
  const sold = (await db.sales.findOne(completingSaleId).exec()) !== null;
  const settled = sold ? emptyCart : cart;
  await writeCart(db, settled);
  return settled;
}

/** A damaged list reads as empty rather than stopping the till. */
const ParkedListSchema = z.object({ carts: z.array(ParkedCartSchema) }).catch({ carts: [] });

async function readParked(db: VitrineDatabase): Promise<ParkedCart[]> {
  const doc = await db.getLocal(PARKED);
  return ParkedListSchema.parse(doc?.toJSON().data).carts;
}

export async function parkCart(db: VitrineDatabase, cart: ParkedCart): Promise<void> {
  await db.upsertLocal(PARKED, { carts: [...(await readParked(db)), cart] });
}

/** Takes a parked cart off the list and answers it (null: resumed meanwhile, e.g. in another tab). */
export async function takeParkedCart(db: VitrineDatabase, id: string): Promise<ParkedCart | null> {
  const carts = await readParked(db);
  const taken = carts.find((c) => c.id === id) ?? null;
  if (taken) await db.upsertLocal(PARKED, { carts: carts.filter((c) => c.id !== id) });
  return taken;
}

/** The parked carts of this device, oldest first. */
export function parkedCarts$(db: VitrineDatabase): Observable<ParkedCart[]> {
  return localDocument$(db, PARKED).pipe(map((doc) => ParkedListSchema.parse(doc?.toJSON().data).carts));
}
