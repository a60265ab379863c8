import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/domain/index.js';
import { revokeIntegration } from '../../sync-server/integrations/registry.js';
import { assertMayServeStore, requireIntegration } from '../../sync-server/integrations/require-integration.js';
import { syncClient } from './client.js';
import { startTestServer, type TestServer } from './harness.js';
import { bearer, integrationProbe, mintKey } from './integration-probe.js';

/**
 * Integration API keys on the test backend: minted, listed and revoked by `npm run api-key` in another process,
 * checked by requireIntegration on the server's own store; device tokens and integration keys never cross over.
 */
const run = promisify(execFile);
let server: TestServer;
let app: ReturnType<typeof integrationProbe>;
const apiKey = (...args: string[]) =>
  run(process.execPath, ['--import', 'tsx', 'sync-server/cli/api-key.ts', ...args], {
    env: { ...process.env, DATA_DIR: server.dataDir, DATABASE_URL: server.databaseUrl ?? '' },
  });
const lastLine = (out: string) => out.trimEnd().split('\n').at(-1)!;
const status = async (path: string, key: string) => (await app.request(path, bearer(key))).status;

beforeAll(async () => {
  server = await startTestServer({ catalogSize: 3 });
  app = integrationProbe(server.store, (a) =>
    a.get('/api/probe/stores/:storeId', requireIntegration(server.store, 'orders:read'), (c) => {
      assertMayServeStore(c.get('integration'), c.req.param('storeId'));
      return c.json({ ok: true });
    }),
  );
});
afterAll(() => server.close());

// Each command is a process of its own (about a second on a busy machine).
describe('npm run api-key', { timeout: 40_000 }, () => {
  it('mints a key printed alone on the last line, lists it without secrets, narrows scopes and stores, and revokes it at once', async () => {
    const minted = await apiKey('webshop', '--scopes', 'orders:read,catalog:write', '--stores', 'S1');
    const key = lastLine(minted.stdout);
    expect(key).toMatch(/^[A-Za-z0-9_-]{32,}$/);
    const id = /^(\S+) {2}"webshop"/m.exec(minted.stdout)![1]!;
    expect(await status('/api/probe/orders:read', key)).toBe(200);
    expect(await status('/api/probe/catalog:write', key)).toBe(200);
    const lacking = await app.request('/api/probe/orders:write', bearer(key));
    expect(lacking.status).toBe(403);
    expect(await lacking.json()).toMatchObject({ error: { code: 'FORBIDDEN', message: expect.stringContaining('orders:write') } });
    expect(await status('/api/probe/stores/S1', key)).toBe(200);
    expect(await status('/api/probe/stores/S2', key)).toBe(403);

    const list = await apiKey('--list');
    const line = list.stdout.split('\n').find((l) => l.startsWith(id))!;
    expect(line).toContain('"webshop"');
    expect(line).toContain('scopes: orders:read,catalog:write');
    expect(line).toContain('stores: S1');
    expect(line).toContain('revoked: no');
    expect(list.stdout).not.toContain(key);

    const revoked = await apiKey('--revoke', id);
    expect(revoked.stdout).toContain(`revoked integration ${id}`);
    const refused = await app.request('/api/probe/orders:read', bearer(key));
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    expect((await apiKey('--list')).stdout.split('\n').find((l) => l.startsWith(id))).toMatch(/revoked: \d{4}-/);
  });

  it('without --scopes or --stores a key may do everything for every store; --webhook sets the URL and prints a new secret last', async () => {
    const minted = await apiKey('marketplace');
    const key = lastLine(minted.stdout);
    const id = /^(\S+) {2}"marketplace"/m.exec(minted.stdout)![1]!;
    expect(minted.stdout).toContain('scopes: orders:read,orders:write,catalog:read,catalog:write,stores:write');
    expect(minted.stdout).toContain('stores: all');
    for (const path of ['/api/probe/orders:read', '/api/probe/orders:write', '/api/probe/catalog:write', '/api/probe/stores/S3']) {
      expect(await status(path, key)).toBe(200);
    }
    const webhook = await apiKey('--webhook', 'https://shop.example/hooks/vitrine', '--id', id);
    expect(lastLine(webhook.stdout)).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect((await apiKey('--list')).stdout).toContain('webhook: https://shop.example/hooks/vitrine');
  });

  it('refuses bad input with a one-line reason and exit code 1', async () => {
    await expect(apiKey('webshop', '--scopes', 'orders:delete')).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('unknown scope "orders:delete"'),
    });
    await expect(apiKey('webshop', '--stores', 'S9')).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('no store "S9"') });
    await expect(apiKey('--revoke', 'no-such-id')).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('no integration "no-such-id"') });
  });
});

describe('requireIntegration', () => {
  it('answers 401 without a key, for an unknown key, and for a revoked key from the next request on', async () => {
    expect((await app.request('/api/probe/orders:read')).status).toBe(401);
    expect(await status('/api/probe/orders:read', 'vitrine_not-a-real-key-0000000000000000000000000')).toBe(401);
    const { apiKey: key, integration } = await mintKey(server.store);
    expect(await status('/api/probe/orders:read', key)).toBe(200);
    await revokeIntegration(server.store, integration.id, { clock: systemClock });
    expect(await status('/api/probe/orders:read', key)).toBe(401);
  });

  it('a device token is refused on integration routes, and an integration key on /sync', async () => {
    const device = await server.enroll('S1');
    const onIntegrationRoute = await app.request('/api/probe/orders:read', bearer(device));
    expect(onIntegrationRoute.status).toBe(403);
    expect(await onIntegrationRoute.json()).toMatchObject({ error: { code: 'FORBIDDEN', message: expect.stringContaining('device tokens') } });

    const { apiKey: key } = await mintKey(server.store);
    const pull = await syncClient(server.url, key).pull('products');
    expect(pull.status).toBe(401);
    expect(pull.body).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    expect((await syncClient(server.url, device).pull('products')).status).toBe(200);
  });
});
