import { defineFeature } from '../feature.js';
import { lazyScreen } from '../../ui/lazy-screen.js';

const SalesScreen = lazyScreen(() => import('./SalesScreen.js').then((m) => m.SalesScreen));

declare module '../../router.js' {
  interface Routes {
    sales: Record<never, never>;
  }
}

/** Today's sales of the store with totals by tender, filters, receipt search and each sale's sync outcome. */
export const salesFeature = defineFeature({
  id: 'sales',
  routes: { sales: [] },
  // Staff who do not ring sales have none to list: the tab would only crowd a phone's bottom bar.
  nav: { label: 'nav.sales', target: { name: 'sales' }, current: ['sales', 'receipt'], permission: 'sale.create' },
  Screen: SalesScreen,
});
