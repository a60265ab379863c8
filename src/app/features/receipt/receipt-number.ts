import { ReceiptNumberSchema } from '../../../domain/index.js';
import type { VitrineDatabase } from '../../db/database.js';
import type { DeviceEnrollment } from '../../device/enrollment.js';

/**
 * Receipt numbers unique without the network: `store-device-sequence`, e.g. `S1-03-000123`.
 *  - store: the store's id;
 *  - device: the device's number in its store, given by the server at enrollment (1, 2, 3… per store), two digits,
 *    more past 99. Devices enrolled before numbering existed have none: they print `9000 + (a hash of their device
 *    id mod 1000)`, four digits the server will not hand out before a store has 9,000 devices. Two such old devices
 *    of one store collide with a chance of 1 in 1,000 until they learn their number from the server (device-number.ts). The sale's id stays
 *    the key everything else uses; the receipt number is for people.
 *  - sequence: this device's own counter, six digits (more past 999,999), taken durably before the sale is written.
 */

const SEQUENCE_KEY = 'receipt-sequence';
const LEGACY_DEVICE_BASE = 9_000;
const MAX_SEQUENCE = 999_999_999;

/** The device part of this device's receipt numbers. */
export function deviceSegment(enrollment: Pick<DeviceEnrollment, 'deviceId' | 'deviceNumber'>): string {
  const number = enrollment.deviceNumber ?? LEGACY_DEVICE_BASE + (fnv1a(enrollment.deviceId) % 1_000);
  return String(number).padStart(2, '0');
}

export function formatReceiptNumber(storeId: string, device: string, sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > MAX_SEQUENCE) throw new RangeError(`receipt sequence ${sequence} is out of range`);
  return ReceiptNumberSchema.parse(`${storeId}-${device}-${String(sequence).padStart(6, '0')}`);
}

/** The parts of a receipt number; null when it is not one. The store id may itself contain dashes. */
export function parseReceiptNumber(text: string): { storeId: string; device: string; sequence: number } | null {
  if (!ReceiptNumberSchema.safeParse(text).success) return null;
  const match = /^(.+)-(\d{2,4})-(\d{6,9})$/.exec(text);
  return match ? { storeId: match[1]!, device: match[2]!, sequence: Number(match[3]) } : null;
}

/**
 * Takes the next receipt number of this device, durably, before the sale is written: a crash between the two
 * leaves a gap in the sequence, never a number used twice. Two tabs of the till take numbers one at a time (a Web
 * Lock where the browser has them, else a queue in this page).
 */
export async function takeReceiptNumber(db: VitrineDatabase, enrollment: DeviceEnrollment): Promise<string> {
  return exclusively(db, async () => {
    const doc = await db.getLocal<{ next: number }>(SEQUENCE_KEY);
    const next = doc?.toJSON().data.next ?? (await sequenceAfterLastSale(db, enrollment));
    const receiptNumber = formatReceiptNumber(enrollment.storeId, deviceSegment(enrollment), next);
    await db.upsertLocal(SEQUENCE_KEY, { next: next + 1 });
    return receiptNumber;
  });
}

/**
 * Where a device without a stored sequence starts: after the highest sequence its sales in this database already
 * used (a device that rang sales with an earlier app), else 1.
 */
async function sequenceAfterLastSale(db: VitrineDatabase, enrollment: DeviceEnrollment): Promise<number> {
  const sales = await db.sales.find({ selector: { deviceId: enrollment.deviceId } }).exec();
  let highest = 0;
  for (const sale of sales) {
    const parsed = parseReceiptNumber(sale.receiptNumber);
    if (parsed) highest = Math.max(highest, parsed.sequence);
  }
  return highest + 1;
}

const queues = new WeakMap<VitrineDatabase, Promise<unknown>>();

async function exclusively<T>(db: VitrineDatabase, task: () => Promise<T>): Promise<T> {
  const previous = queues.get(db) ?? Promise.resolve();
  const run = previous.then(() => withWebLock(`vitrine-${db.name}-${SEQUENCE_KEY}`, task));
  queues.set(
    db,
    run.catch(() => undefined),
  );
  return run;
}

async function withWebLock<T>(name: string, task: () => Promise<T>): Promise<T> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  return locks ? locks.request(name, task) : task();
}

/** FNV-1a, 32 bits: a stable small hash of the device id (no crypto needed, only spread). */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
