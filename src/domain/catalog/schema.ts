import { z } from 'zod';
import { CurrencyCodeSchema, MoneySchema } from '../kernel/money.js';
import { ID_MAX_LENGTH } from '../kernel/ids.js';
import { isValidGtin } from './barcode.js';
import {
  CashRoundingSchema,
  CoordinatesSchema,
  LocaleSchema,
  OfflineCreditLimitSchema,
  OpeningHoursSchema,
  PixSettingsSchema,
  ReturnWindowsSchema,
  StoreAddressSchema,
  TaxRoundingSchema,
  TimeZoneSchema,
} from './store-settings.js';

export const TaxClassSchema = z.enum(['standard', 'reduced', 'exempt']);
export type TaxClass = z.infer<typeof TaxClassSchema>;

/** Tax rates in basis points (1800 = 18 %), one per tax class. */
export const TaxRatesSchema = z.object({
  standard: z.int().min(0).max(10_000),
  reduced: z.int().min(0).max(10_000),
  exempt: z.int().min(0).max(10_000),
});
export type TaxRates = z.infer<typeof TaxRatesSchema>;

export const StoreIdSchema = z
  .string()
  .min(1)
  .max(32)
  .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, "-" and "_" only');

export const PickupInstructionsSchema = z.object({
  text: z.string().trim().min(1).max(1_000),
  /** A picture of where to go (the counter, the curbside bays): an https: address the page shows as it is. */
  imageUrl: z
    .url({ protocol: /^https$/ })
    .max(500)
    .nullable(),
});
export type PickupInstructions = z.infer<typeof PickupInstructionsSchema>;

/**
 * A store's settings as the chain's systems send them with PUT /api/stores/{id} (a PUT replaces them all). Money
 * settings are in the store's `currency`; hours in its `timeZone`.
 */
export const StoreSettingsSchema = z.object({
  name: z.string().min(1).max(120),
  address: StoreAddressSchema,
  coordinates: CoordinatesSchema,
  openingHours: OpeningHoursSchema,
  currency: CurrencyCodeSchema,
  /** BCP 47 tag used for Intl formatting of money and dates on the store's devices. */
  locale: LocaleSchema,
  timeZone: TimeZoneSchema,
  /** The tax mode: Brazil and most of Europe print shelf prices with tax included; the US does not. */
  pricesIncludeTax: z.boolean(),
  taxRates: TaxRatesSchema,
  /** Days a pickup order waits, reserved, once ready before it expires and its stock is released. */
  pickupHoldDays: z.int().min(1).max(60),
  /**
   * The largest discount an associate may give on a sale without a manager, as a share of its total in basis
   * points (1000 = 10 %). A share rather than an amount, so one rule fits a R$ 19 pair of socks and a R$ 799 pair of
   * shoes; a manager's PIN allows more.
   */
  discountLimitBasisPoints: z.int().min(0).max(10_000),
  returnWindows: ReturnWindowsSchema,
  /** Where Pix payments at this store go; absent where Pix is not offered (outside Brazil). */
  pix: PixSettingsSchema.optional(),
  /** Seconds a signed-in device may sit untouched before it signs out; 0 = never; absent = the default (staff/idle.ts). */
  idleSignOutSeconds: z.int().min(0).max(86_400).optional(),
  /** Cash amounts due round to this step (5 in the Netherlands); absent: 1, no rounding (Brazil). */
  cashRounding: CashRoundingSchema.optional(),
  /** Where tax is rounded to the minor unit; absent: per line. */
  taxRounding: TaxRoundingSchema.optional(),
  /** What the customer's pickup page says about collecting here (where to go, where to park), with a picture. */
  pickupInstructions: PickupInstructionsSchema.optional(),
  /**
   * Within this many metres of the store's coordinates the customer's pickup page checks them in by itself (when
   * they share their location with it); absent: only "I'm here" does.
   */
  pickupGeofenceMeters: z.int().min(20).max(5_000).optional(),
  /** Store credit a till may take offline, per payment, in minor units (store-settings.ts); absent: 0. */
  offlineCreditLimit: OfflineCreditLimitSchema.optional(),
});
export type StoreSettings = z.infer<typeof StoreSettingsSchema>;

/**
 * A store as the server keeps it and devices read it (enrollment answer, `stores` collection). The settings added
 * with the integration API are optional here: a device enrolled before them holds its store without them.
 */
export const StoreSchema = z
  .object({ id: StoreIdSchema, ...StoreSettingsSchema.shape })
  .partial({ address: true, coordinates: true, openingHours: true, pickupHoldDays: true, discountLimitBasisPoints: true, returnWindows: true });
export type Store = z.infer<typeof StoreSchema>;

export const DeviceSchema = z.object({
  id: z.string().min(1).max(ID_MAX_LENGTH),
  storeId: StoreIdSchema,
  name: z.string().min(1).max(80),
  enrolledAt: z.iso.datetime(),
  revokedAt: z.iso.datetime().nullable(),
  /** The device's number in its store (1, 2, 3…), given at enrollment: the middle of its receipt numbers. Absent on devices enrolled before numbering. */
  number: z.int().min(1).max(9_999).optional(),
});
export type Device = z.infer<typeof DeviceSchema>;

export const SkuSchema = z
  .string()
  .min(1)
  .max(40)
  .regex(/^[A-Z0-9-]+$/, 'upper-case letters, digits and "-" only');

export const BarcodeSchema = z
  .string()
  .min(8)
  .max(14)
  .regex(/^\d{8,14}$/, 'must be 8 to 14 digits')
  .refine(isValidGtin, 'check digit does not match (EAN-8, UPC-A, EAN-13 or GTIN-14)');

export const ProductSchema = z.object({
  sku: SkuSchema,
  /** The GTIN printed on the tag; the scan-lookup key (indexed on the device). */
  barcode: BarcodeSchema,
  name: z.string().min(1).max(160),
  /** normalizeSearchText(name): derived by the server, indexed on the device for prefix search. */
  searchName: z.string().max(160),
  brand: z.string().min(1).max(80),
  category: z.string().min(1).max(80),
  /** Groups the size and colour variants of one style. */
  styleCode: z.string().min(1).max(40),
  size: z.string().max(16).nullable(),
  colour: z.string().max(40).nullable(),
  price: MoneySchema,
  taxClass: TaxClassSchema,
  active: z.boolean(),
  /**
   * The product's picture, a path on the Vitrine server under /images/ (the app's Content-Security-Policy loads images
   * from its own origin only; the service worker caches them for offline use). Absent: the app shows a placeholder.
   * Segments never start with a dot, so no path climbs out of /images/.
   */
  imageUrl: z
    .string()
    .max(300)
    .regex(/^\/images(?:\/[A-Za-z0-9_-][A-Za-z0-9._-]*)+$/, 'a path under /images/ on this server')
    .optional(),
  /**
   * Final sale, or not returnable (hygiene items, clearance sold as final): taken back only with a manager's PIN and a
   * reason, except an online order's 7 statutory days (return/eligibility.ts). Absent: the store's return windows.
   */
  finalSale: z.boolean().optional(),
});
export type Product = z.infer<typeof ProductSchema>;

/** Products as apps before final-sale items stored them (products schema v1). */
export const ProductSchemaV1 = ProductSchema.omit({ finalSale: true });
export type ProductV1 = z.infer<typeof ProductSchemaV1>;

/** Products as apps before product images stored them (products schema v0). */
export const ProductSchemaV0 = ProductSchema.omit({ imageUrl: true, finalSale: true });
export type ProductV0 = z.infer<typeof ProductSchemaV0>;
