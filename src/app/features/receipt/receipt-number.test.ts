import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { completeCashSale, ReceiptNumberSchema } from '../../../domain/index.js';
import { fixedClock, storeS1 } from '../../../domain/testing/fixtures.js';
import { createVitrineDatabase, type VitrineDatabase } from '../../db/database.js';
import type { DeviceEnrollment } from '../../device/enrollment.js';
import { deviceSegment, formatReceiptNumber, parseReceiptNumber, takeReceiptNumber } from './receipt-number.js';

let db: VitrineDatabase | undefined;
let n = 0;
afterEach(async () => {
  await db?.remove();
  db = undefined;
});
const open = async () =>
  (db = await createVitrineDatabase({ storage: getRxStorageMemory(), name: `receipts${++n}`, devMode: true, collections: ['sales'] }));

const enrollment = (over: Partial<DeviceEnrollment> = {}): DeviceEnrollment => ({
  token: 'x'.repeat(20),
  deviceId: 'dev-1',
  deviceName: 'Caixa 3',
  storeId: 'S1',
  store: storeS1,
  deviceNumber: 3,
  enrolledAt: '2026-01-01T00:00:00.000Z',
  storage: 'persisted',
  ...over,
});

describe('receipt numbers', () => {
  it('read store, device number in two digits and a six-digit sequence, e.g. S1-03-000123', () => {
    expect(formatReceiptNumber('S1', deviceSegment(enrollment()), 123)).toBe('S1-03-000123');
    expect(formatReceiptNumber('S1', deviceSegment(enrollment({ deviceNumber: 12 })), 1)).toBe('S1-12-000001');
  });

  it('grow past two device digits and six sequence digits instead of wrapping', () => {
    expect(formatReceiptNumber('S1', deviceSegment(enrollment({ deviceNumber: 123 })), 1_234_567)).toBe('S1-123-1234567');
  });

  it('on a device enrolled before numbering, use a stable four-digit number from 9000 the server does not hand out', () => {
    const old = enrollment({ deviceNumber: undefined, deviceId: '0190a3c4-0000-7000-8000-00000000abcd' });
    delete old.deviceNumber;
    const segment = deviceSegment(old);
    expect(segment).toMatch(/^9\d{3}$/);
    expect(deviceSegment({ ...old })).toBe(segment);
    expect(ReceiptNumberSchema.safeParse(formatReceiptNumber('S1', segment, 1)).success).toBe(true);
  });

  it('parse back into their parts for any store id, device number and sequence (property)', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_-]{0,19}$/),
        fc.integer({ min: 1, max: 9_999 }),
        fc.integer({ min: 1, max: 999_999_999 }),
        (storeId, deviceNumber, sequence) => {
          const text = formatReceiptNumber(storeId, deviceSegment({ deviceId: 'd', deviceNumber }), sequence);
          expect(ReceiptNumberSchema.safeParse(text).success).toBe(true);
          expect(parseReceiptNumber(text)).toEqual({ storeId, device: String(deviceNumber).padStart(2, '0'), sequence });
        },
      ),
    );
  });

  it('are refused past the widest sequence rather than printed wrong', () => {
    expect(() => formatReceiptNumber('S1', '03', 1_000_000_000)).toThrow(RangeError);
    expect(() => formatReceiptNumber('S1', '03', 0)).toThrow(RangeError);
  });
});

describe('takeReceiptNumber', () => {
  it('counts up from 1 on a new device', async () => {
    const db = await open();
    expect(await takeReceiptNumber(db, enrollment())).toBe('S1-03-000001');
    expect(await takeReceiptNumber(db, enrollment())).toBe('S1-03-000002');
  });

  it('never hands out a number twice when the sale after it was never written (a crash leaves a gap)', async () => {
    const db = await open();
    const taken = await takeReceiptNumber(db, enrollment());
    // The till died here, before writing the sale: the next sale gets the next number, not this one again.
    expect(await takeReceiptNumber(db, enrollment())).not.toBe(taken);
  });

  it('gives distinct numbers to sales completed at the same moment (two tabs of one till)', async () => {
    const db = await open();
    const numbers = await Promise.all(Array.from({ length: 25 }, () => takeReceiptNumber(db, enrollment())));
    expect(new Set(numbers).size).toBe(25);
    expect(numbers.map((x) => parseReceiptNumber(x)!.sequence).sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
  });

  it('starts after the sales this device already rang when it has no sequence stored (an app from before)', async () => {
    const db = await open();
    const sale = completeCashSale({
      store: storeS1,
      deviceId: 'dev-1',
      associateId: 'S1-1001',
      lines: [{ sku: 'TEN-0001-42-PRE', name: 'Tênis', quantity: 1, unitPrice: 1000, taxClass: 'standard' }],
      cashTendered: 1000,
      receiptNumber: 'S1-03-000041',
      newId: () => '01900000-0000-7000-8000-000000000001',
      clock: fixedClock(),
    });
    await db.sales.insert(sale);
    expect(await takeReceiptNumber(db, enrollment())).toBe('S1-03-000042');
  });
});
