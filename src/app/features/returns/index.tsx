import { defineFeature } from '../feature.js';
import { lazyScreen } from '../../ui/lazy-screen.js';

const ReturnsScreen = lazyScreen(() => import('./ReturnsScreen.js').then((m) => m.ReturnsScreen));

declare module '../../router.js' {
  interface Routes {
    returns: Record<never, never>;
    'return-receipt': { returnId: string };
  }
}

/**
 * Returns at the counter: find the purchase (this store's sales on the device; online orders and other stores' sales
 * through the server's lookups, kept a day; a scanned QR), choose lines, reasons and condition, a manager's PIN when
 * outside policy, refund to the original tender, then the return receipt. Conflicts the server found are listed for
 * a manager, and managers see the store's return rate and top reasons in the header.
 */
export const returnsFeature = defineFeature({
  id: 'returns',
  routes: { returns: [], 'return-receipt': ['returnId'] },
  nav: { label: 'nav.returns', target: { name: 'returns' }, current: ['returns', 'return-receipt'], permission: 'return.create' },
  Screen: ReturnsScreen,
});
