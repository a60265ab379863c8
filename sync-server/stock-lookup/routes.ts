import { Hono } from 'hono';
import { z } from 'zod';
import { SkuSchema } from '../../src/domain/index.js';
import { SkuStockSchema, StyleStockSchema } from '../../src/domain/stock/availability.js';
import type { ResolvedDeps } from '../app.js';
import { requireDevice, type DeviceEnv } from '../auth/device-auth.js';
import { defineRoute, deviceFailures, failure, named, ok } from '../http/route.js';
import { stockOfSku, stockOfStyle } from './query.js';
import { createStoreDirectory } from './store-directory.js';

/** The answers are JSON text already (answer-json.ts). */
const JSON_TYPE = { 'Content-Type': 'application/json; charset=utf-8' };

const StyleCodeSchema = z.string().trim().min(1).max(40).describe("the products' styleCode");

/**
 * GET /api/stock/{sku} and GET /api/stock?style=… (device token): a product's stock in every store of the chain,
 * nearest first from the asking device's store, for "other stores" on the till. Stores see each other's
 * availability and public details (name, hours, distance) only; nothing of their customers, sales or orders.
 */
export function stockLookupRoutes(deps: ResolvedDeps): Hono<DeviceEnv> {
  const routes = new Hono<DeviceEnv>();
  const lookup = { store: deps.store, directory: createStoreDirectory(deps.store) };

  defineRoute(
    routes,
    {
      method: 'get',
      path: '/stock/:sku',
      operationId: 'stockAcrossStores',
      summary: "A SKU's stock in every store of the chain, nearest first",
      description:
        "Every store, the asking device's store included and stores with none (0), ordered by distance from the asking store's coordinates; stores without coordinates last, by name. `openNow` is at the server's time, in each store's time zone.",
      tags: ['stock'],
      auth: 'device',
      middleware: [requireDevice(deps.store)],
      params: z.object({ sku: SkuSchema }),
      responses: {
        200: ok("the SKU's stock per store", named('SkuStock', SkuStockSchema)),
        400: failure('VALIDATION_FAILED: not a SKU'),
        404: failure('NOT_FOUND: no product with this SKU in the catalogue'),
        ...deviceFailures,
      },
    },
    async (c, { params }) => c.body(await stockOfSku(lookup, c.get('device').storeId, params.sku, deps.clock()), 200, JSON_TYPE),
  );

  defineRoute(
    routes,
    {
      method: 'get',
      path: '/stock',
      operationId: 'styleStockAcrossStores',
      summary: 'Every size and colour of a style, each with its stock in every store of the chain',
      description: 'As GET /api/stock/{sku} for each SKU of the style, in SKU order.',
      tags: ['stock'],
      auth: 'device',
      middleware: [requireDevice(deps.store)],
      query: z.object({ style: StyleCodeSchema }),
      responses: {
        200: ok("the style's SKUs, each with its stock per store", named('StyleStock', StyleStockSchema)),
        400: failure('VALIDATION_FAILED: no style given'),
        404: failure('NOT_FOUND: no product of this style in the catalogue'),
        ...deviceFailures,
      },
    },
    async (c, { query }) => c.body(await stockOfStyle(lookup, c.get('device').storeId, query.style, deps.clock()), 200, JSON_TYPE),
  );

  return routes;
}
