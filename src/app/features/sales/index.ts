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
  nav: { label: 'nav.sales', target: { name: 'sales' }, current: ['sales', 'receipt'] },
  Screen: SalesScreen,
});
