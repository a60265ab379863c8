import type { VitrineDatabase } from '../../db/database.js';
import type { DeviceEnrollment } from '../../device/enrollment.js';

/**
 * Takes the next receipt number of this device (store-device-sequence, e.g. `S1-03-000123`), durably, before the sale
 * is written: a crash between the two leaves a gap in the sequence, never a number used twice.
 * (Placeholder until devices get their number in the store at enrollment.)
 */
export async function takeReceiptNumber(db: VitrineDatabase, enrollment: DeviceEnrollment): Promise<string> {
  const doc = await db.getLocal<{ next: number }>('receipt-sequence');
  const next = doc?.toJSON().data.next ?? 1;
  await db.upsertLocal('receipt-sequence', { next: next + 1 });
  return `${enrollment.storeId}-00-${String(next).padStart(6, '0')}`;
}
