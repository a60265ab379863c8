import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { defineConfig, type Plugin } from 'vite';
import preact from '@preact/preset-vite';
import { VitePWA, type ManifestOptions } from 'vite-plugin-pwa';

/** manifest.webmanifest at the top level is the single source of the web app manifest. */
const manifest = JSON.parse(readFileSync(new URL('./manifest.webmanifest', import.meta.url), 'utf8')) as Partial<ManifestOptions>;

/**
 * Stamps index.html with an id of the build (its files' names carry their content hashes), so a page can tell
 * whether it is the version its service worker now serves (src/app/update/stale-page.ts).
 */
function buildIdMeta(): Plugin {
  return {
    name: 'vitrine-build-id',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const names = Object.keys(ctx.bundle ?? {})
          .sort()
          .join('\n');
        const id = createHash('sha256').update(names).digest('hex').slice(0, 12);
        return [{ tag: 'meta', attrs: { name: 'vitrine-build', content: id }, injectTo: 'head' }];
      },
    },
  };
}

export default defineConfig({
  plugins: [
    preact(),
    buildIdMeta(),
    VitePWA({
      strategies: 'generateSW',
      // A new version waits until the associate takes it, and only between sales (src/app/update/app-update.ts):
      // 'autoUpdate' swapped it in on its own and reloaded the page mid-sale.
      registerType: 'prompt',
      injectRegister: false, // registered in src/main.tsx through virtual:pwa-register
      manifest,
      manifestFilename: 'manifest.webmanifest',
      // The icons and favicon are precached by globPatterns below; listing them again would only duplicate entries.
      includeManifestIcons: false,
      workbox: {
        // manifest.webmanifest is added to the precache by the plugin itself.
        // The camera's barcode decoder (WebAssembly, ~1 MB) is precached with the rest: the curbside phone must read
        // a customer's QR offline even if its camera never opened while in range.
        globPatterns: ['**/*.{js,css,html,svg,wasm}'],
        navigateFallback: 'index.html',
        // The API and the sync routes are never cached nor answered by the app shell, nor is the customer's pickup
        // page (the server answers it, 404 for a bad link).
        navigateFallbackDenylist: [/^\/sync\//, /^\/api\//, /^\/pickup\//, /^\/receipts\//],
        // Arrival alerts by Web Push: the push and notification-click handlers (public/sw-push.js).
        importScripts: ['sw-push.js'],
        cleanupOutdatedCaches: true,
        // The first install controls the page at once (it opens offline from then on); a new version never skips
        // waiting by itself: the app sends SKIP_WAITING when the associate chose to update.
        clientsClaim: true,
        skipWaiting: false,
        maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
        // Product pictures (ProductSchema.imageUrl, always under /images/ on this origin) are kept once seen, so the
        // till shows them offline; they never change at an address, so the cache answers first. A few thousand small
        // files at most: older ones make way.
        runtimeCaching: [
          {
            urlPattern: ({ url, sameOrigin }) => sameOrigin && url.pathname.startsWith('/images/'),
            handler: 'CacheFirst',
            options: {
              cacheName: 'product-images',
              expiration: { maxEntries: 3_000, maxAgeSeconds: 30 * 24 * 60 * 60, purgeOnQuotaError: true },
              cacheableResponse: { statuses: [200] },
            },
          },
        ],
      },
      devOptions: { enabled: false },
    }),
  ],
  server: {
    // In development the sync server runs on its own port; the app talks to the page origin, so proxy to it.
    proxy: {
      '/api': process.env.VITRINE_SERVER ?? 'http://localhost:8123',
      '/sync': process.env.VITRINE_SERVER ?? 'http://localhost:8123',
    },
  },
  // No source maps in the build: the server would never serve them (routes/static.ts), and they would hand out the source.
  build: { target: 'es2022', sourcemap: false },
});
