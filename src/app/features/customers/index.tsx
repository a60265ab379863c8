import { defineFeature } from '../feature.js';
import { lazyScreen } from '../../ui/lazy-screen.js';

const CustomersScreen = lazyScreen(() => import('./CustomersScreen.js').then((m) => m.CustomersScreen));
const MyCustomersScreen = lazyScreen(() => import('./MyCustomersScreen.js').then((m) => m.MyCustomersScreen));

declare module '../../router.js' {
  interface Routes {
    customers: Record<never, never>;
    customer: { customerId: string };
    'my-customers': Record<never, never>;
  }
}

/**
 * The store's book of customers on the device: find, add (offline), and a profile with contact, consents, notes
 * and purchases. Attaching a customer at the till is the sell screen's (AttachCustomer, from here).
 */
export const customersFeature = defineFeature({
  id: 'customers',
  routes: { customers: [], customer: ['customerId'], 'my-customers': [] },
  nav: { label: 'nav.customers', target: { name: 'customers' }, current: ['customers', 'customer', 'my-customers'] },
  Screen: ({ route }) =>
    route.name === 'my-customers' ? <MyCustomersScreen /> : <CustomersScreen customerId={route.name === 'customer' ? route.customerId : null} />,
});
