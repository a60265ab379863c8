import { Hono } from 'hono';
import { z } from 'zod';
import { ProductSchema, StoreIdSchema, StoreSchema, StoreSettingsSchema } from '../../src/domain/index.js';
import type { ResolvedDeps } from '../app.js';
import { defineRoute, failure, named, ok } from '../http/route.js';
import { assertMayServeStore, requireIntegration, type IntegrationEnv } from '../integrations/require-integration.js';
import { PRODUCTS_BODY_MAX_BYTES, PRODUCTS_PER_PUT, ProductsPutSchema, upsertProducts } from './products.js';
import { saveStore } from './stores.js';

/** Products per page of GET /api/products unless `limit` says otherwise, and the most a page holds. */
export const PRODUCTS_PAGE_DEFAULT = 200;
export const PRODUCTS_PAGE_MAX = 1_000;

const ProductsQuerySchema = z.object({
  cursor: z
    .string()
    .regex(/^\d{1,15}$/, 'must be the nextCursor of the previous page')
    .optional()
    .describe('the `nextCursor` of the previous page; absent for the first page'),
  limit: z.coerce.number().int().min(1).max(PRODUCTS_PAGE_MAX).default(PRODUCTS_PAGE_DEFAULT),
});

const integrationFailures = {
  401: failure('UNAUTHENTICATED: no, unknown or revoked API key'),
  403: failure('FORBIDDEN: a device token, or the key lacks the scope'),
};

/**
 * The catalog and the stores, written by the chain's systems (integration keys, not devices):
 *   PUT /api/products {products: [...]}       → {created, updated, unchanged, pricesRecorded}   (catalog:write)
 *   GET /api/products?cursor=&limit=          → {products, nextCursor}                           (catalog:read)
 *   PUT /api/stores/{id} {settings}           → the store as stored                              (stores:write)
 * Writes replicate to every device like any server write (the `products` and `stores` collections).
 */
export function catalogRoutes(deps: ResolvedDeps): Hono<IntegrationEnv> {
  const routes = new Hono<IntegrationEnv>();

  defineRoute(
    routes,
    {
      method: 'put',
      path: '/products',
      operationId: 'putProducts',
      summary: 'Create or update products, with their prices',
      description:
        `Up to ${PRODUCTS_PER_PUT} products per request, each whole (a product not sent is left as it is; \`active: false\` takes one off sale). ` +
        'The batch is validated before anything is written: one invalid product answers 400 with the path of each bad field (e.g. `products.12.price.amount`) and writes nothing. ' +
        'A product sent unchanged writes nothing; a new price, currency or tax class is kept in the price history. `searchName` is derived by the server.',
      tags: ['catalog'],
      auth: { integration: 'catalog:write' },
      middleware: [requireIntegration(deps.store, 'catalog:write')],
      body: named('ProductsPut', ProductsPutSchema),
      bodyMaxBytes: PRODUCTS_BODY_MAX_BYTES,
      responses: {
        200: ok('what the request changed', z.object({ created: z.int(), updated: z.int(), unchanged: z.int(), pricesRecorded: z.int() })),
        ...integrationFailures,
      },
    },
    async (c, { body }) => {
      const integration = c.get('integration');
      const at = deps.clock().toISOString();
      const summary = await deps.store.transaction((tx) => upsertProducts(tx, body.products, { at, source: `integration:${integration.id}` }));
      deps.logger.info('products upserted', { integrationId: integration.id, ...summary });
      return c.json(summary);
    },
  );

  defineRoute(
    routes,
    {
      method: 'get',
      path: '/products',
      operationId: 'listProducts',
      summary: 'The catalog, a page at a time',
      description:
        'Pages follow the order of the last change: follow `nextCursor` until it is null. A product changed while you page comes again later in the same walk, so the walk ends with every product as it is now.',
      tags: ['catalog'],
      auth: { integration: 'catalog:read' },
      middleware: [requireIntegration(deps.store, 'catalog:read')],
      query: ProductsQuerySchema,
      responses: {
        200: ok('a page of products', z.object({ products: z.array(named('Product', ProductSchema)), nextCursor: z.string().nullable() })),
        400: failure('VALIDATION_FAILED: bad cursor or limit'),
        ...integrationFailures,
      },
    },
    async (c, { query: { cursor, limit } }) => {
      const page = await deps.store.pull({ collection: 'products', storeId: '', afterSeq: cursor ? Number(cursor) : 0, limit });
      const last = page.documents.at(-1);
      const products = page.documents.filter((d) => !d.deleted).map((d) => d.body);
      const nextCursor = last && page.remaining > 0 ? JSON.stringify(String(last.seq)) : 'null';
      return c.body(`{"products":[${products.join(',')}],"nextCursor":${nextCursor}}`, 200, { 'Content-Type': 'application/json; charset=utf-8' });
    },
  );

  defineRoute(
    routes,
    {
      method: 'put',
      path: '/stores/:id',
      operationId: 'putStore',
      summary: "Create or replace a store's settings",
      description:
        'Every setting is sent (a PUT replaces them all). The store must be one the key may serve. The settings replicate to every device through the `stores` collection; the same settings again change nothing.',
      tags: ['stores'],
      auth: { integration: 'stores:write' },
      middleware: [requireIntegration(deps.store, 'stores:write')],
      params: z.object({ id: StoreIdSchema }),
      body: named('StoreSettings', StoreSettingsSchema),
      responses: {
        200: ok('the store as stored (updated or unchanged)', named('Store', StoreSchema)),
        201: ok('the store was created', named('Store', StoreSchema)),
        ...integrationFailures,
        403: failure('FORBIDDEN: a device token, the key lacks the scope, or may not serve this store'),
      },
    },
    async (c, { params, body }) => {
      const integration = c.get('integration');
      assertMayServeStore(integration, params.id, 'id');
      const saved = await deps.store.transaction((tx) => saveStore(tx, { ...body, id: params.id }, { at: deps.clock().toISOString() }));
      if (saved.changed) deps.logger.info('store settings saved', { integrationId: integration.id, storeId: params.id, created: saved.created });
      return c.json(saved.store, saved.created ? 201 : 200);
    },
  );

  return routes;
}
