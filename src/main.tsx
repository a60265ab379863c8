/// <reference types="vite-plugin-pwa/client" />
import './app/zod-jitless.js'; // first: before any schema is built
import { render } from 'preact';
import { registerSW } from 'virtual:pwa-register';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { App } from './app/App.js';
import { createVitrineDatabase } from './app/db/database.js';
import { lookupBarcode } from './app/db/lookup.js';
import { exposeTestHook } from './app/test-hook.js';
import { translate, languageFor } from './app/i18n/index.js';
import './app/styles.css';

// Service worker: precached app shell, so the till opens offline after the first load. autoUpdate swaps in a new
// version on the next navigation; "Update the app" (shown on 426) forces it now.
const updateSW = registerSW({ immediate: true });
const onUpdateApp = () => {
  void updateSW(true).finally(() => location.reload());
};

async function boot() {
  const root = document.getElementById('app')!;
  try {
    const db = await createVitrineDatabase({
      storage: getRxStorageDexie(),
      name: 'vitrine',
      multiInstance: true,
      devMode: import.meta.env.DEV,
    });
    exposeTestHook({ db, lookupBarcode: (code: string) => lookupBarcode(db, code), getStatus: () => null, status$: null, replication: () => null });
    render(<App db={db} baseUrl={location.origin} onUpdateApp={onUpdateApp} />, root);
  } catch (error) {
    const lang = languageFor(navigator.language);
    root.textContent = translate(lang, 'app.dbError', { message: error instanceof Error ? error.message : String(error) });
    console.error(error);
  }
}

void boot();
