import { afterEach, describe, expect, it } from 'vitest';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { completeCashSale, DomainError, ErrorCode } from '../../domain/index.js';
import { fixedClock, sequentialIds, storeS1 } from '../../domain/testing/fixtures.js';
import { createVitrineDatabase, type VitrineDatabase } from '../db/database.js';
import type { FetchLike } from '../db/http.js';
import { enrollDevice, loadEnrollment, resetDevice, saveEnrollment } from './enrollment.js';

let db: VitrineDatabase | undefined;
let n = 0;
afterEach(async () => {
  if (db && !db.closed) await db.remove();
  db = undefined;
});

const answer =
  (status: number, body: unknown): FetchLike =>
  async () =>
    new Response(JSON.stringify(body), { status });
const form = { code: 'ABCD-EFGH-JKLM', name: 'Till 1' };

describe('enrollment', () => {
  it('refuses an incomplete form with field errors before calling the server', async () => {
    let called = false;
    const fetch: FetchLike = async () => {
      called = true;
      return new Response('{}');
    };
    const error = await enrollDevice({ baseUrl: 'http://x', form: { code: '', name: '' }, fetch }).catch((e) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).fieldErrors.map((f) => f.path).sort()).toEqual(['code', 'name']);
    expect(called).toBe(false);
  });

  it("surfaces the server's code and field errors", async () => {
    const fetch = answer(403, {
      error: { code: 'ENROLLMENT_CODE_INVALID', message: 'unknown', fieldErrors: [{ path: 'code', message: 'code is not known' }] },
    });
    const error = (await enrollDevice({ baseUrl: 'http://x', form, fetch }).catch((e) => e)) as DomainError;
    expect(error.code).toBe(ErrorCode.ENROLLMENT_CODE_INVALID);
    expect(error.fieldErrors).toEqual([{ path: 'code', message: 'code is not known' }]);
  });

  it('persists the enrollment in the database; a reset needs a manager and is refused while sales are pending', async () => {
    const fetch = answer(200, { token: 'x'.repeat(32), storeId: 'S1', deviceId: 'dev-1', store: storeS1 });
    const enrollment = await enrollDevice({ baseUrl: 'http://x', form, fetch, requestPersistence: async () => 'refused' });
    expect(enrollment).toMatchObject({ storeId: 'S1', deviceId: 'dev-1', deviceName: 'Till 1', storage: 'refused' });

    db = await createVitrineDatabase({ storage: getRxStorageMemory(), name: `enroll${++n}`, devMode: true });
    await saveEnrollment(db, enrollment);
    expect(await loadEnrollment(db)).toEqual(enrollment);

    const sale = completeCashSale({
      store: storeS1,
      deviceId: 'dev-1',
      associateId: 'A-7',
      lines: [{ sku: 'SKU-1', name: 'P', quantity: 1, unitPrice: 1000, taxClass: 'standard' }],
      cashTendered: 1000,
      newId: sequentialIds(),
      clock: fixedClock(),
    });
    await db.sales.insert(sale);
    for (const signedIn of [null, { role: 'associate' as const }, { role: 'pickup' as const }]) {
      expect(((await resetDevice(db, signedIn).catch((e) => e)) as DomainError).code).toBe(ErrorCode.FORBIDDEN);
    }
    const error = (await resetDevice(db, { role: 'manager' }).catch((e) => e)) as DomainError;
    expect(error.code).toBe(ErrorCode.PENDING_SALES_BLOCK_RESET);
    expect(await loadEnrollment(db)).not.toBeNull();

    await (await db.sales.findOne(sale.id).exec())!.incrementalPatch({
      outcome: { status: 'accepted', code: null, message: null, decidedAt: '2026-11-23T16:06:00.000Z' },
    });
    await resetDevice(db, { role: 'manager' });
    expect(db.closed).toBe(true);
  });
});
