import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import { map } from 'rxjs';
import { routeHash } from '../../router.js';
import { defineFeature } from '../feature.js';
import { ArrivalAlarm } from './ArrivalAlarm.js';
import { pickupCounts$ } from './pickup-data.js';
import './pickup.css';
import { lazyScreen } from '../../ui/lazy-screen.js';

const PickupDashboard = lazyScreen(() => import('./PickupDashboard.js').then((m) => m.PickupDashboard));
const PickupScreen = lazyScreen(() => import('./PickupScreen.js').then((m) => m.PickupScreen));

declare module '../../router.js' {
  interface Routes {
    'pickup-queue': Record<never, never>;
    /** The address the service worker opens from an arrival notification: `#/pickup?orderId=…`. */
    pickup: { orderId: string };
    'pickup-dashboard': Record<never, never>;
  }
}

/**
 * A tapped arrival notification while the app is open: the service worker brings it to the front and posts
 * `vitrine.notification-opened` (public/sw-push.js); the app shows that order. Changing the hash goes through the
 * router like the back button does.
 */
function NotificationOpened({ children }: { children: ComponentChildren }) {
  useEffect(() => {
    if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return;
    const onMessage = (event: MessageEvent) => {
      const data = event.data as { type?: string; orderId?: unknown } | null;
      if (data?.type === 'vitrine.notification-opened' && typeof data.orderId === 'string')
        location.hash = routeHash({ name: 'pickup', orderId: data.orderId });
    };
    navigator.serviceWorker.addEventListener('message', onMessage);
    return () => navigator.serviceWorker.removeEventListener('message', onMessage);
  }, []);
  return <>{children}</>;
}

/**
 * Pickup: the queue of the store's pickup orders (customers waiting on top, with an alert that repeats until someone
 * takes the order), picking by scan, short picks with consent, ready, handoff by QR, code or manager-approved photo
 * ID, offline; conflicts from another device shown plainly; a dashboard for managers. Home of the pickup role.
 */
export const pickupFeature = defineFeature({
  id: 'pickup',
  routes: { 'pickup-queue': [], pickup: ['orderId'], 'pickup-dashboard': [] },
  nav: {
    label: 'nav.pickup',
    target: { name: 'pickup-queue' },
    current: ['pickup-queue', 'pickup', 'pickup-dashboard'],
    permission: 'pickup.pick',
    badge: {
      count: ({ db }) => pickupCounts$(db).pipe(map((c) => c.open)),
      urgent: ({ db }) => pickupCounts$(db).pipe(map((c) => c.waiting)),
      label: 'nav.pickupBadge',
    },
  },
  Screen: ({ route }) =>
    route.name === 'pickup-dashboard' ? <PickupDashboard /> : <PickupScreen orderId={route.name === 'pickup' ? route.orderId : null} />,
  Banner: ArrivalAlarm,
  Provider: NotificationOpened,
});
