import type { DeviceRecord } from './store.js';

/** A `devices` row as both databases return it (the same columns and types in SQLite and PostgreSQL). */
export interface DeviceRow {
  id: string;
  store_id: string;
  name: string;
  token_hash: string;
  enrolled_at: string;
  revoked_at: string | null;
}

export const toDevice = (r: DeviceRow): DeviceRecord => ({
  id: r.id,
  storeId: r.store_id,
  name: r.name,
  tokenHash: r.token_hash,
  enrolledAt: r.enrolled_at,
  revokedAt: r.revoked_at,
});
