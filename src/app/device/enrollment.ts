import { map, type Observable } from 'rxjs';
import { z } from 'zod';
import {
  DomainError,
  EnrollRequestSchema,
  EnrollResponseSchema,
  ErrorCode,
  parseWith,
  StoreSchema,
  type FieldError,
} from '../../domain/index.js';
import type { VitrineDatabase } from '../db/database.js';
import { readQuarantine } from '../db/quarantine.js';
import { defaultFetch, toHttpError, trimBase, type FetchLike } from '../db/http.js';
import { localDocument$ } from '../db/local-document.js';

/** What this device keeps after enrollment, durably (an RxDB local document in IndexedDB). */
export const DeviceEnrollmentSchema = z.object({
  token: z.string().min(20),
  deviceId: z.string(),
  deviceName: z.string(),
  storeId: z.string(),
  store: StoreSchema,
  associateId: z.string().min(1).max(40),
  enrolledAt: z.string(),
  /** Result of navigator.storage.persist() at enrollment. */
  storage: z.enum(['persisted', 'refused', 'unsupported']),
});
export type DeviceEnrollment = z.infer<typeof DeviceEnrollmentSchema>;

export const EnrollFormSchema = EnrollRequestSchema.extend({
  associateId: z.string().trim().min(1, 'enter your staff number').max(40),
});
export type EnrollForm = z.infer<typeof EnrollFormSchema>;

const KEY = 'device';

/** Calls POST /api/devices/enroll; throws DomainError with field-level errors (client-side or from the server). */
export async function enrollDevice(options: {
  baseUrl: string;
  form: EnrollForm;
  fetch?: FetchLike;
  now?: () => Date;
  requestPersistence?: () => Promise<DeviceEnrollment['storage']>;
}): Promise<DeviceEnrollment> {
  const parsed = parseWith(EnrollFormSchema, options.form);
  if (!parsed.ok) throw parsed.error;
  const doFetch = options.fetch ?? defaultFetch;
  let res: Response;
  try {
    res = await doFetch(`${trimBase(options.baseUrl)}/api/devices/enroll`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ code: parsed.value.code, name: parsed.value.name }),
    });
  } catch {
    throw new DomainError(ErrorCode.INTERNAL, 'network unreachable');
  }
  if (!res.ok) {
    const error = await toHttpError(res);
    const code = (Object.values(ErrorCode) as string[]).includes(error.code) ? (error.code as ErrorCode) : ErrorCode.INTERNAL;
    throw new DomainError(code, error.message, error.fieldErrors);
  }
  const body = EnrollResponseSchema.parse(await res.json());
  const storage = await (options.requestPersistence ?? requestPersistentStorage)();
  return {
    token: body.token,
    deviceId: body.deviceId,
    deviceName: parsed.value.name,
    storeId: body.storeId,
    store: body.store,
    associateId: parsed.value.associateId,
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

export async function setAssociate(db: VitrineDatabase, associateId: string): Promise<void> {
  const current = await loadEnrollment(db);
  if (current) await saveEnrollment(db, { ...current, associateId });
}

/** Count of sales not yet decided by the server and not set aside: the ones a reset would lose. */
export async function countPendingSales(db: VitrineDatabase): Promise<number> {
  const unsynced = await db.sales.find({ selector: { outcome: { $exists: false } } }).exec();
  const quarantine = await readQuarantine(db);
  return unsynced.filter((d) => !quarantine[d.id]).length;
}

/**
 * Forgets this device's enrollment and local data. Refused while sales are pending: they exist nowhere else yet.
 * The caller stops replication first and reloads the app afterwards.
 */
export async function resetDevice(db: VitrineDatabase): Promise<void> {
  const pending = await countPendingSales(db);
  if (pending > 0) {
    throw new DomainError(ErrorCode.PENDING_SALES_BLOCK_RESET, `${pending} sale(s) have not reached the server yet`);
  }
  await db.remove();
}

export type { FieldError };
