import { z } from 'zod';

/**
 * What an e-commerce integration's API key may do. A key minted without `--scopes` gets all of them; routes ask for
 * one with `requireIntegration(scope)` and answer 403 when the key lacks it.
 */
export const INTEGRATION_SCOPES = ['orders:read', 'orders:write', 'catalog:read', 'catalog:write', 'stores:write'] as const;
export const IntegrationScopeSchema = z.enum(INTEGRATION_SCOPES);
export type IntegrationScope = z.infer<typeof IntegrationScopeSchema>;

/** The integration behind a request, as routes see it (never its key or webhook secret). */
export interface Integration {
  id: string;
  name: string;
  scopes: readonly IntegrationScope[];
  /** Store ids it may serve; null = every store, also stores added later. */
  stores: readonly string[] | null;
}

export const integrationHasScope = (integration: Integration, scope: IntegrationScope): boolean => integration.scopes.includes(scope);

export const integrationMayServeStore = (integration: Integration, storeId: string): boolean =>
  integration.stores === null || integration.stores.includes(storeId);
