import { defineFeature } from '../feature.js';
import { lazyScreen } from '../../ui/lazy-screen.js';

const DeviceScreen = lazyScreen(() => import('./DeviceScreen.js').then((m) => m.DeviceScreen));

declare module '../../router.js' {
  interface Routes {
    device: Record<never, never>;
  }
}

/** The device's details; for managers, enrollment codes, staff and the reset (after which the app starts over). */
export const deviceFeature = defineFeature({
  id: 'device',
  routes: { device: [] },
  nav: { label: 'nav.device', target: { name: 'device' } },
  Screen: () => <DeviceScreen onReset={() => location.reload()} />,
});
