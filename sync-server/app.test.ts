import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApp } from './app.js';
import { hashSecret } from './auth/tokens.js';
import { silentLogger } from './logger.js';
import { openSqliteStore } from './store/sqlite.js';
import { storeS1 } from '../src/domain/testing/fixtures.js';

const dirs: string[] = [];
afterEach(() => {
  vi.useRealTimers();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('createApp', () => {
  it('keeps the 15 s heartbeat default when an option is passed as undefined', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vitrine-app-'));
    dirs.push(dir);
    const store = openSqliteStore(dir);
    await store.transaction(async (tx) => {
      await tx.upsertStore(storeS1);
      await tx.insertDevice({
        id: 'd1',
        storeId: 'S1',
        name: 'T',
        tokenHash: hashSecret('tok'),
        enrolledAt: '2026-01-01T00:00:00.000Z',
        revokedAt: null,
      });
    });
    const setIntervalSpy = vi.spyOn(globalThis, 'setInterval');
    const app = createApp({ store, logger: silentLogger, heartbeatMs: undefined, clock: undefined });
    const abort = new AbortController();
    const res = await app.request('/sync/stock/0/pull-stream', { headers: { Authorization: 'Bearer tok' }, signal: abort.signal });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toContain(': connected');
    expect(setIntervalSpy).toHaveBeenCalledWith(expect.any(Function), 15_000);
    await reader.cancel();
    setIntervalSpy.mockRestore();
    await store.close();
  });

  it('answers 401 for a revoked device', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vitrine-app-'));
    dirs.push(dir);
    const store = openSqliteStore(dir);
    await store.transaction(async (tx) => {
      await tx.upsertStore(storeS1);
      await tx.insertDevice({
        id: 'd2',
        storeId: 'S1',
        name: 'T',
        tokenHash: hashSecret('gone'),
        enrolledAt: '2026-01-01T00:00:00.000Z',
        revokedAt: '2026-02-01T00:00:00.000Z',
      });
    });
    const app = createApp({ store, logger: silentLogger });
    const res = await app.request('/sync/products/0/pull', { headers: { Authorization: 'Bearer gone' } });
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe('UNAUTHENTICATED');
    await store.close();
  });

  it('answers CORS preflights before authentication, so a dev origin can call the API', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vitrine-app-'));
    dirs.push(dir);
    const store = openSqliteStore(dir);
    const app = createApp({ store, logger: silentLogger });
    const res = await app.request('/sync/sales/0/push', {
      method: 'OPTIONS',
      headers: {
        Origin: 'http://localhost:5173',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization,content-type',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
    const unauth = await app.request('/sync/sales/0/pull', { headers: { Origin: 'http://localhost:5173' } });
    expect(unauth.status).toBe(401);
    expect(unauth.headers.get('access-control-allow-origin')).toBe('*');
    await store.close();
  });
});
