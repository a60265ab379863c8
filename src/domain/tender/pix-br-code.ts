import { z } from 'zod';
import { PixKeySchema } from '../catalog/store-settings.js';
import { ErrorCode, fail, ok, type Result } from '../kernel/errors.js';
import { parseOrThrow } from '../kernel/validation.js';
import { foldToAscii, isPrintableAscii } from './ascii-text.js';
import { crc16Ccitt } from './crc16.js';
import { decodeTlv, encodeTlv, type TlvField } from './emv-tlv.js';

/**
 * Pix BR Code ("copia e cola"), per the Banco Central's "Manual de Padrões para Iniciação do Pix": the EMV QR payload
 * a customer's bank app reads to pay the store's Pix key a fixed amount. Pure text; drawing the QR is the UI's job.
 */

const PIX_GUI = 'br.gov.bcb.pix';
const BRL_NUMERIC = '986';
export const PIX_MERCHANT_NAME_MAX = 25;
export const PIX_MERCHANT_CITY_MAX = 15;
/** Field 54 holds at most 13 characters ("9999999999.99"). */
const PIX_AMOUNT_MAX = 999_999_999_999;

/** The transaction id the payment carries back to the store: 1 to 25 letters and digits (field 62-05). */
export const PixTxidSchema = z.string().regex(/^[A-Za-z0-9]{1,25}$/, 'must be 1 to 25 letters (A–Z, a–z) and digits');

export const PixChargeSchema = z.object({
  key: PixKeySchema.refine(isPrintableAscii, 'must be plain ASCII'),
  merchantName: z.string().min(1),
  merchantCity: z.string().min(1),
  /** Centavos; the charge is always for the amount the till asks for. */
  amount: z.int().min(1).max(PIX_AMOUNT_MAX),
  txid: PixTxidSchema,
  /** ISO 18245 merchant category code; "0000" (not informed) is what the Banco Central's examples use. */
  merchantCategoryCode: z
    .string()
    .regex(/^\d{4}$/, 'must be four digits')
    .default('0000'),
});
export type PixCharge = z.input<typeof PixChargeSchema>;

/**
 * A txid for a tender from its id: its letters and digits, the last 25 (a UUIDv7's random tail, so two tenders never
 * share one). The id itself stays the tender's identity; the txid is what the bank statement shows.
 */
export function pixTxidFor(id: string): string {
  const txid = id.replace(/[^A-Za-z0-9]/g, '').slice(-25);
  return parseOrThrow(PixTxidSchema, txid, ['txid']);
}

/**
 * The payload for one charge. Point of initiation is "12" (single use) because the code is for one sale: the
 * customer's app warns before paying it twice. Name and city are folded to ASCII and cut to 25 and 15 characters.
 * Throws a DomainError (VALIDATION_FAILED, field errors) when the store's Pix settings or the amount cannot make one.
 */
export function pixBrCode(charge: PixCharge): string {
  const input = parseOrThrow(PixChargeSchema, charge);
  const merchantName = foldToAscii(input.merchantName, PIX_MERCHANT_NAME_MAX);
  const merchantCity = foldToAscii(input.merchantCity, PIX_MERCHANT_CITY_MAX);
  parseOrThrow(
    z.object({ merchantName: z.string().min(1, 'has no letters left in ASCII'), merchantCity: z.string().min(1, 'has no letters left in ASCII') }),
    {
      merchantName,
      merchantCity,
    },
  );
  const body = [
    encodeTlv('00', '01'),
    encodeTlv('01', '12'),
    encodeTlv('26', encodeTlv('00', PIX_GUI) + encodeTlv('01', input.key)),
    encodeTlv('52', input.merchantCategoryCode),
    encodeTlv('53', BRL_NUMERIC),
    encodeTlv('54', formatPixAmount(input.amount)),
    encodeTlv('58', 'BR'),
    encodeTlv('59', merchantName),
    encodeTlv('60', merchantCity),
    encodeTlv('62', encodeTlv('05', input.txid)),
  ].join('');
  const withCrcHeader = `${body}6304`;
  return withCrcHeader + crc16Ccitt(withCrcHeader);
}

/** What a BR Code says, read back (static or dynamic); amounts in centavos. */
export interface BrCode {
  /** "11" reusable, "12" single use, null when absent (the manual's static example omits it). */
  pointOfInitiation: '11' | '12' | null;
  /** The Pix key (static codes) or null. */
  key: string | null;
  /** The payment location (dynamic codes, field 26-25) or null. */
  url: string | null;
  merchantCategoryCode: string;
  /** Null when the payer types the amount. */
  amount: number | null;
  merchantName: string;
  merchantCity: string;
  /** Field 62-05; "***" when the code carries none. */
  txid: string | null;
}

/** Reads and checks a BR Code: structure, CRC, the Pix arrangement, BRL and Brazil. Never throws. */
export function parseBrCode(payload: string): Result<BrCode> {
  const invalid = (message: string) =>
    fail<BrCode>(ErrorCode.VALIDATION_FAILED, `not a valid Pix BR Code: ${message}`, [{ path: 'payload', message }]);
  if (!isPrintableAscii(payload)) return invalid('it has characters outside plain ASCII');
  const fields = decodeTlv(payload);
  if (!fields) return invalid('its fields do not add up to its length');
  const last = fields.at(-1);
  if (fields[0]?.id !== '00' || fields[0].value !== '01') return invalid('it must start with payload format 01');
  if (last?.id !== '63' || !/^[0-9A-F]{4}$/i.test(last.value)) return invalid('it must end with its CRC (field 63)');
  if (crc16Ccitt(payload.slice(0, -4)) !== last.value.toUpperCase()) return invalid('its CRC does not match: it was altered or mistyped');
  const byId = new Map<string, string>();
  for (const field of fields) {
    if (byId.has(field.id)) return invalid(`field ${field.id} appears twice`);
    byId.set(field.id, field.value);
  }
  const account = findPixAccount(fields);
  if (!account) return invalid('it has no Pix merchant account (br.gov.bcb.pix)');
  const key = account.get('01') ?? null;
  const url = account.get('25') ?? null;
  if (!key === !url) return invalid('it must carry either a Pix key or a payment location');
  if (byId.get('53') !== BRL_NUMERIC) return invalid('its currency is not BRL (986)');
  if (byId.get('58') !== 'BR') return invalid('its country is not BR');
  const merchantCategoryCode = byId.get('52');
  const merchantName = byId.get('59');
  const merchantCity = byId.get('60');
  if (!merchantCategoryCode || !merchantName || !merchantCity) return invalid('it lacks the merchant category, name or city');
  const pointOfInitiation = byId.get('01') ?? null;
  if (pointOfInitiation !== null && pointOfInitiation !== '11' && pointOfInitiation !== '12')
    return invalid('its point of initiation is not 11 or 12');
  const amountText = byId.get('54');
  const amount = amountText === undefined ? null : parsePixAmount(amountText);
  if (amount === undefined) return invalid(`its amount "${amountText}" is not a decimal like 123.45`);
  const additional = byId.has('62') ? decodeTlv(byId.get('62')!) : [];
  if (!additional) return invalid('its additional data field is malformed');
  const txid = additional.find((f) => f.id === '05')?.value ?? null;
  return ok({ pointOfInitiation, key, url, merchantCategoryCode, amount, merchantName, merchantCity, txid });
}

function findPixAccount(fields: TlvField[]): Map<string, string> | null {
  for (const field of fields) {
    const id = Number(field.id);
    if (id < 26 || id > 51) continue;
    const inner = decodeTlv(field.value);
    if (inner?.[0]?.id === '00' && inner[0].value.toLowerCase() === PIX_GUI) return new Map(inner.map((f) => [f.id, f.value]));
  }
  return null;
}

export function formatPixAmount(centavos: number): string {
  return `${Math.floor(centavos / 100)}.${String(centavos % 100).padStart(2, '0')}`;
}

/** Centavos from "123.45", "10.5" or "7"; undefined when it is not such a number. */
function parsePixAmount(text: string): number | undefined {
  const match = /^(\d{1,10})(?:\.(\d{1,2}))?$/.exec(text);
  if (!match) return undefined;
  return Number(match[1]) * 100 + Number((match[2] ?? '0').padEnd(2, '0'));
}
