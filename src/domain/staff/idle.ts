import type { Store } from '../catalog/schema.js';

/** A till left alone this long signs its associate out, unless the store says otherwise. */
export const DEFAULT_IDLE_SIGN_OUT_SECONDS = 600;

/** How long a signed-in device may sit untouched before it signs out, in ms; null when the store turned it off (0). */
export function idleSignOutMs(store: Pick<Store, 'idleSignOutSeconds'>): number | null {
  const seconds = store.idleSignOutSeconds ?? DEFAULT_IDLE_SIGN_OUT_SECONDS;
  return seconds > 0 ? seconds * 1000 : null;
}
