import { DomainError, ErrorCode, type Clock, type EnrollRequest, type EnrollResponse, type IdGenerator } from '../../src/domain/index.js';
import { queryRows } from '../outbox/sql.js';
import { registerDeviceKey } from '../proof/device-keys.js';
import type { StoreTx, SyncStore } from '../store/store.js';
import { hashEnrollmentCode, hashSecret, newDeviceToken, newEnrollmentCode } from './tokens.js';

export const ENROLLMENT_CODE_HOURS_DEFAULT = 24;

/** Mints a one-time code a manager gives to a new till; only its hash is kept. Unknown store → NOT_FOUND. */
export async function mintEnrollmentCode(
  store: SyncStore,
  storeId: string,
  { clock, hours = ENROLLMENT_CODE_HOURS_DEFAULT }: { clock: Clock; hours?: number },
): Promise<{ code: string; expiresAt: string }> {
  if (!(hours > 0)) throw new RangeError('hours must be positive');
  const code = newEnrollmentCode();
  const now = clock();
  const expiresAt = new Date(now.getTime() + hours * 3_600_000).toISOString();
  await store.transaction(async (tx) => {
    if (!(await tx.getStore(storeId))) {
      const known = (await tx.listStores()).map((s) => s.id).join(', ');
      throw new DomainError(ErrorCode.NOT_FOUND, `no store "${storeId}" (known: ${known || 'none'})`);
    }
    await tx.insertEnrollmentCode({
      codeHash: hashEnrollmentCode(code),
      storeId,
      createdAt: now.toISOString(),
      expiresAt,
      usedAt: null,
      deviceId: null,
    });
  });
  return { code, expiresAt };
}

/**
 * Trades a one-time code for a device token. The code is marked used in the same transaction as the device insert,
 * so two tablets racing with the same code cannot both enroll.
 */
export async function enrollDevice(
  store: SyncStore,
  request: EnrollRequest,
  { clock, newId }: { clock: Clock; newId: IdGenerator },
): Promise<EnrollResponse> {
  const codeHash = hashEnrollmentCode(request.code);
  const token = newDeviceToken();
  return store.transaction(async (tx) => {
    const now = clock().toISOString();
    const code = await tx.findEnrollmentCode(codeHash);
    if (!code || code.usedAt !== null || code.expiresAt <= now) {
      const why = !code ? 'is not known' : code.usedAt !== null ? 'was already used' : 'has expired';
      throw new DomainError(ErrorCode.ENROLLMENT_CODE_INVALID, `this enrollment code ${why}; ask a manager for a new one`, [
        { path: 'code', message: `code ${why}` },
      ]);
    }
    const storeDoc = await tx.getStore(code.storeId);
    if (!storeDoc) throw new DomainError(ErrorCode.INTERNAL, `store ${code.storeId} of an enrollment code is missing`);
    const deviceId = newId();
    await tx.insertDevice({
      id: deviceId,
      storeId: code.storeId,
      name: request.name,
      tokenHash: hashSecret(token),
      enrolledAt: now,
      revokedAt: null,
    });
    await tx.markEnrollmentCodeUsed(codeHash, deviceId, now);
    const deviceNumber = await numberDevice(tx, deviceId, code.storeId);
    // The device's proof-of-purchase key is registered with the device, so no till exists that signs with no key known.
    if (request.publicKey) await registerDeviceKey(tx, { id: deviceId, storeId: code.storeId }, request.publicKey, now);
    return { token, storeId: code.storeId, deviceId, store: storeDoc, deviceNumber };
  });
}

/**
 * Gives a new device the next number of its store (1, 2, 3…; a revoked device keeps its number, never reused, since
 * receipts carry it). Race-free because write transactions are serialised (SQLite's write mutex, PostgreSQL's seq
 * lock taken at BEGIN), and the unique (store_id, number) index would refuse a duplicate anyway.
 */
async function numberDevice(tx: StoreTx, deviceId: string, storeId: string): Promise<number> {
  const [row] = await queryRows<{ number: number | string }>(
    tx.sql,
    'UPDATE devices SET number = (SELECT coalesce(max(number), 0) + 1 FROM devices WHERE store_id = ?) WHERE id = ? RETURNING number',
    [storeId, deviceId],
  );
  if (!row) throw new DomainError(ErrorCode.INTERNAL, `device ${deviceId} vanished while it was being numbered`);
  return Number(row.number);
}

/**
 * A device's number in its store (GET /api/me), numbering on the spot a device enrolled before numbering existed:
 * from its next sale on it prints the number every other till of the store knows it by, instead of its 9xxx fallback.
 */
export async function deviceNumberOf(store: SyncStore, device: { id: string; storeId: string }): Promise<number> {
  const numbered = await storedNumber(store.sql, device.id);
  if (numbered !== null) return numbered;
  return store.transaction(async (tx) => (await storedNumber(tx.sql, device.id)) ?? numberDevice(tx, device.id, device.storeId));
}

async function storedNumber(sql: StoreTx['sql'] | SyncStore['sql'], deviceId: string): Promise<number | null> {
  const [row] = await queryRows<{ number: number | string | null }>(sql, 'SELECT number FROM devices WHERE id = ?', [deviceId]);
  return row?.number === null || row?.number === undefined ? null : Number(row.number);
}
