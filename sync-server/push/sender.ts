import webpush from 'web-push';
import type { Clock } from '../../src/domain/index.js';
import type { Logger } from '../logger.js';
import type { PushMessage } from '../outbox/enqueue.js';
import type { SyncStore } from '../store/store.js';
import { deleteGoneSubscription, findPushSubscription } from './subscriptions.js';
import type { VapidKeys } from './vapid.js';

/** Sends the outbox's push rows (channel `push`); the delivery worker retries what throws, like webhooks. */
export interface PushSender {
  /** Sends `message` to the device's current subscription. Throws to be retried. */
  send(deviceId: string, message: PushMessage, signal: AbortSignal): Promise<void>;
}

export interface PushSenderDeps {
  store: SyncStore;
  vapid: VapidKeys;
  logger: Logger;
  clock: Clock;
  fetch?: typeof fetch;
}

/**
 * Web Push with VAPID (RFC 8292) and an aes128gcm payload (RFC 8291), both made by the `web-push` library
 * (`generateRequestDetails`); the request itself goes out through fetch, so the worker's abort and timeout apply.
 * What is not worth retrying is settled here and counts as delivered:
 * - the device has no subscription any more (it unsubscribed or was re-enrolled): nothing to send;
 * - the push service answers 404 or 410: the subscription is gone for good and is deleted;
 * - the message expired (an arrival alert an hour late helps nobody).
 */
export function createPushSender({ store, vapid, logger, clock, fetch: send = fetch }: PushSenderDeps): PushSender {
  const vapidDetails = { subject: vapid.subject, publicKey: vapid.publicKey, privateKey: vapid.privateKey };
  return {
    async send(deviceId, message, signal) {
      const ttlSeconds = Math.floor((Date.parse(message.expiresAt) - clock().getTime()) / 1000);
      if (ttlSeconds <= 0) {
        logger.warn('push expired before it could be sent; dropped', { deviceId, expiresAt: message.expiresAt });
        return;
      }
      const subscription = await findPushSubscription(store.sql, deviceId);
      if (!subscription) return;
      const request = webpush.generateRequestDetails(subscription, JSON.stringify(message.data), {
        vapidDetails,
        TTL: ttlSeconds,
        urgency: 'high',
        ...(message.topic ? { topic: message.topic } : {}),
      });
      const res = await send(subscription.endpoint, {
        method: 'POST',
        // fetch measures the body itself.
        headers: Object.fromEntries(
          Object.entries(request.headers)
            .filter(([name]) => name !== 'Content-Length')
            .map(([name, value]) => [name, String(value)]),
        ),
        body: new Uint8Array(request.body),
        redirect: 'manual',
        signal,
      });
      const text = await res.text().catch(() => '');
      if (res.status === 404 || res.status === 410) {
        const deleted = await store.transaction((tx) => deleteGoneSubscription(tx.sql, deviceId, subscription.endpoint));
        logger.info('push subscription gone; deleted', { deviceId, status: res.status, deleted });
        return;
      }
      if (res.status < 200 || res.status > 299) throw new Error(`push service HTTP ${res.status}${text ? `: ${text.slice(0, 200)}` : ''}`);
    },
  };
}
