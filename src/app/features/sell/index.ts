import { defineFeature } from '../feature.js';
import { CartProvider } from './cart-state.js';
import { SellScreen } from './SellScreen.js';

declare module '../../router.js' {
  interface Routes {
    sell: Record<never, never>;
  }
}

/** Ring up a sale: scan or search, the cart with live stock, cash payment. Home screen of the app. */
export const sellFeature = defineFeature({
  id: 'sell',
  routes: { sell: [] },
  // Pickup staff do not ring sales: no till tab for them.
  nav: { label: 'nav.sell', target: { name: 'sell' }, permission: 'sale.create' },
  Screen: SellScreen,
  Provider: CartProvider,
});
