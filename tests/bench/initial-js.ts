import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { round } from './stats.js';

/**
 * Chunks the app imports dynamically on every start, before or while the till paints: the service worker's
 * registration (virtual:pwa-register imports workbox-window as soon as main.tsx runs), and the messages of the language
 * shown, which main.tsx loads before the first render (src/app/i18n/load-language.ts): English's counted here; a till
 * in Portuguese loads pt-BR's instead, of about the same size. They download with the first paint although index.html
 * does not list them. The tablet-start bench measures in Chromium which scripts a cold start really fetches
 * (`gzipKbOfScripts`, its store in Portuguese), so this list is checked against the browser in the same `npm run bench`.
 */
const LOADED_AT_BOOT = [/^assets\/workbox-window\.[^/]+\.js$/, /^assets\/en-[^/]+\.js$/];

/** kB of 1,000 bytes (as Vite reports), gzip level 9, as a server would send them. */
const gzipKb = (dist: string, files: readonly string[]) =>
  round(files.reduce((sum, file) => sum + gzipSync(readFileSync(join(dist, file)), { level: 9 }).length, 0) / 1000, 1);

/**
 * The JavaScript a first visit loads before the till can run: the entry script of dist/index.html, every chunk it
 * imports statically (Vite lists the whole static closure as modulepreload links), and the chunks the app imports
 * dynamically on every start (LOADED_AT_BOOT). Screens, charts and the camera's decoder, loaded on demand, are not
 * counted, nor is the sync code, which an enrolled device loads once its first screen is up (shell/use-device-sync.ts):
 * the figure measured in Chromium (`gzipKbOfScripts`, after a scan reached the cart) includes it.
 */
export function initialJsGzipKb(dist = 'dist'): { kb: number; files: string[] } {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const linked = [...html.matchAll(/<script[^>]*type="module"[^>]*src="\/([^"]+\.js)"|<link[^>]*rel="modulepreload"[^>]*href="\/([^"]+\.js)"/g)].map(
    (m) => (m[1] ?? m[2])!,
  );
  const assets = existsSync(join(dist, 'assets')) ? readdirSync(join(dist, 'assets')).map((name) => `assets/${name}`) : [];
  const atBoot = assets.filter((file) => LOADED_AT_BOOT.some((pattern) => pattern.test(file)) && !linked.includes(file));
  const files = [...linked, ...atBoot];
  return { kb: gzipKb(dist, files), files };
}

/**
 * The same measure for the scripts a page really fetched (absolute URLs from the Resource Timing API, as a cold start
 * in Chromium saw them): what the first paint cost, whatever index.html says.
 */
export function gzipKbOfScripts(urls: readonly string[], dist = 'dist'): { kb: number; files: string[]; missing: string[] } {
  const scripts = [...new Set(urls.map((url) => new URL(url).pathname.replace(/^\//, '')).filter((path) => path.endsWith('.js')))];
  // A script no longer in dist/ means dist/ was rebuilt during the run (a shared tree): its size is unknown, not zero.
  const missing = scripts.filter((path) => !existsSync(join(dist, path)));
  const files = scripts.filter((path) => !missing.includes(path));
  return { kb: missing.length > 0 ? Number.NaN : gzipKb(dist, files), files, missing };
}
