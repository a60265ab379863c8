import { map, type Observable } from 'rxjs';
import { z } from 'zod';
import {
  can,
  DomainError,
  EnrollRequestSchema,
  EnrollResponseSchema,
  ErrorCode,
  parseWith,
  StoreSchema,
  type FieldError,
  type Role,
} from '../../domain/index.js';
import type { VitrineDatabase } from '../db/database.js';
import { assertNothingPending } from '../db/pending.js';
import { postApi, type FetchLike } from '../db/http.js';
import { localDocument$ } from '../db/local-document.js';
import { createDeviceKey, defaultKeyStore, markDeviceKeyRegistered, type DeviceKeyStore } from './device-key.js';

/** What this device keeps after enrollment, durably (an RxDB local document in IndexedDB). */
export const DeviceEnrollmentSchema = z.object({
  token: z.string().min(20),
  deviceId: z.string(),
  deviceName: z.string(),
  storeId: z.string(),
  store: StoreSchema,
  /** This device's number in its store, from the server at enrollment: the middle of its receipt numbers. Absent on devices enrolled before numbering. */
  deviceNumber: z.int().min(1).max(9_999).optional(),
  /** Before sign-in existed the associate was typed at enrollment; sales now carry the signed-in staff id. */
  associateId: z.string().max(40).optional(),
  enrolledAt: z.string(),
  /** Result of navigator.storage.persist() at enrollment. */
  storage: z.enum(['persisted', 'refused', 'unsupported']),
});
export type DeviceEnrollment = z.infer<typeof DeviceEnrollmentSchema>;

export const EnrollFormSchema = EnrollRequestSchema;
export type EnrollForm = z.infer<typeof EnrollFormSchema>;

const KEY = 'device';

/** Calls POST /api/devices/enroll; throws DomainError with field-level errors (client-side or from the server). */
export async function enrollDevice(options: {
  baseUrl: string;
  form: EnrollForm;
  fetch?: FetchLike;
  now?: () => Date;
  requestPersistence?: () => Promise<DeviceEnrollment['storage']>;
  /** Where the device's proof-of-purchase key lives (IndexedDB by default; null: none, the device signs nothing). */
  keyStore?: DeviceKeyStore | null;
}): Promise<DeviceEnrollment> {
  const parsed = parseWith(EnrollFormSchema, options.form);
  if (!parsed.ok) throw parsed.error;
  const keyStore = options.keyStore === undefined ? defaultKeyStore() : options.keyStore;
  // A new device identity gets a new key, even on a browser that was enrolled before (reset): a key is one device's.
  const key = keyStore ? await createDeviceKey(keyStore) : null;
  const answer = await postApi<unknown>({
    baseUrl: options.baseUrl,
    path: '/api/devices/enroll',
    body: { code: parsed.value.code, name: parsed.value.name, ...(key ? { publicKey: key.publicKey } : {}) },
    fetch: options.fetch,
  });
  const body = EnrollResponseSchema.parse(answer);
  if (keyStore) await markDeviceKeyRegistered(keyStore);
  const storage = await (options.requestPersistence ?? requestPersistentStorage)();
  return {
    token: body.token,
    deviceId: body.deviceId,
    deviceName: parsed.value.name,
    storeId: body.storeId,
    store: body.store,
    ...(body.deviceNumber !== undefined ? { deviceNumber: body.deviceNumber } : {}),
    enrolledAt: (options.now ?? (() => new Date()))().toISOString(),
    storage,
  };
}

/** Asks the browser not to evict IndexedDB (unsynced sales live there). */
export async function requestPersistentStorage(): Promise<DeviceEnrollment['storage']> {
  try {
    if (typeof navigator === 'undefined' || !navigator.storage?.persist) return 'unsupported';
    if (await navigator.storage.persisted?.()) return 'persisted';
    return (await navigator.storage.persist()) ? 'persisted' : 'refused';
  } catch {
    return 'unsupported';
  }
}

export async function saveEnrollment(db: VitrineDatabase, enrollment: DeviceEnrollment): Promise<void> {
  await db.upsertLocal(KEY, DeviceEnrollmentSchema.parse(enrollment));
}

export async function loadEnrollment(db: VitrineDatabase): Promise<DeviceEnrollment | null> {
  const doc = await db.getLocal(KEY);
  if (!doc) return null;
  const parsed = DeviceEnrollmentSchema.safeParse(doc.toJSON().data);
  return parsed.success ? parsed.data : null;
}

export function enrollment$(db: VitrineDatabase): Observable<DeviceEnrollment | null> {
  return localDocument$(db, KEY).pipe(
    map((doc) => {
      if (!doc) return null;
      const parsed = DeviceEnrollmentSchema.safeParse(doc.toJSON().data);
      return parsed.success ? parsed.data : null;
    }),
  );
}

/**
 * POST /api/enrollment-codes: a manager, signed in on this device, mints a code for a new till of this store. The
 * server checks the PIN again against its own verifier. Throws DomainError (PIN_INVALID, FORBIDDEN, RATE_LIMITED…).
 */
export async function createEnrollmentCode(options: {
  baseUrl: string;
  token: string;
  request: { storeId: string; staffNumber: string; pin: string; hours?: number };
  fetch?: FetchLike;
}): Promise<{ code: string; expiresAt: string }> {
  return postApi({ baseUrl: options.baseUrl, token: options.token, path: '/api/enrollment-codes', body: options.request, fetch: options.fetch });
}

/**
 * Forgets this device's enrollment and local data. Needs a manager signed in (`device.reset`), and is refused while
 * any fact (a sale, a stock count…) is pending: it exists nowhere else yet.
 * The caller stops replication first and reloads the app afterwards.
 */
export async function resetDevice(db: VitrineDatabase, signedIn: { role: Role } | null): Promise<void> {
  if (!signedIn || !can(signedIn.role, 'device.reset')) throw new DomainError(ErrorCode.FORBIDDEN, 'only a manager can reset this device');
  await assertNothingPending(db);
  await db.remove();
}

export type { FieldError };
