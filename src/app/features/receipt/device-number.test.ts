import { afterEach, describe, expect, it } from 'vitest';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { storeS1 } from '../../../domain/testing/fixtures.js';
import { createVitrineDatabase, type VitrineDatabase } from '../../db/database.js';
import { loadEnrollment, saveEnrollment, type DeviceEnrollment } from '../../device/enrollment.js';
import { learnDeviceNumber } from './device-number.js';
import { takeReceiptNumber } from './receipt-number.js';

let db: VitrineDatabase | undefined;
let n = 0;
afterEach(async () => {
  await db?.remove();
  db = undefined;
});
const open = async () =>
  (db = await createVitrineDatabase({ storage: getRxStorageMemory(), name: `device-number${++n}`, devMode: true, collections: ['sales'] }));

const legacy: DeviceEnrollment = {
  token: 'x'.repeat(20),
  deviceId: 'dev-old',
  deviceName: 'Caixa antigo',
  storeId: 'S1',
  store: storeS1,
  enrolledAt: '2025-01-01T00:00:00.000Z',
  storage: 'persisted',
};
const answering = (body: unknown) => async () => new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });

describe('a device enrolled before device numbers', () => {
  it('keeps the number the server gives it, and its next receipt carries it with the sequence carried on', async () => {
    const db = await open();
    await saveEnrollment(db, legacy);
    const before = await takeReceiptNumber(db, legacy);
    expect(before).toMatch(/^S1-9\d{3}-000001$/);

    expect(await learnDeviceNumber(db, legacy, { baseUrl: 'http://server', fetch: answering({ deviceId: 'dev-old', deviceNumber: 4 }) })).toBe(true);
    const enrollment = (await loadEnrollment(db))!;
    expect(enrollment.deviceNumber).toBe(4);
    expect(await takeReceiptNumber(db, enrollment)).toBe('S1-04-000002');
  });

  it('stays as it was while offline, or when the server answers for another device or without a number', async () => {
    const db = await open();
    await saveEnrollment(db, legacy);
    const offline = async () => {
      throw new TypeError('Failed to fetch');
    };
    expect(await learnDeviceNumber(db, legacy, { baseUrl: 'http://server', fetch: offline })).toBe(false);
    expect(await learnDeviceNumber(db, legacy, { baseUrl: 'http://server', fetch: answering({ deviceId: 'someone-else', deviceNumber: 2 }) })).toBe(
      false,
    );
    expect(await learnDeviceNumber(db, legacy, { baseUrl: 'http://server', fetch: answering({ deviceId: 'dev-old' }) })).toBe(false);
    expect((await loadEnrollment(db))!.deviceNumber).toBeUndefined();
  });

  it('asks nothing once it has a number', async () => {
    const db = await open();
    const never = async () => {
      throw new Error('must not be called');
    };
    expect(await learnDeviceNumber(db, { ...legacy, deviceNumber: 2 }, { baseUrl: 'http://server', fetch: never })).toBe(true);
  });
});
