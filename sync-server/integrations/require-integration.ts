import type { MiddlewareHandler } from 'hono';
import {
  DomainError,
  ErrorCode,
  integrationHasScope,
  integrationMayServeStore,
  type Integration,
  type IntegrationScope,
} from '../../src/domain/index.js';
import { bearerToken, hashSecret } from '../auth/tokens.js';
import type { SyncStore } from '../store/store.js';
import { findIntegrationByKey } from './registry.js';

export type IntegrationEnv = { Variables: { integration: Integration } };

/**
 * Guards an integration route (`/api/...` called by the e-commerce platform): `Authorization: Bearer <API key>` of
 * an unrevoked integration holding `scope`. Unknown or revoked key → 401; a device token → 403 (devices never call
 * these routes); missing scope → 403. Every request reads the key's row, so a revocation by the CLI holds at once on
 * every instance. Integration keys never pass `/sync` (requireDevice knows only device tokens).
 */
export function requireIntegration(store: SyncStore, scope: IntegrationScope): MiddlewareHandler<IntegrationEnv> {
  return async (c, next) => {
    const key = bearerToken(c.req.header('Authorization'));
    if (!key) throw new DomainError(ErrorCode.UNAUTHENTICATED, 'missing "Authorization: Bearer <API key>"; mint one with npm run api-key');
    const found = await findIntegrationByKey(store, key);
    if (!found) {
      if (await store.findDeviceByTokenHash(hashSecret(key))) {
        throw new DomainError(ErrorCode.FORBIDDEN, 'device tokens cannot call integration routes; use an integration API key');
      }
      throw new DomainError(ErrorCode.UNAUTHENTICATED, 'unknown API key');
    }
    if (found.revokedAt) throw new DomainError(ErrorCode.UNAUTHENTICATED, 'this API key was revoked; ask for a new one');
    if (!integrationHasScope(found, scope)) throw new DomainError(ErrorCode.FORBIDDEN, `this API key lacks the scope "${scope}"`);
    const { id, name, scopes, stores } = found;
    c.set('integration', { id, name, scopes, stores });
    await next();
  };
}

/** Refuses (403) a request about a store the integration may not serve; `path` names the offending field. */
export function assertMayServeStore(integration: Integration, storeId: string, path = 'storeId'): void {
  if (integrationMayServeStore(integration, storeId)) return;
  const message = `this integration may not serve store ${storeId}`;
  throw new DomainError(ErrorCode.FORBIDDEN, message, [{ path, message }]);
}
