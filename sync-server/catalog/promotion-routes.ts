import { Hono } from 'hono';
import { z } from 'zod';
import type { ResolvedDeps } from '../app.js';
import { defineRoute, failure, named, ok } from '../http/route.js';
import { requireIntegration, type IntegrationEnv } from '../integrations/require-integration.js';
import { assertPromotionStores, PROMOTIONS_BODY_MAX_BYTES, PROMOTIONS_PER_PUT, PromotionsPutSchema, upsertPromotions } from './promotions.js';

/**
 * Promotions, written by the chain's systems like the catalog:
 *   PUT /api/promotions {promotions: [...]}   → {created, updated, unchanged}   (catalog:write)
 * They replicate to the devices of the stores each names (every store for a chain-wide one): the `promotions`
 * collection. The tills apply them (src/domain/promotion/apply.ts) and the server checks every sale against them.
 */
export function promotionRoutes(deps: ResolvedDeps): Hono<IntegrationEnv> {
  const routes = new Hono<IntegrationEnv>();

  defineRoute(
    routes,
    {
      method: 'put',
      path: '/promotions',
      operationId: 'putPromotions',
      summary: 'Create or update promotions',
      description:
        `Up to ${PROMOTIONS_PER_PUT} promotions per request, each whole (a promotion not sent is left as it is). ` +
        'The batch is validated before anything is written: an invalid promotion, or one naming a store that does not exist, answers 400 with the path of each bad field (e.g. `promotions.3.rule.percentBp`) and writes nothing. ' +
        'The same promotion sent again writes nothing. To end a promotion, set its `validTo`: sales rung up while it ran are still honoured; `active: false` withdraws it, and sales claiming it are refused. ' +
        'Precedence and stacking: item promotions before cart ones; per line the best non-stackable one (ties by `priority`, then `id`), stackable ones on top; never below zero.',
      tags: ['catalog'],
      auth: { integration: 'catalog:write' },
      middleware: [requireIntegration(deps.store, 'catalog:write')],
      body: named('PromotionsPut', PromotionsPutSchema),
      bodyMaxBytes: PROMOTIONS_BODY_MAX_BYTES,
      bodyExample: {
        promotions: [
          {
            id: 'BF-2026-CALCADOS',
            name: 'Black Friday: 20% off shoes',
            stores: ['S1'],
            currency: null,
            validFrom: '2026-11-27T00:00:00-03:00',
            validTo: '2026-11-30T00:00:00-03:00',
            active: true,
            priority: 10,
            stackable: false,
            rule: { kind: 'item_percent', target: { skus: [], categories: ['Calçados'] }, percentBp: 2000 },
          },
        ],
      },
      responses: {
        200: ok('what the request changed', z.object({ created: z.int(), updated: z.int(), unchanged: z.int() })),
        401: failure('UNAUTHENTICATED: no, unknown or revoked API key'),
        403: failure('FORBIDDEN: a device token, the key lacks the scope, or may not serve a store a promotion names'),
      },
    },
    async (c, { body }) => {
      const integration = c.get('integration');
      const summary = await deps.store.transaction(async (tx) => {
        await assertPromotionStores(tx, integration, body.promotions);
        return upsertPromotions(tx, body.promotions);
      });
      deps.logger.info('promotions upserted', { integrationId: integration.id, ...summary });
      return c.json(summary);
    },
  );

  return routes;
}
