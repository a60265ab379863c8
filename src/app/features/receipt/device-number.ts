import { z } from 'zod';
import type { VitrineDatabase } from '../../db/database.js';
import { getApi, type FetchLike } from '../../db/http.js';
import { saveEnrollment, type DeviceEnrollment } from '../../device/enrollment.js';

const MeSchema = z.object({ deviceId: z.string(), deviceNumber: z.int().min(1).max(9_999).optional() });

/**
 * A device enrolled before device numbers existed asks the server for its number (GET /api/me numbers it on the
 * spot) and keeps it with its enrollment: its later receipts carry it instead of the 9xxx fallback
 * (receipt-number.ts). Its sequence carries on, so no receipt number repeats across the change. Answers whether
 * the device now has a number; offline or on an older server it stays as it was and tries again later.
 */
export async function learnDeviceNumber(
  db: VitrineDatabase,
  enrollment: DeviceEnrollment,
  { baseUrl, fetch }: { baseUrl: string; fetch?: FetchLike },
): Promise<boolean> {
  if (enrollment.deviceNumber !== undefined) return true;
  try {
    const me = MeSchema.parse(await getApi<unknown>({ baseUrl, token: enrollment.token, path: '/api/me', ...(fetch ? { fetch } : {}) }));
    if (me.deviceId !== enrollment.deviceId || me.deviceNumber === undefined) return false;
    await saveEnrollment(db, { ...enrollment, deviceNumber: me.deviceNumber });
    return true;
  } catch {
    return false;
  }
}
