/// <reference types="vite-plugin-pwa/client" />
import './app/zod-jitless.js'; // first: before any schema is built
import { render } from 'preact';
import { registerSW } from 'virtual:pwa-register';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { App } from './app/App.js';
import { createVitrineDatabase } from './app/db/database.js';
import { lookupBarcode } from './app/db/lookup.js';
import { watchProductCodes } from './app/db/product-codes.js';
import { exposeTestHook } from './app/test-hook.js';
import { AppUpdate } from './app/update/app-update.js';
import { markUpdating, pageIsStale } from './app/update/stale-page.js';
import { translate, languageFor } from './app/i18n/index.js';
import { loadLanguage } from './app/i18n/load-language.js';
import { likelyLanguage } from './app/shell/use-language.js';
import './app/styles.css';

// Where a cold start's time goes, read by the start-up bench (tests/bench/tablet-start.bench.ts): every module has
// run by here; then the database opens; then the first render.
performance.mark('vitrine:scripts-run');

// Service worker: precached app shell, so the till opens offline after the first load. A new version installs in
// the background and waits; the app offers it and applies it when no sale is in progress (update/app-update.ts). The
// app asks for a new version when it opens, when it is shown again and every few minutes: a till left open for days
// never navigates, and the browser checks only then (see ARCHITECTURE "On the device").
const UPDATE_CHECK_MS = 5 * 60_000;
const appUpdate = new AppUpdate();
const updateSW = registerSW({
  immediate: true,
  onNeedRefresh: () => appUpdate.offer(),
  onNeedReload: () => appUpdate.reloadWhenSafe(),
  onRegisteredSW: (_url, registration) => {
    if (!registration) return;
    appUpdate.attach({
      check: () => registration.update(),
      activate: () => takeOver(registration),
      reload: () => {
        markUpdating();
        location.reload();
      },
    });
    void pageIsStale(registration).then((stale) => stale && appUpdate.reloadWhenSafe());
    void appUpdate.check();
    setInterval(() => void appUpdate.check(), UPDATE_CHECK_MS);
    document.addEventListener('visibilitychange', () => document.visibilityState === 'visible' && void appUpdate.check());
  },
});
/** The new version takes over once installed (the page reloads when it controls it); none found: reload as is. */
async function takeOver(registration: ServiceWorkerRegistration): Promise<void> {
  const installing = registration.installing;
  if (installing) {
    await new Promise<void>((resolve) => installing.addEventListener('statechange', () => installing.state !== 'installing' && resolve()));
  }
  if (registration.waiting) await updateSW(true);
  else location.reload();
}

// "Update the app" on a 426 (this version no longer syncs): look for the new version, then take it now.
const onUpdateApp = () => {
  void appUpdate.check().finally(() => appUpdate.applyNow());
};

async function boot() {
  const root = document.getElementById('app')!;
  // The language's messages load while the database opens, so the first screen is in it (a few ms from the precache).
  const language = loadLanguage(likelyLanguage()).catch((error: unknown) => console.warn('language not loaded', error));
  try {
    const db = await createVitrineDatabase({
      storage: getRxStorageDexie(),
      name: 'vitrine',
      multiInstance: true,
      devMode: import.meta.env.DEV,
    });
    // Before any replication writes: a fresh device's codes are then complete from its first product on. Not
    // awaited: it watches from this call on, and its one read must not delay the first screen.
    performance.mark('vitrine:database-open');
    void watchProductCodes(db);
    await language;
    exposeTestHook({ db, lookupBarcode: (code: string) => lookupBarcode(db, code), getStatus: () => null, status$: null, replication: () => null });
    render(<App db={db} baseUrl={location.origin} onUpdateApp={onUpdateApp} appUpdate={appUpdate} />, root);
    performance.mark('vitrine:first-render');
  } catch (error) {
    const lang = languageFor(navigator.language);
    const message = error instanceof Error ? error.message : String(error);
    // The messages are a chunk of their own: English if the browser's language does not load, the bare error if none.
    const shown = await loadLanguage(lang).then(
      () => lang,
      () =>
        loadLanguage('en').then(
          () => 'en' as const,
          () => null,
        ),
    );
    root.textContent = shown ? translate(shown, 'app.dbError', { message }) : message;
    console.error(error);
  }
}

void boot();
