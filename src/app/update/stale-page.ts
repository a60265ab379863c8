/**
 * After a reload that applied an update: was this page served by the old version while the new one was taking over?
 * Chromium activates a worker told to skip waiting only once the old one is idle; on a busy tablet that happened
 * only as the fallback reload navigated, so the old worker served the page and the new one claimed it right after.
 * Every build stamps index.html with its id (vite.config.ts); once the new worker controls the page, the index.html
 * it serves says whether this page is stale.
 */
const UPDATING_KEY = 'vitrine.updating';
const BUILD_META = /<meta name="vitrine-build" content="([^"]*)"/;
const SETTLE_MS = 20_000;

/** Called right before the reload that applies an update. */
export function markUpdating(): void {
  sessionStorage.setItem(UPDATING_KEY, '1');
}

/** On boot: answers true when this page is an older version than the one its service worker now serves. */
export async function pageIsStale(registration: ServiceWorkerRegistration): Promise<boolean> {
  if (!sessionStorage.getItem(UPDATING_KEY)) return false;
  sessionStorage.removeItem(UPDATING_KEY);
  registration.waiting?.postMessage({ type: 'SKIP_WAITING' });
  await settled(registration);
  const served = await fetch('/index.html')
    .then((r) => r.text())
    .catch(() => '');
  const theirs = BUILD_META.exec(served)?.[1];
  const mine = document.querySelector('meta[name="vitrine-build"]')?.getAttribute('content');
  return Boolean(theirs && mine && theirs !== mine);
}

/** Until the newest worker is active and controls this page (or SETTLE_MS). */
function settled(registration: ServiceWorkerRegistration): Promise<void> {
  const done = () =>
    !registration.waiting &&
    !registration.installing &&
    registration.active?.state === 'activated' &&
    navigator.serviceWorker.controller === registration.active;
  return new Promise((resolve) => {
    if (done()) return resolve();
    const poll = setInterval(() => done() && finish(), 200);
    const limit = setTimeout(() => finish(), SETTLE_MS);
    const finish = () => {
      clearInterval(poll);
      clearTimeout(limit);
      resolve();
    };
  });
}
