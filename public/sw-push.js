/*
 * Arrival alerts on a locked phone: the service worker's Web Push handlers, pulled into the Workbox-generated worker
 * with importScripts (vite.config.ts). The server words the alert in the store's language (sync-server/push/
 * arrival-alert.ts), so nothing here needs the catalogue: title, body, tag and the app address come in the payload.
 */
/* eslint-env serviceworker */

self.addEventListener('push', (event) => {
  let alert;
  try {
    alert = event.data ? event.data.json() : null;
  } catch {
    alert = null;
  }
  if (!alert || typeof alert.title !== 'string') return;
  event.waitUntil(
    self.registration.showNotification(alert.title, {
      body: alert.body,
      // One notification per order; a repeated alert for it rings again instead of stacking.
      tag: alert.tag,
      renotify: true,
      // Stays until someone acts on it: a waiting customer must not be missed.
      requireInteraction: true,
      vibrate: [300, 150, 300, 150, 600],
      icon: '/icon.svg',
      badge: '/icon.svg',
      timestamp: Date.parse(alert.arrivedAt) || Date.now(),
      data: { url: alert.url, orderId: alert.orderId, type: alert.type },
    }),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const data = event.notification.data || {};
  const target = new URL(data.url || '/', self.location.origin).href;
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
      const open = windows.find((w) => new URL(w.url).origin === self.location.origin);
      if (!open) return self.clients.openWindow(target);
      // The app is open: bring it to the front and tell it which order to show (the pickup feature listens for
      // this message); a new window would be a second copy of the app.
      await open.focus();
      open.postMessage({ type: 'vitrine.notification-opened', orderId: data.orderId, url: data.url });
    })(),
  );
});
