import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { APP_CONTENT_SECURITY_POLICY } from '../http/security.js';
import { silentLogger } from '../logger.js';
import { openSqliteStore } from '../store/sqlite.js';
import type { SyncStore } from '../store/store.js';

let dir: string;
let store: SyncStore;
let app: ReturnType<typeof createApp>;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vitrine-static-'));
  const dist = join(dir, 'dist');
  mkdirSync(join(dist, 'assets'), { recursive: true });
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Vitrine</title>');
  writeFileSync(join(dist, 'sw.js'), 'self.addEventListener("fetch", () => {});');
  writeFileSync(join(dist, 'manifest.webmanifest'), '{"name":"Vitrine"}');
  writeFileSync(join(dist, 'assets', 'index-BX3k9a_Q.js'), 'console.log(1)');
  writeFileSync(join(dist, 'assets', 'index-BX3k9a_Q.js.map'), '{"version":3,"sources":["../src/main.tsx"]}');
  writeFileSync(join(dist, 'icon-192.png'), 'png');
  store = openSqliteStore(join(dir, 'data'));
  app = createApp({ store, staticDir: dist, logger: silentLogger });
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('static app', () => {
  it('serves the service worker, manifest and index.html with no-cache, hashed assets immutable', async () => {
    for (const path of ['/sw.js', '/manifest.webmanifest', '/index.html', '/']) {
      const res = await app.request(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('cache-control'), path).toBe('no-cache');
    }
    const asset = await app.request('/assets/index-BX3k9a_Q.js');
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await asset.text()).toBe('console.log(1)');
  });

  it('falls back to index.html for app routes, but not for missing files or API paths', async () => {
    const deep = await app.request('/sell/receipt/123');
    expect(deep.status).toBe(200);
    expect(await deep.text()).toContain('<title>Vitrine</title>');
    expect((await app.request('/assets/missing-AAAAAAAA.js')).status).toBe(404);
    const api = await app.request('/api/nope');
    expect(api.status).toBe(404);
    expect((await api.json()).error.code).toBe('NOT_FOUND');
    expect((await app.request('/health')).status).toBe(200);
  });

  it('sends the app its Content-Security-Policy and the security headers on / , index.html, the worker and assets', async () => {
    for (const path of ['/', '/index.html', '/sell/receipt/123', '/sw.js', '/assets/index-BX3k9a_Q.js', '/manifest.webmanifest']) {
      const res = await app.request(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-security-policy'), path).toBe(APP_CONTENT_SECURITY_POLICY);
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('x-frame-options'), path).toBe('DENY');
      expect(res.headers.get('referrer-policy'), path).toBe('no-referrer');
    }
    expect(APP_CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(APP_CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
  });

  it('never serves a source map, even one left in the folder', async () => {
    for (const path of ['/assets/index-BX3k9a_Q.js.map', '/assets/index-BX3k9a_Q.js.MAP', '/assets/index-BX3k9a_Q.js%2Emap']) {
      const res = await app.request(path);
      expect(res.status, path).toBe(404);
      expect(await res.text(), path).not.toContain('sources');
    }
  });
});
