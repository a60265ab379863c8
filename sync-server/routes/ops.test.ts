import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { createLifecycle } from '../http/lifecycle.js';
import { silentLogger } from '../logger.js';
import type { SyncStore } from '../store/store.js';
import { tempStore } from '../testing/temp-store.js';

const disposers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const d of disposers.splice(0)) await d();
});

async function setup() {
  const t = await tempStore();
  disposers.push(t.dispose);
  return t;
}

describe('GET /health', () => {
  it('answers 200 {status: "ok"} without touching the database', async () => {
    const { store } = await setup();
    const app = createApp({ store, logger: silentLogger });
    await store.close();
    const res = await app.request('/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });
});

describe('GET /ready', () => {
  it('answers 200 when the database answers and is migrated', async () => {
    const { store } = await setup();
    const res = await createApp({ store, logger: silentLogger }).request('/ready');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ready' });
  });

  it('answers 503 with a reason when the database is closed', async () => {
    const { store } = await setup();
    const app = createApp({ store, logger: silentLogger });
    await store.close();
    const res = await app.request('/ready');
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: 'unavailable', reason: 'the database is closed' });
  });

  it('answers 503 when the store reports pending migrations, and falls back to latestSeq() without ready()', async () => {
    const { store } = await setup();
    const pending = Object.assign(Object.create(store) as SyncStore, {
      ready: () => Promise.reject(new Error('migrations pending: 0 of 1 applied')),
    });
    const res = await createApp({ store: pending, logger: silentLogger }).request('/ready');
    expect(res.status).toBe(503);
    expect((await res.json()).reason).toBe('migrations pending: 0 of 1 applied');

    const noReady = Object.assign(Object.create(store) as SyncStore, { ready: undefined });
    expect((await createApp({ store: noReady, logger: silentLogger }).request('/ready')).status).toBe(200);
    const broken = Object.assign(Object.create(store) as SyncStore, {
      ready: undefined,
      latestSeq: () => Promise.reject(new Error('connection refused')),
    });
    const res2 = await createApp({ store: broken, logger: silentLogger }).request('/ready');
    expect(res2.status).toBe(503);
    expect((await res2.json()).reason).toBe('connection refused');
  });

  it('answers 503 "shutting down" once the server drains; /health still answers, other requests get 503', async () => {
    const { store } = await setup();
    const lifecycle = createLifecycle();
    const app = createApp({ store, logger: silentLogger, lifecycle });
    await lifecycle.drain(1_000);
    const ready = await app.request('/ready');
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: 'unavailable', reason: 'shutting down' });
    expect((await app.request('/health')).status).toBe(200);
    const pull = await app.request('/sync/products/0/pull', { headers: { Authorization: 'Bearer tok' } });
    expect(pull.status).toBe(503);
    expect(pull.headers.get('connection')).toBe('close');
    expect((await pull.json()).error.code).toBe('UNAVAILABLE');
  });
});
