import { z } from 'zod';

/**
 * The parts of a store's settings that the chain's systems send (PUT /api/stores/{id}) and every device reads from
 * the `stores` collection: where the store is, when it opens, how long it holds pickups, what an associate may
 * discount, how long customers may return, and where Pix payments go.
 */

/**
 * Where the store is, fields as in an order's shipping address (order/schema.ts); `country` is ISO 3166-1 alpha-2,
 * `region` the state or province ("SP").
 */
export const StoreAddressSchema = z.object({
  street: z.string().trim().min(1).max(160),
  number: z.string().trim().min(1).max(20),
  /** Floor, unit or shopping-centre space ("Loja 12"). */
  complement: z.string().trim().max(80).optional(),
  /** The neighbourhood (bairro in Brazil). */
  district: z.string().trim().max(80).optional(),
  city: z.string().trim().min(1).max(80),
  region: z.string().trim().min(1).max(40),
  postalCode: z.string().trim().min(1).max(16),
  country: z.string().regex(/^[A-Z]{2}$/, 'must be a two-letter ISO 3166-1 code, e.g. "BR"'),
});
export type StoreAddress = z.infer<typeof StoreAddressSchema>;

/** WGS 84 degrees, as a map shows them; used to find the nearest store that has an item. */
export const CoordinatesSchema = z.object({
  lat: z.number().min(-90, 'latitude is from -90 to 90').max(90, 'latitude is from -90 to 90'),
  lon: z.number().min(-180, 'longitude is from -180 to 180').max(180, 'longitude is from -180 to 180'),
});
export type Coordinates = z.infer<typeof CoordinatesSchema>;

export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** "HH:MM" on a 24-hour clock, "24:00" being the end of the day. Fixed width, so strings compare as times. */
const TIME_OF_DAY = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const TimeOfDaySchema = z.string().regex(TIME_OF_DAY, 'must be HH:MM from 00:00 to 24:00');
/** `a` is earlier than `b`; only judged between well-formed times (a malformed one has its own error). */
const earlier = (a: string, b: string) => TIME_OF_DAY.test(a) && TIME_OF_DAY.test(b) && a < b;

const OpeningIntervalSchema = z
  .object({ opens: TimeOfDaySchema, closes: TimeOfDaySchema })
  .refine((i) => !earlier(i.closes, i.opens) && i.opens !== i.closes, {
    message: 'must close after it opens (split hours past midnight over two days)',
    path: ['closes'],
  });

/** A day's opening intervals in order, not overlapping; an empty list is a closed day (a lunch break is two). */
const DayHoursSchema = z
  .array(OpeningIntervalSchema)
  .max(4)
  .superRefine((intervals, ctx) => {
    for (let i = 1; i < intervals.length; i++) {
      if (earlier(intervals[i]!.opens, intervals[i - 1]!.closes))
        ctx.addIssue({ code: 'custom', message: 'must start after the previous interval closes', path: [i, 'opens'] });
    }
  });

/** Opening hours per weekday, in the store's local time (its `timeZone`). */
export const OpeningHoursSchema = z.object(
  Object.fromEntries(WEEKDAYS.map((day) => [day, DayHoursSchema])) as Record<Weekday, typeof DayHoursSchema>,
);
export type OpeningHours = z.infer<typeof OpeningHoursSchema>;

const DaysSchema = z.int().min(0).max(365);

/** How many days after a purchase a customer may return it: a default, and categories (Product.category) that differ. */
export const ReturnWindowsSchema = z.object({
  defaultDays: DaysSchema,
  byCategory: z.record(z.string().min(1).max(80), DaysSchema),
});
export type ReturnWindows = z.infer<typeof ReturnWindowsSchema>;

/**
 * How much store credit or gift card a till of the store may take without checking the balance with the server (the
 * network is down), per payment, in the store's minor units. The server reconciles such a sale when it arrives and
 * flags an overdrawn credit for a manager; the limit is the risk the store accepts. Absent: 0, never offline.
 */
export const OfflineCreditLimitSchema = z.int().min(0).max(100_000_000);

/** The Pix key types of the Banco Central's DICT: CPF, CNPJ, e-mail, phone (+55…) or a random key (EVP). */
export const PixKeySchema = z
  .string()
  .trim()
  .min(1)
  .max(77)
  .refine(isPixKey, 'must be a CPF or CNPJ (digits only), an e-mail, a phone as +55 and 10 or 11 digits, or a random key (UUID)');

/**
 * Where a Pix payment at this store goes. Name and city are printed in the BR Code the till shows, which limits them
 * to 25 and 15 characters.
 */
export const PixSettingsSchema = z.object({
  key: PixKeySchema,
  merchantName: z.string().trim().min(1).max(25),
  merchantCity: z.string().trim().min(1).max(15),
});
export type PixSettings = z.infer<typeof PixSettingsSchema>;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const EVP = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isPixKey(key: string): boolean {
  if (/^\d{11}$/.test(key)) return isCpf(key);
  if (/^\d{14}$/.test(key)) return isCnpj(key);
  if (/^\+55\d{10,11}$/.test(key)) return true;
  return EVP.test(key) || EMAIL.test(key);
}

/** CPF check digits (mod 11); a run of one digit ("111.111.111-11") passes the arithmetic but is not issued. */
export function isCpf(digits: string): boolean {
  if (!/^\d{11}$/.test(digits) || /^(\d)\1{10}$/.test(digits)) return false;
  const check = (length: number) => {
    let sum = 0;
    for (let i = 0; i < length; i++) sum += Number(digits[i]) * (length + 1 - i);
    const rest = (sum * 10) % 11;
    return rest === 10 ? 0 : rest;
  };
  return check(9) === Number(digits[9]) && check(10) === Number(digits[10]);
}

/** CNPJ check digits (mod 11 with weights 2..9 from the right). */
export function isCnpj(digits: string): boolean {
  if (!/^\d{14}$/.test(digits) || /^(\d)\1{13}$/.test(digits)) return false;
  const check = (length: number) => {
    let sum = 0;
    for (let i = 0; i < length; i++) sum += Number(digits[length - 1 - i]) * ((i % 8) + 2);
    const rest = sum % 11;
    return rest < 2 ? 0 : 11 - rest;
  };
  return check(12) === Number(digits[12]) && check(13) === Number(digits[13]);
}

/**
 * The store's cash rounding: cash amounts due are rounded to the nearest multiple of this many minor units (5 in the
 * Netherlands or Finland, 1 — no rounding — in Brazil), halves up. A store setting; absent means 1.
 */
export const CashRoundingSchema = z.union([z.literal(1), z.literal(5), z.literal(10), z.literal(25), z.literal(50), z.literal(100)]);
export type CashRounding = z.infer<typeof CashRoundingSchema>;

/**
 * Where tax is rounded to the minor unit, a store setting:
 * - `line`: each line's tax is rounded on its own (today's receipts; what most US point-of-sale systems do).
 *   The sale's tax is the sum of rounded line taxes, so it may differ from the tax of the sale's total by a few
 *   centavos.
 * - `total`: the tax of all lines at one rate is rounded once, on their summed net (the EU VAT invoice rule, and
 *   NFC-e's sum); that tax is then shared out to the lines by largest remainder, so each line still shows its tax and
 *   the lines still add up to the sale exactly. A line's tax then differs from its own rounding by at most 1.
 */
export const TaxRoundingSchema = z.enum(['line', 'total']);
export type TaxRounding = z.infer<typeof TaxRoundingSchema>;

/** An IANA time zone the runtime knows ("America/Sao_Paulo"). */
export const TimeZoneSchema = z.string().min(1).max(64).refine(isTimeZone, 'must be an IANA time zone, e.g. "America/Sao_Paulo"');

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** A BCP 47 tag used for Intl formatting of money and dates ("pt-BR"). */
export const LocaleSchema = z.string().min(2).max(35).refine(isLocale, 'must be a BCP 47 language tag, e.g. "pt-BR"');

function isLocale(tag: string): boolean {
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
}
