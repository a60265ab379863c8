import { defineFeature } from '../feature.js';
import { SalesScreen } from './SalesScreen.js';

declare module '../../router.js' {
  interface Routes {
    sales: Record<never, never>;
  }
}

/** This device's recent sales with their sync state; a rejected one says why. */
export const salesFeature = defineFeature({
  id: 'sales',
  routes: { sales: [] },
  // Staff who do not ring sales have none to list: the tab would only crowd a phone's bottom bar.
  nav: { label: 'nav.sales', target: { name: 'sales' }, current: ['sales', 'receipt'], permission: 'sale.create' },
  Screen: SalesScreen,
});
