import { z } from 'zod';
import { ID_MAX_LENGTH } from '../kernel/ids.js';

/** Base64url without padding, as the Push API encodes subscription keys. */
const Base64Url = z.string().regex(/^[A-Za-z0-9_-]+$/, 'base64url without padding');

/**
 * A browser's push subscription as `PushSubscription.toJSON()` gives it: where to send (the push service's
 * endpoint) and the keys to encrypt for (RFC 8291). Push services are reached over HTTPS; plain HTTP only on this
 * machine's loopback (development, and the stand-in push service of the tests).
 */
export const PushSubscriptionSchema = z.object({
  endpoint: z
    .url()
    .max(1000)
    .refine((raw) => {
      const url = new URL(raw);
      return url.protocol === 'https:' || (url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname));
    }, 'must be an https: URL of a push service'),
  expirationTime: z.number().nullable().optional(),
  keys: z.object({
    /** The subscription's P-256 public key: 65 bytes, 87 characters. */
    p256dh: Base64Url.length(87, 'a P-256 public key (87 base64url characters)'),
    /** The 16-byte authentication secret: 22 characters. */
    auth: Base64Url.length(22, 'a 16-byte secret (22 base64url characters)'),
  }),
});
export type PushSubscriptionInput = z.infer<typeof PushSubscriptionSchema>;

/**
 * What the service worker of a store's pickup phone receives when a customer says "I'm here": already worded in the
 * store's language (the worker has no catalogue), with the order to open when the notification is tapped.
 */
export const ArrivalAlertSchema = z.object({
  type: z.literal('order.customer_arrived'),
  orderId: z.string().min(1).max(ID_MAX_LENGTH),
  number: z.string(),
  title: z.string(),
  body: z.string(),
  /** Notifications with the same tag replace each other: one per order on the lock screen. */
  tag: z.string(),
  /** The app address that shows the order (opened or focused on tap). */
  url: z.string(),
  arrivedAt: z.string(),
});
export type ArrivalAlert = z.infer<typeof ArrivalAlertSchema>;
