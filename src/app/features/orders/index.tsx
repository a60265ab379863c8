import { defineFeature } from '../feature.js';
import { openOrderCount$ } from './store-orders.js';
import { lazyScreen } from '../../ui/lazy-screen.js';

const OrderLookup = lazyScreen(() => import('./OrderLookup.js').then((m) => m.OrderLookup));
const OrdersScreen = lazyScreen(() => import('./OrdersScreen.js').then((m) => m.OrdersScreen));

declare module '../../router.js' {
  interface Routes {
    orders: Record<never, never>;
    order: { orderId: string };
    'order-lookup': Record<never, never>;
  }
}

/**
 * The store's online orders for pickup, live as they arrive, with a count of open ones on the tab, and a lookup of
 * any order of the chain. Read-only: picking and handoff are the pickup feature's (features/pickup).
 */
export const ordersFeature = defineFeature({
  id: 'orders',
  routes: { orders: [], order: ['orderId'], 'order-lookup': [] },
  nav: {
    label: 'nav.orders',
    target: { name: 'orders' },
    current: ['orders', 'order', 'order-lookup'],
    badge: { count: ({ db }) => openOrderCount$(db), label: 'nav.ordersBadge' },
  },
  Screen: ({ route }) => (route.name === 'order-lookup' ? <OrderLookup /> : <OrdersScreen orderId={route.name === 'order' ? route.orderId : null} />),
});
