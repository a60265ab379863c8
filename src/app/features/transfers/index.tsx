import { lazyScreen } from '../../ui/lazy-screen.js';
import { defineFeature } from '../feature.js';
import { waitingCount$ } from './transfer-data.js';

const TransfersScreen = lazyScreen(() => import('./TransfersScreen.js').then((m) => m.TransfersScreen));

declare module '../../router.js' {
  interface Routes {
    transfers: Record<never, never>;
  }
}

/**
 * Holds and transfers between stores: the queue of what other stores asked of this one and what this one asked,
 * live, with a count on the tab of what waits for this store (requests to answer, parcels to scan in), and the
 * stock levels below zero offered for a count. The requests themselves start from "other stores" (features/sell).
 */
export const transfersFeature = defineFeature({
  id: 'transfers',
  routes: { transfers: [] },
  nav: {
    label: 'nav.transfers',
    target: { name: 'transfers' },
    badge: { count: ({ db, store }) => waitingCount$(db, store.id), label: 'nav.transfersBadge' },
  },
  Screen: () => <TransfersScreen />,
});
