/**
 * Signs a till out when nobody touched it for a while, so an unattended tablet does not ring sales in someone
 * else's name. Activity is any touch, click, key (a barcode scanner types keys too) or scroll. Tabs of the app share
 * the last activity through localStorage: a background tab never signs out an associate working in another tab.
 * Times are Date.now() because tabs must agree on one clock; a clock change can only shift one sign-out.
 */
export const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'touchstart', 'wheel'] as const;
const SHARED_KEY = 'vitrine.lastActivity';
/** Other tabs learn of activity at most this late; the sign-out itself is checked every second. */
const SHARE_EVERY_MS = 5_000;

export interface IdleWatchOptions {
  timeoutMs: number;
  onIdle: () => void;
  /** Where activity events are heard (the window). */
  target: EventTarget;
  /** localStorage, or null when it is unavailable (private mode): then each tab counts alone. */
  storage: Pick<Storage, 'getItem' | 'setItem'> | null;
  now?: () => number;
  checkEveryMs?: number;
}

/** Starts watching; answers a function that stops. `onIdle` runs at most once. */
export function watchIdle({ timeoutMs, onIdle, target, storage, now = Date.now, checkEveryMs = 1_000 }: IdleWatchOptions): () => void {
  let last = now();
  let shared = 0;
  const share = (at: number) => {
    if (at - shared < SHARE_EVERY_MS) return;
    shared = at;
    try {
      storage?.setItem(SHARED_KEY, String(at));
    } catch {
      /* quota or private mode: this tab still counts its own activity */
    }
  };
  const sharedActivity = (): number => {
    try {
      return Number(storage?.getItem(SHARED_KEY) ?? 0) || 0;
    } catch {
      return 0;
    }
  };
  const activity = () => {
    last = now();
    share(last);
  };
  share(last);
  for (const type of ACTIVITY_EVENTS) target.addEventListener(type, activity, { capture: true, passive: true });
  const timer = setInterval(
    () => {
      if (now() - Math.max(last, sharedActivity()) < timeoutMs) return;
      stop();
      onIdle();
    },
    Math.min(checkEveryMs, timeoutMs),
  );
  function stop() {
    clearInterval(timer);
    for (const type of ACTIVITY_EVENTS) target.removeEventListener(type, activity, { capture: true });
  }
  return stop;
}

/** window.localStorage, or null where reading it throws (some private modes). */
export function safeLocalStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}
