import { getApi, postApi, type FetchLike } from '../db/http.js';

/**
 * Makes this device one of its store's pickup devices for Web Push: a phone whose screen is locked is alerted when a
 * customer says "I'm here" (the service worker shows it: public/sw-push.js). Call it from a tap (browsers ask for
 * notification permission only then), e.g. when a pickup associate turns alerts on; calling it again is cheap and
 * renews a subscription made for another server key.
 *
 *   const outcome = await subscribeToArrivalAlerts({ baseUrl, token, pushManager: (await navigator.serviceWorker.ready).pushManager,
 *     requestPermission: () => Notification.requestPermission() });
 */
export type ArrivalAlertsOutcome = 'subscribed' | 'denied';

export interface ArrivalAlertsDeps {
  baseUrl: string;
  /** The device token. */
  token: string;
  pushManager: Pick<PushManager, 'getSubscription' | 'subscribe'>;
  requestPermission: () => Promise<NotificationPermission>;
  fetch?: FetchLike;
}

export async function subscribeToArrivalAlerts({
  baseUrl,
  token,
  pushManager,
  requestPermission,
  fetch,
}: ArrivalAlertsDeps): Promise<ArrivalAlertsOutcome> {
  if ((await requestPermission()) !== 'granted') return 'denied';
  const { publicKey } = await getApi<{ publicKey: string }>({ baseUrl, path: '/api/push/vapid-public-key', ...(fetch ? { fetch } : {}) });
  const serverKey = fromBase64Url(publicKey);
  let subscription = await pushManager.getSubscription();
  if (subscription && !sameKey(subscription.options.applicationServerKey, serverKey)) {
    // Made for another server key (the server's pair changed): its pushes would be refused.
    await subscription.unsubscribe();
    subscription = null;
  }
  subscription ??= await pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: serverKey });
  await postApi({ baseUrl, token, path: '/api/push-subscriptions', body: subscription.toJSON(), ...(fetch ? { fetch } : {}) });
  return 'subscribed';
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

function sameKey(held: ArrayBuffer | null, wanted: Uint8Array): boolean {
  if (!held) return false;
  const bytes = new Uint8Array(held);
  return bytes.length === wanted.length && bytes.every((b, i) => b === wanted[i]);
}
