import type { PushSubscriptionInput } from '../../src/domain/pickup/push-alert.js';
import { execute, queryRows, type WritableSql } from '../outbox/sql.js';
import type { StoreSql, TxSql } from '../store/store.js';

/** A pickup device's push subscription as stored (migration 6): one per device. */
export interface StoredPushSubscription {
  deviceId: string;
  storeId: string;
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

interface Row {
  device_id: string;
  store_id: string;
  endpoint: string;
  p256dh: string;
  auth: string;
}
const fromRow = (r: Row): StoredPushSubscription => ({
  deviceId: r.device_id,
  storeId: r.store_id,
  endpoint: r.endpoint,
  keys: { p256dh: r.p256dh, auth: r.auth },
});

/**
 * Keeps `subscription` as the device's only one (a browser that subscribes again gets a new endpoint; the old one is
 * dead). An endpoint held by another device (the same browser enrolled again as a new device) moves to this one,
 * so no phone is alerted twice for one arrival. Saving the same subscription again changes nothing.
 */
export async function savePushSubscription(
  sql: TxSql,
  device: { id: string; storeId: string },
  subscription: PushSubscriptionInput,
  at: Date,
): Promise<void> {
  await execute(sql, 'DELETE FROM push_subscriptions WHERE endpoint = ? AND device_id <> ?', [subscription.endpoint, device.id]);
  await execute(
    sql,
    `INSERT INTO push_subscriptions (device_id, store_id, endpoint, p256dh, auth, created_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (device_id) DO UPDATE SET store_id = excluded.store_id, endpoint = excluded.endpoint, p256dh = excluded.p256dh,
       auth = excluded.auth, created_at = excluded.created_at
     WHERE push_subscriptions.endpoint <> excluded.endpoint OR push_subscriptions.p256dh <> excluded.p256dh OR push_subscriptions.auth <> excluded.auth`,
    [device.id, device.storeId, subscription.endpoint, subscription.keys.p256dh, subscription.keys.auth, at.toISOString()],
  );
}

/** Forgets the device's subscription; answers whether it had one. */
export async function deletePushSubscription(sql: TxSql, deviceId: string): Promise<boolean> {
  return (await execute(sql, 'DELETE FROM push_subscriptions WHERE device_id = ?', [deviceId])) > 0;
}

/**
 * Forgets a subscription the push service says is gone (404/410) — unless the device subscribed again meanwhile
 * (another endpoint), whose new subscription stays.
 */
export async function deleteGoneSubscription(sql: WritableSql, deviceId: string, endpoint: string): Promise<boolean> {
  return (await execute(sql, 'DELETE FROM push_subscriptions WHERE device_id = ? AND endpoint = ?', [deviceId, endpoint])) > 0;
}

export async function findPushSubscription(sql: StoreSql | TxSql, deviceId: string): Promise<StoredPushSubscription | undefined> {
  const [row] = await queryRows<Row>(sql, 'SELECT device_id, store_id, endpoint, p256dh, auth FROM push_subscriptions WHERE device_id = ?', [
    deviceId,
  ]);
  return row && fromRow(row);
}

/** The subscriptions of the store's devices that are still enrolled (a revoked device is never alerted). */
export async function storePushSubscriptions(sql: StoreSql | TxSql, storeId: string): Promise<StoredPushSubscription[]> {
  const rows = await queryRows<Row>(
    sql,
    `SELECT s.device_id, s.store_id, s.endpoint, s.p256dh, s.auth FROM push_subscriptions s
     JOIN devices d ON d.id = s.device_id AND d.revoked_at IS NULL
     WHERE s.store_id = ? ORDER BY s.device_id`,
    [storeId],
  );
  return rows.map(fromRow);
}
