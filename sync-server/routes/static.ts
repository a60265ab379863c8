import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { APP_CONTENT_SECURITY_POLICY } from '../http/security.js';

/** Files the browser must revalidate on every load, or an installed PWA never sees an update. */
const ALWAYS_REVALIDATE = new Set(['/sw.js', '/registerSW.js', '/manifest.webmanifest', '/index.html', '/']);
/** Vite's content-hashed build output, e.g. /assets/index-BX3k9a_Q.js: a new build gets a new name. */
const HASHED = /^\/assets\/.+-[A-Za-z0-9_-]{8,}\.[a-z0-9]+$/;

export function cacheControlFor(path: string): string {
  if (ALWAYS_REVALIDATE.has(path)) return 'no-cache';
  if (HASHED.test(path)) return 'public, max-age=31536000, immutable';
  return 'no-cache';
}

/**
 * Serves the built PWA from `staticDir`; any other GET that accepts HTML gets index.html (SPA fallback), so a deep
 * link or a reload on /sell works. API paths never reach here.
 */
export function staticRoutes(staticDir: string): Hono {
  const root = resolve(staticDir);
  const routes = new Hono();

  routes.use('*', async (c, next) => {
    // Source maps would hand anyone the app's source; the build emits none, and one left in the folder stays unserved.
    if (/\.map$/i.test(c.req.path)) return c.notFound();
    await next();
    if (c.res.status === 200 && !c.res.headers.has('Cache-Control')) c.res.headers.set('Cache-Control', cacheControlFor(c.req.path));
    c.res.headers.set('Content-Security-Policy', APP_CONTENT_SECURITY_POLICY);
  });
  routes.use('*', serveStatic({ root }));
  routes.get('*', async (c) => {
    const index = join(root, 'index.html');
    if (!existsSync(index)) return c.text(`The app is not built: ${index} is missing. Run "npm run start" (vite build first).`, 404);
    // Only navigations fall back; a missing script or image must stay a 404, not HTML.
    if (/\.[a-z0-9]+$/i.test(c.req.path)) return c.notFound();
    return c.html(await readFile(index, 'utf8'), 200, { 'Cache-Control': 'no-cache' });
  });
  return routes;
}
