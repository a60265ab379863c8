import { Hono } from 'hono';
import { DomainError, systemClock, type IntegrationScope } from '../../src/domain/index.js';
import { statusOf } from '../../sync-server/http/errors.js';
import { createIntegration, type NewIntegration } from '../../sync-server/integrations/registry.js';
import { requireIntegration, type IntegrationEnv } from '../../sync-server/integrations/require-integration.js';
import type { SyncStore } from '../../sync-server/store/store.js';

/**
 * An in-process app over a test server's store with routes guarded by `requireIntegration`, for tests of the
 * integration machinery itself (keys, scopes, idempotency) independent of any one integration route.
 */
export function integrationProbe(store: SyncStore, define: (app: Hono<IntegrationEnv>) => void = () => undefined) {
  const app = new Hono<IntegrationEnv>();
  for (const scope of ['orders:read', 'orders:write', 'catalog:write'] satisfies IntegrationScope[]) {
    app.get(`/api/probe/${scope}`, requireIntegration(store, scope), (c) => c.json({ integration: c.get('integration') }));
  }
  define(app);
  app.onError((error, c) => {
    if (error instanceof DomainError) return c.json(error.toJSON(), statusOf[error.code]);
    throw error;
  });
  return app;
}

export async function mintKey(store: SyncStore, spec: Partial<NewIntegration> = {}) {
  return createIntegration(store, { name: 'webshop', ...spec }, { clock: systemClock });
}

export const bearer = (key: string, extra: Record<string, string> = {}) => ({ headers: { Authorization: `Bearer ${key}`, ...extra } });
